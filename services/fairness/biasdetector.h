#pragma once

#include "core/result.h"
#include "fairness/biaslexicon.h"
#include "fairness/fairnessrecords.h"

#include <QJsonObject>
#include <QPointer>

class OpenAiClient;
class TaskControl;

// What a detector found in one text.
struct BiasFinding
{
    QList<BiasSpan> spans;
    double score = 0, confidence = 0;
    QStringList categories;
    QString recommendation;
    bool flagged = false;
};

// One interface for the text bias detectors, so a scan runs either or both. detect() runs on a pool thread
// (a scan task). An error means "not checked": the caller must never read it as "no bias".
class BiasDetector
{
public:
    virtual ~BiasDetector() = default;
    virtual QString name() const = 0; // lexicon | llm
    virtual Result<BiasFinding> detect(const QString &text, const QString &entityType, TaskControl &control) = 0;
};

// The word lists (BiasLexicon). Never fails on a text.
class LexiconDetector : public BiasDetector
{
public:
    explicit LexiconDetector(BiasLexicon lexicon)
        : m_lexicon(std::move(lexicon))
    {
    }
    QString name() const override { return QStringLiteral("lexicon"); }
    Result<BiasFinding> detect(const QString &text, const QString &entityType, TaskControl &control) override;

private:
    BiasLexicon m_lexicon;
};

// A chat model through Sextant's OpenAI client with a strict JSON schema (categories, spans, score, confidence,
// recommendation). Fails closed: a transport error, a refusal, a cut-off or malformed answer, a span that is not
// in the text, or no client is an error. The client lives on its own thread (normally the UI thread): each
// request is posted there and the pool thread waits for its answer, polling the task's cancel.
class LlmBiasDetector : public BiasDetector
{
public:
    LlmBiasDetector(OpenAiClient *client, QString model);
    QString name() const override { return QStringLiteral("llm"); }
    Result<BiasFinding> detect(const QString &text, const QString &entityType, TaskControl &control) override;

    // The structured-output schema and the reader of an answer (public for tests).
    static QJsonObject schema();
    static Result<BiasFinding> read(const QJsonObject &answer, const QString &text);
    static QStringList categories(); // the category vocabulary the schema allows

private:
    QPointer<OpenAiClient> m_client;
    QString m_model;
};
