#include "memories/memoryeditor.h"
#include "db/auditlog.h"
#include "db/repository.h"

#include <QJsonArray>
#include <QSqlQuery>

namespace {
QJsonObject fieldJson(MemoryEdit::Field field, const MemoryDetail &detail, const MemoryEdit &edit)
{
    const Memory &m = detail.memory;
    switch (field) {
    case MemoryEdit::Tags:
        return { { QStringLiteral("tags"), QJsonArray::fromStringList(m.contextTags) } };
    case MemoryEdit::Summary:
        return { { QStringLiteral("summary"), m.summary } };
    case MemoryEdit::LongTerm:
        return { { QStringLiteral("long_term"), m.longTerm } };
    case MemoryEdit::Core:
        return { { QStringLiteral("core"), m.core } };
    case MemoryEdit::PriorityOverride:
        return { { QStringLiteral("priority_override"),
            m.priorityOverride ? QJsonValue(*m.priorityOverride) : QJsonValue(QJsonValue::Null) } };
    case MemoryEdit::Annotation: {
        QJsonObject annotations;
        for (const Evaluation &e : detail.evaluations) {
            if (edit.annotations.contains(e.archetype))
                annotations.insert(Archetypes::name(e.archetype), e.annotation);
        }
        return { { QStringLiteral("annotations"), annotations } };
    }
    case MemoryEdit::Links: {
        QJsonArray targets;
        for (const QUuid &id : manualLinkTargets(detail))
            targets << id.toString(QUuid::WithoutBraces);
        return { { QStringLiteral("manual_links"), targets } };
    }
    case MemoryEdit::FieldCount:
        break;
    }
    return {};
}

QString actionName(MemoryEdit::Field field)
{
    static const char *const names[] = { "edit_tags", "edit_summary", "set_long_term", "set_core",
        "set_priority_override", "edit_annotation", "edit_links" };
    return QString::fromLatin1(names[field]);
}
} // namespace

MemoryEditor::MemoryEditor(Repository &repository, QString actor)
    : m_repo(repository)
    , m_actor(actor.isEmpty() ? AuditLog::defaultActor(repository) : std::move(actor))
{
}

Result<MemorySaveResult> MemoryEditor::save(const MemoryEdit &edit)
{
    if (edit.memoryId.isNull())
        return makeError(Error::InvalidInput, tr("The edit names no memory."));
    bool conflict = false;
    MemorySaveResult result;
    Result<void> written = m_repo.inTransaction([&]() -> Result<void> {
        Result<MemoryDetail> before = m_repo.memoryDetail(edit.memoryId);
        if (!before)
            return before.error();
        if (before->memory.version != edit.baseVersion) {
            conflict = true;
            result.current = *before;
            return {};
        }
        if (auto valid = validate(edit, *before); !valid)
            return valid;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Result<bool> updated = updateRow(edit, now);
        if (!updated)
            return updated.error();
        if (!*updated) { // another connection saved between our read and our write
            conflict = true;
            return makeError(Error::Conflict, tr("The memory changed while saving."));
        }
        if (auto r = updateAnnotations(edit); !r)
            return r;
        if (auto r = updateLinks(edit, *before, now); !r)
            return r;
        if (auto r = audit(edit, *before, now); !r)
            return r;
        Result<MemoryDetail> after = m_repo.memoryDetail(edit.memoryId);
        if (!after)
            return after.error();
        result.current = *after;
        return {};
    });
    if (conflict) {
        result.status = MemorySaveResult::Conflict;
        if (!written || result.current.memory.id.isNull()) {
            Result<MemoryDetail> current = m_repo.memoryDetail(edit.memoryId);
            if (!current)
                return current.error();
            result.current = *current;
        }
        return result;
    }
    if (!written)
        return written.error();
    return result;
}

Result<QList<AuditEntry>> MemoryEditor::history(const QUuid &memoryId, int limit)
{
    return AuditLog(m_repo).memoryHistory(memoryId, limit);
}

Result<void> MemoryEditor::validate(const MemoryEdit &edit, const MemoryDetail &before) const
{
    if (edit.priorityOverride && edit.priorityOverride->value
        && !(*edit.priorityOverride->value >= 0.0 && *edit.priorityOverride->value <= 1.0))
        return makeError(Error::InvalidInput, tr("A priority override must lie between 0 and 1."));
    if (edit.tags) {
        for (const QString &tag : *edit.tags) {
            if (tag.trimmed().isEmpty())
                return makeError(Error::InvalidInput, tr("A tag cannot be empty."));
        }
    }
    for (auto it = edit.annotations.cbegin(); it != edit.annotations.cend(); ++it) {
        const bool evaluated = std::any_of(before.evaluations.cbegin(), before.evaluations.cend(),
            [&it](const Evaluation &e) { return e.archetype == it.key(); });
        if (!evaluated)
            return makeError(Error::InvalidInput,
                tr("%1 has not evaluated this memory, so it has no annotation to edit.")
                    .arg(Archetypes::name(it.key())));
    }
    for (const QUuid &target : edit.addLinks) {
        if (target == edit.memoryId)
            return makeError(Error::InvalidInput, tr("A memory cannot link to itself."));
        Result<MemoryDetail> other = m_repo.memoryDetail(target);
        if (!other)
            return makeError(Error::InvalidInput,
                tr("The link target %1 does not exist.").arg(target.toString(QUuid::WithoutBraces)));
    }
    return {};
}

