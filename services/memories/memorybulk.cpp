#include "memories/memorybulk.h"
#include "db/auditlog.h"
#include "db/repository.h"

#include <QJsonArray>
#include <QSqlQuery>

QString BulkRequest::kindName(Action action)
{
    static const char *const names[]
        = { "pin", "unpin", "archive", "restore", "delete", "purge", "tag_add", "tag_remove" };
    return QString::fromLatin1(names[action]);
}

void BulkReport::add(const BulkReport &chunk)
{
    requested += chunk.requested;
    changed += chunk.changed;
    unchanged += chunk.unchanged;
    missing += chunk.missing;
    chunks += chunk.chunks;
}

QString BulkReport::describe() const
{
    QString text;
    switch (action) {
    case BulkRequest::Pin:
        text = MemoryBulk::tr("Pinned %n memories as long-term.", nullptr, int(changed));
        break;
    case BulkRequest::Unpin:
        text = MemoryBulk::tr("Unpinned %n memories.", nullptr, int(changed));
        break;
    case BulkRequest::Archive:
        text = MemoryBulk::tr("Archived %n memories.", nullptr, int(changed));
        break;
    case BulkRequest::Restore:
        text = MemoryBulk::tr("Restored %n memories.", nullptr, int(changed));
        break;
    case BulkRequest::SoftDelete:
        text = MemoryBulk::tr("Deleted %n memories (they can be restored).", nullptr, int(changed));
        break;
    case BulkRequest::Purge:
        text = MemoryBulk::tr("Purged %n memories for good.", nullptr, int(changed));
        break;
    case BulkRequest::AddTag:
        text = MemoryBulk::tr("Tagged %n memories.", nullptr, int(changed));
        break;
    case BulkRequest::RemoveTag:
        text = MemoryBulk::tr("Removed the tag from %n memories.", nullptr, int(changed));
        break;
    }
    if (unchanged > 0)
        text += QLatin1Char(' ') + MemoryBulk::tr("%n already were.", nullptr, int(unchanged));
    if (missing > 0)
        text += QLatin1Char(' ') + MemoryBulk::tr("%n no longer exist.", nullptr, int(missing));
    if (cancelled)
        text += QLatin1Char(' ') + MemoryBulk::tr("Cancelled after %1 of %2; the rest is unchanged.")
                                       .arg(changed + unchanged + missing)
                                       .arg(requested);
    return text;
}

MemoryBulk::MemoryBulk(Repository &repository)
    : m_repo(repository)
{
}

Result<BulkReport> MemoryBulk::run(const BulkRequest &request, const std::function<bool(qint64, qint64)> &progress)
{
    BulkReport total;
    total.action = request.action;
    total.batchId = QUuid::createUuid();
    const qsizetype chunk = std::max(1, request.chunkSize);
    for (qsizetype i = 0; i < request.ids.size(); i += chunk) {
        Result<BulkReport> part = applyChunk(request, request.ids.mid(i, chunk), total.batchId);
        if (!part)
            return part.error();
        total.add(*part);
        const qsizetype done = std::min(request.ids.size(), i + chunk);
        if (progress && !progress(done, request.ids.size()) && done < request.ids.size()) {
            total.cancelled = true;
            total.requested = request.ids.size();
            break;
        }
    }
    return total;
}

Result<BulkReport> MemoryBulk::applyChunk(const BulkRequest &request, const QList<QUuid> &ids, const QUuid &batchId)
{
    if ((request.action == BulkRequest::AddTag || request.action == BulkRequest::RemoveTag)
        && request.tag.trimmed().isEmpty())
        return makeError(Error::InvalidInput, tr("Name the tag to add or remove."));
    if (request.action == BulkRequest::Purge) {
        Result<Privileges> privileges = m_repo.privileges();
        if (!privileges)
            return privileges.error();
        if (!privileges->canDeleteMemories)
            return makeError(Error::InvalidInput,
                tr("Purging deletes memories for good and needs an administrator's role; %1 may not delete "
                   "memories. Nothing was purged.")
                    .arg(privileges->user));
    }
    const QString actor = request.actor.isEmpty() ? AuditLog::defaultActor(m_repo) : request.actor;
    BulkReport report;
    report.action = request.action;
    report.batchId = batchId;
    report.requested = ids.size();
    report.chunks = 1;
    Result<void> written = m_repo.inTransaction([&]() -> Result<void> {
        Result<QList<Row>> rows = readRows(ids);
        if (!rows)
            return rows.error();
        report.missing = ids.size() - rows->size();
        QList<Row> changing;
        const QString tag = request.tag.trimmed();
        for (const Row &row : *rows) {
            bool change = false;
            switch (request.action) {
            case BulkRequest::Pin:
                change = !row.longTerm;
                break;
            case BulkRequest::Unpin:
                change = row.longTerm;
                break;
            case BulkRequest::Archive:
            case BulkRequest::SoftDelete:
                change = !row.archived;
                break;
            case BulkRequest::Restore:
                change = row.archived;
                break;
            case BulkRequest::Purge:
                change = true;
                break;
            case BulkRequest::AddTag:
                change = !row.tags.contains(tag);
                break;
            case BulkRequest::RemoveTag:
                change = row.tags.contains(tag);
                break;
            }
            if (change)
                changing << row;
        }
        report.changed = changing.size();
        report.unchanged = rows->size() - changing.size();
        if (changing.isEmpty())
            return {};
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (auto r = write(request, changing, now); !r)
            return r;
        QList<QUuid> changedIds;
        QJsonArray idArray;
        for (const Row &row : changing) {
            changedIds << row.id;
            idArray << row.id.toString(QUuid::WithoutBraces);
        }
        const bool archives = request.action == BulkRequest::Archive || request.action == BulkRequest::SoftDelete;
        if (request.action != BulkRequest::Purge) {
            if (auto r = recordBatch(m_repo, batchId, BulkRequest::kindName(request.action), changedIds,
                    { request.reason }, actor, now, archives ? now : QDateTime());
                !r)
                return r;
        }
        AuditEntry entry;
        entry.at = now;
        entry.actor = actor;
        entry.action = QLatin1String("bulk_") + BulkRequest::kindName(request.action);
        entry.entity = AuditLog::BatchEntity;
        entry.entityId = batchId.toString(QUuid::WithoutBraces);
        entry.after = QJsonObject { { QStringLiteral("count"), changedIds.size() },
            { QStringLiteral("memory_ids"), idArray } };
        if (!request.tag.isEmpty())
            entry.after.insert(QStringLiteral("tag"), tag);
        if (!request.reason.isEmpty())
            entry.after.insert(QStringLiteral("reason"), request.reason);
        return m_repo.appendAudit(entry);
    });
    if (!written)
        return written.error();
    return report;
}

