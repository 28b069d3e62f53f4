#include "memories/memoryedit.h"

#include <QLocale>

QList<QUuid> manualLinkTargets(const MemoryDetail &detail)
{
    QList<QUuid> targets;
    for (const MemoryLink &link : detail.outgoing) {
        if (link.origin == QLatin1String("manual") && !targets.contains(link.targetId))
            targets << link.targetId;
    }
    return targets;
}

bool MemoryEdit::isEmpty() const
{
    return fields().isEmpty();
}

bool MemoryEdit::has(Field field) const
{
    switch (field) {
    case Tags:
        return tags.has_value();
    case Summary:
        return summary.has_value();
    case LongTerm:
        return longTerm.has_value();
    case Core:
        return core.has_value();
    case PriorityOverride:
        return priorityOverride.has_value();
    case Annotation:
        return !annotations.isEmpty();
    case Links:
        return !addLinks.isEmpty() || !removeLinks.isEmpty();
    case FieldCount:
        break;
    }
    return false;
}

QList<MemoryEdit::Field> MemoryEdit::fields() const
{
    QList<Field> result;
    for (int f = 0; f < FieldCount; ++f) {
        if (has(Field(f)))
            result << Field(f);
    }
    return result;
}

MemoryEdit MemoryEdit::inverse(const MemoryDetail &before) const
{
    const Memory &m = before.memory;
    MemoryEdit undo;
    undo.memoryId = memoryId;
    if (tags)
        undo.tags = m.contextTags;
    if (summary)
        undo.summary = m.summary;
    if (longTerm)
        undo.longTerm = m.longTerm;
    if (core)
        undo.core = m.core;
    if (priorityOverride)
        undo.priorityOverride = Override { m.priorityOverride };
    for (auto it = annotations.cbegin(); it != annotations.cend(); ++it) {
        for (const Evaluation &e : before.evaluations) {
            if (e.archetype == it.key())
                undo.annotations.insert(it.key(), e.annotation);
        }
    }
    const QList<QUuid> existing = manualLinkTargets(before);
    for (const QUuid &target : addLinks) {
        if (!existing.contains(target))
            undo.removeLinks << target; // only what this edit really added
    }
    for (const QUuid &target : removeLinks) {
        if (existing.contains(target))
            undo.addLinks << target;
    }
    return undo;
}

MemoryDetail MemoryEdit::appliedTo(MemoryDetail detail) const
{
    Memory &m = detail.memory;
    if (tags)
        m.contextTags = *tags;
    if (summary)
        m.summary = *summary;
    if (longTerm)
        m.longTerm = *longTerm;
    if (core)
        m.core = *core;
    if (priorityOverride)
        m.priorityOverride = priorityOverride->value;
    for (Evaluation &e : detail.evaluations) {
        if (annotations.contains(e.archetype))
            e.annotation = annotations.value(e.archetype);
    }
    const QList<QUuid> existing = manualLinkTargets(detail);
    detail.outgoing.removeIf([this](const MemoryLink &l) {
        return l.origin == QLatin1String("manual") && removeLinks.contains(l.targetId);
    });
    for (const QUuid &target : addLinks) {
        if (existing.contains(target) || removeLinks.contains(target))
            continue;
        MemoryLink link;
        link.sourceId = m.id;
        link.targetId = target;
        link.linkType = QStringLiteral("manual");
        link.origin = QStringLiteral("manual");
        link.strength = 1.0;
        detail.outgoing << link;
    }
    return detail;
}

MemoryEdit MemoryEdit::only(const QList<Field> &keep) const
{
    MemoryEdit edit;
    edit.memoryId = memoryId;
    edit.baseVersion = baseVersion;
    if (keep.contains(Tags))
        edit.tags = tags;
    if (keep.contains(Summary))
        edit.summary = summary;
    if (keep.contains(LongTerm))
        edit.longTerm = longTerm;
    if (keep.contains(Core))
        edit.core = core;
    if (keep.contains(PriorityOverride))
        edit.priorityOverride = priorityOverride;
    if (keep.contains(Annotation))
        edit.annotations = annotations;
    if (keep.contains(Links)) {
        edit.addLinks = addLinks;
        edit.removeLinks = removeLinks;
    }
    return edit;
}

QString MemoryEdit::describe() const
{
    const QList<Field> changed = fields();
    if (changed.size() != 1)
        return tr("Edit memory");
    switch (changed.first()) {
    case Tags:
        return tr("Edit tags");
    case Summary:
        return tr("Edit summary");
    case LongTerm:
        return *longTerm ? tr("Pin as long-term") : tr("Unpin long-term");
    case Core:
        return *core ? tr("Mark as core") : tr("Unmark core");
    case PriorityOverride:
        return priorityOverride->value ? tr("Override priority") : tr("Clear priority override");
    case Annotation:
        return tr("Edit annotation");
    case Links:
        return addLinks.isEmpty() ? tr("Remove link") : removeLinks.isEmpty() ? tr("Add link") : tr("Edit links");
    case FieldCount:
        break;
    }
    return tr("Edit memory");
}

QString MemoryEdit::fieldName(Field field)
{
    switch (field) {
    case Tags:
        return tr("Tags");
    case Summary:
        return tr("Summary");
    case LongTerm:
        return tr("Long-term");
    case Core:
        return tr("Core");
    case PriorityOverride:
        return tr("Priority override");
    case Annotation:
        return tr("Annotations");
    case Links:
        return tr("Manual links");
    case FieldCount:
        break;
    }
    return {};
}

QString MemoryEdit::valueText(Field field, const MemoryDetail &detail)
{
    const Memory &m = detail.memory;
    switch (field) {
    case Tags:
        return m.contextTags.isEmpty() ? tr("(none)") : m.contextTags.join(QLatin1String(", "));
    case Summary:
        return m.summary;
    case LongTerm:
        return m.longTerm ? tr("yes") : tr("no");
    case Core:
        return m.core ? tr("yes") : tr("no");
    case PriorityOverride:
        return m.priorityOverride ? QLocale().toString(*m.priorityOverride, 'f', 3) : tr("(none)");
    case Annotation: {
        QStringList lines;
        for (const Evaluation &e : detail.evaluations)
            lines << QStringLiteral("%1: %2").arg(Archetypes::name(e.archetype), e.annotation);
        return lines.join(QLatin1Char('\n'));
    }
    case Links: {
        QStringList lines;
        for (const QUuid &target : manualLinkTargets(detail))
            lines << target.toString(QUuid::WithoutBraces);
        return lines.isEmpty() ? tr("(none)") : lines.join(QLatin1Char('\n'));
    }
    case FieldCount:
        break;
    }
    return {};
}