Result<bool> MemoryEditor::updateRow(const MemoryEdit &edit, const QDateTime &now)
{
    const SqlDialect &d = m_repo.dialect();
    QStringList sets { QStringLiteral("version = version + 1"),
        QLatin1String("updated_at = ") + d.placeholder(QStringLiteral("now"), SqlDialect::Time) };
    if (edit.tags)
        sets << QLatin1String("context_tags = ") + d.placeholder(QStringLiteral("tags"), SqlDialect::Tags);
    if (edit.summary)
        sets << QStringLiteral("summary = :summary");
    if (edit.longTerm)
        sets << QStringLiteral("long_term = :long_term");
    if (edit.core)
        sets << QStringLiteral("core = :core");
    if (edit.priorityOverride)
        sets << QStringLiteral("priority_override = :override");
    QSqlQuery query(m_repo.database());
    query.prepare(QLatin1String("UPDATE ") + d.table(Table::Memories) + QLatin1String(" SET ")
        + sets.join(QLatin1String(", ")) + QLatin1String(" WHERE id = ")
        + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid) + QLatin1String(" AND version = :version"));
    query.bindValue(QStringLiteral(":now"), d.time(now));
    if (edit.tags)
        query.bindValue(QStringLiteral(":tags"), d.tags(*edit.tags));
    if (edit.summary)
        query.bindValue(QStringLiteral(":summary"), d.text(*edit.summary));
    if (edit.longTerm)
        query.bindValue(QStringLiteral(":long_term"), d.boolean(*edit.longTerm));
    if (edit.core)
        query.bindValue(QStringLiteral(":core"), d.boolean(*edit.core));
    if (edit.priorityOverride)
        query.bindValue(QStringLiteral(":override"), d.optionalReal(edit.priorityOverride->value));
    query.bindValue(QStringLiteral(":id"), d.uuid(edit.memoryId));
    query.bindValue(QStringLiteral(":version"), edit.baseVersion);
    if (!query.exec())
        return Repository::queryError(query, tr("Saving the memory"));
    return query.numRowsAffected() == 1;
}

Result<void> MemoryEditor::updateAnnotations(const MemoryEdit &edit)
{
    const SqlDialect &d = m_repo.dialect();
    QSqlQuery query(m_repo.database());
    query.prepare(QLatin1String("UPDATE ") + d.table(Table::Evaluations)
        + QLatin1String(" SET annotation = :annotation WHERE memory_id = ")
        + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid) + QLatin1String(" AND archetype = :archetype"));
    for (auto it = edit.annotations.cbegin(); it != edit.annotations.cend(); ++it) {
        query.bindValue(QStringLiteral(":annotation"), d.text(it.value()));
        query.bindValue(QStringLiteral(":id"), d.uuid(edit.memoryId));
        query.bindValue(QStringLiteral(":archetype"), Archetypes::name(it.key()));
        if (!query.exec())
            return Repository::queryError(query, tr("Saving an annotation"));
    }
    return {};
}

Result<void> MemoryEditor::updateLinks(const MemoryEdit &edit, const MemoryDetail &before, const QDateTime &now)
{
    const SqlDialect &d = m_repo.dialect();
    if (!edit.removeLinks.isEmpty()) {
        QSqlQuery query(m_repo.database());
        query.prepare(QLatin1String("DELETE FROM ") + d.table(Table::Links) + QLatin1String(" WHERE source_id = ")
            + d.placeholder(QStringLiteral("source"), SqlDialect::Uuid) + QLatin1String(" AND target_id = ")
            + d.placeholder(QStringLiteral("target"), SqlDialect::Uuid) + QLatin1String(" AND origin = 'manual'"));
        for (const QUuid &target : edit.removeLinks) {
            query.bindValue(QStringLiteral(":source"), d.uuid(edit.memoryId));
            query.bindValue(QStringLiteral(":target"), d.uuid(target));
            if (!query.exec())
                return Repository::queryError(query, tr("Removing a link"));
        }
    }
    const QList<QUuid> existing = manualLinkTargets(before);
    QList<MemoryLink> added;
    for (const QUuid &target : edit.addLinks) {
        if (existing.contains(target) || edit.removeLinks.contains(target))
            continue;
        MemoryLink link;
        link.sourceId = edit.memoryId;
        link.targetId = target;
        link.linkType = QStringLiteral("manual");
        link.origin = QStringLiteral("manual");
        link.strength = 1.0;
        link.createdAt = now;
        added << link;
    }
    return added.isEmpty() ? Result<void>() : m_repo.insertLinks(added);
}

Result<void> MemoryEditor::audit(const MemoryEdit &edit, const MemoryDetail &before, const QDateTime &now)
{
    const MemoryDetail after = edit.appliedTo(before);
    for (MemoryEdit::Field field : edit.fields()) {
        AuditEntry entry;
        entry.at = now;
        entry.actor = m_actor;
        entry.action = actionName(field);
        entry.entity = AuditLog::MemoryEntity;
        entry.entityId = edit.memoryId.toString(QUuid::WithoutBraces);
        entry.before = fieldJson(field, before, edit);
        entry.after = fieldJson(field, after, edit);
        entry.before.insert(QStringLiteral("version"), before.memory.version);
        entry.after.insert(QStringLiteral("version"), before.memory.version + 1);
        if (auto r = m_repo.appendAudit(entry); !r)
            return r;
    }
    return {};
}
