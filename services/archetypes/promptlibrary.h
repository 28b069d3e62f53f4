#pragma once

#include "core/memory.h"
#include "ai/openaitypes.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

// One versioned prompt in one mode, as shipped in resources/prompts/<id>-<version>.json. A value struct.
struct PromptTemplate
{
    QString id; // "archetype-evaluation"
    QString version; // "v1"
    QString mode; // "per-memory" (one request covers all archetypes) | "per-archetype"
    QString title;
    QString description;
    QString system;
    QString user; // with {{archetypes}} {{prompt}} {{reply}} {{summary}} {{tags}} {{tone}}
    QString archetypeBlock; // with {{name}} {{title}} {{tone}} {{guidance}} {{metrics}}
    QJsonObject archetypes; // "Ella-M" -> {tone, guidance, metrics{name -> description}}

    bool isNull() const { return id.isEmpty(); }
    // What evaluations.prompt_version records: "archetype-evaluation-v1/per-memory".
    QString fullVersion() const;
    // The system and user texts with placeholders, for a read-only viewer.
    QString text() const;
};

// The prompts compiled into Sextant (":/prompts"), or those of another folder (tests). Reading is cheap
// and pure: any thread.
class PromptLibrary
{
    Q_DECLARE_TR_FUNCTIONS(PromptLibrary)

public:
    static constexpr const char *PerMemory = "per-memory";
    static constexpr const char *PerArchetype = "per-archetype";

    explicit PromptLibrary(QString folder = QStringLiteral(":/prompts"));

    // Every prompt in every mode, by id, version (numeric order) and mode.
    Result<QList<PromptTemplate>> all() const;
    // An empty version picks the newest one.
    Result<PromptTemplate> find(const QString &id, const QString &mode, const QString &version = {}) const;

    // The chat messages that ask for `archetypes` (Archetypes::Id) about `memory`.
    static QList<ChatMessage> render(const PromptTemplate &prompt, const Memory &memory, const QList<int> &archetypes);

private:
    QString m_folder;
};