Result<QList<MemoryBulk::Row>> MemoryBulk::readRows(const QList<QUuid> &ids)
{
    QList<Row> rows;
    if (ids.isEmpty())
        return rows;
    const SqlDialect &d = m_repo.dialect();
    QSqlQuery query(m_repo.database());
    query.setForwardOnly(true);
    query.prepare(QLatin1String("SELECT id, long_term, archived_at IS NOT NULL, context_tags FROM ")
        + d.table(Table::Memories) + QLatin1String(" WHERE id IN ") + inList(d, ids.size()));
    bindIds(query, d, ids);
    if (!query.exec())
        return Repository::queryError(query, tr("Reading the selected memories"));
    while (query.next())
        rows << Row { d.toUuid(query.value(0)), query.value(1).toBool(), query.value(2).toBool(),
            d.toTags(query.value(3)) };
    return rows;
}

Result<void> MemoryBulk::write(const BulkRequest &request, const QList<Row> &rows, const QDateTime &now)
{
    const SqlDialect &d = m_repo.dialect();
    QList<QUuid> ids;
    for (const Row &row : rows)
        ids << row.id;
    QSqlQuery query(m_repo.database());
    const QString table = d.table(Table::Memories);
    const QString bump = QLatin1String("version = version + 1, updated_at = ")
        + d.placeholder(QStringLiteral("now"), SqlDialect::Time);
    if (request.action == BulkRequest::AddTag || request.action == BulkRequest::RemoveTag) {
        query.prepare(QLatin1String("UPDATE ") + table + QLatin1String(" SET context_tags = ")
            + d.placeholder(QStringLiteral("tags"), SqlDialect::Tags) + QLatin1String(", ") + bump
            + QLatin1String(" WHERE id = ") + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
        const QString tag = request.tag.trimmed();
        for (const Row &row : rows) {
            QStringList tags = row.tags;
            if (request.action == BulkRequest::AddTag)
                tags << tag;
            else
                tags.removeAll(tag);
            query.bindValue(QStringLiteral(":tags"), d.tags(tags));
            query.bindValue(QStringLiteral(":now"), d.time(now));
            query.bindValue(QStringLiteral(":id"), d.uuid(row.id));
            if (!query.exec())
                return Repository::queryError(query, tr("Changing tags"));
        }
        return {};
    }
    QString sql;
    switch (request.action) {
    case BulkRequest::Pin:
    case BulkRequest::Unpin:
        sql = QLatin1String("UPDATE ") + table + QLatin1String(" SET long_term = :flag, ") + bump;
        break;
    case BulkRequest::Archive:
    case BulkRequest::SoftDelete:
        sql = QLatin1String("UPDATE ") + table + QLatin1String(" SET archived_at = ") + d.placeholder(QStringLiteral("at"), SqlDialect::Time)
            + QLatin1String(", ") + bump;
        break;
    case BulkRequest::Restore:
        sql = QLatin1String("UPDATE ") + table + QLatin1String(" SET archived_at = NULL, ") + bump;
        break;
    case BulkRequest::Purge:
        sql = QLatin1String("DELETE FROM ") + table;
        break;
    default:
        break;
    }
    query.prepare(sql + QLatin1String(" WHERE id IN ") + inList(d, ids.size()));
    bindIds(query, d, ids);
    if (request.action != BulkRequest::Purge)
        query.bindValue(QStringLiteral(":now"), d.time(now));
    if (request.action == BulkRequest::Pin || request.action == BulkRequest::Unpin)
        query.bindValue(QStringLiteral(":flag"), d.boolean(request.action == BulkRequest::Pin));
    if (request.action == BulkRequest::Archive || request.action == BulkRequest::SoftDelete)
        query.bindValue(QStringLiteral(":at"), d.time(now));
    if (!query.exec())
        return Repository::queryError(query, tr("Changing the selected memories"));
    return {};
}
