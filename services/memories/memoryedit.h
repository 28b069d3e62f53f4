#pragma once

#include "core/memory.h"

#include <QCoreApplication>
#include <QMap>
#include <QMetaType>
#include <QUuid>

#include <optional>

// One operator's change to one memory, as values: every field is optional and only the set ones are
// written. It crosses threads by value. `baseVersion` is the memory's version the operator saw; a save
// against any other stored version is a conflict (see MemoryEditor).
struct MemoryEdit
{
    Q_DECLARE_TR_FUNCTIONS(MemoryEdit)

public:
    enum Field { Tags, Summary, LongTerm, Core, PriorityOverride, Annotation, Links, FieldCount };

    // An override to set (a value) or to clear (nullopt).
    struct Override
    {
        std::optional<double> value;
        bool operator==(const Override &) const = default;
    };

    QUuid memoryId;
    int baseVersion = 0;
    std::optional<QStringList> tags;
    std::optional<QString> summary;
    std::optional<bool> longTerm;
    std::optional<bool> core;
    std::optional<Override> priorityOverride;
    QMap<int, QString> annotations; // archetype → new annotation
    QList<QUuid> addLinks; // manual links from this memory to these
    QList<QUuid> removeLinks; // manual links from this memory to these

    bool isEmpty() const;
    bool has(Field field) const;
    QList<Field> fields() const;

    // The edit that puts back what `before` holds for the same fields (links: added ↔ removed).
    MemoryEdit inverse(const MemoryDetail &before) const;
    // This edit's fields applied to `detail`, as a save would leave them (for previews and tests).
    MemoryDetail appliedTo(MemoryDetail detail) const;
    // Only `fields` of this edit; the rest unset.
    MemoryEdit only(const QList<Field> &fields) const;

    // A short sentence for the undo stack and the audit history ("Edit tags", "Pin as long-term").
    QString describe() const;
    static QString fieldName(Field field);
    // The field's value in `detail` as readable text, for the conflict dialog (annotations and links
    // are listed one per line).
    static QString valueText(Field field, const MemoryDetail &detail);
};

// The manual links of a memory (outgoing, origin "manual"): what the Links field of an edit changes.
QList<QUuid> manualLinkTargets(const MemoryDetail &detail);

Q_DECLARE_METATYPE(MemoryEdit)
