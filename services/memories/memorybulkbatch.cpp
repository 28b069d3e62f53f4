// MemoryBulk: batch bookkeeping (memory_batches) and one-click restore of a batch.
#include "db/auditlog.h"
#include "memories/memorybulk.h"
#include "db/repository.h"

#include <QSqlQuery>

QString MemoryBulk::inList(const SqlDialect &dialect, qsizetype count, const QString &prefix)
{
    QStringList names;
    names.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        names << dialect.placeholder(prefix + QString::number(i), SqlDialect::Uuid);
    return QLatin1Char('(') + names.join(QLatin1String(", ")) + QLatin1Char(')');
}

void MemoryBulk::bindIds(QSqlQuery &query, const SqlDialect &dialect, const QList<QUuid> &ids, const QString &prefix)
{
    for (qsizetype i = 0; i < ids.size(); ++i)
        query.bindValue(QLatin1Char(':') + prefix + QString::number(i), dialect.uuid(ids[i]));
}

Result<void> MemoryBulk::recordBatch(Repository &repository, const QUuid &batchId, const QString &kind,
    const QList<QUuid> &ids, const QStringList &reasons, const QString &actor, const QDateTime &at,
    const QDateTime &archivedAt, const QList<double> &previousPriorities)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery query(repository.database());
    query.prepare(d.insertSql(Table::MemoryBatches,
        { { QStringLiteral("batch_id"), SqlDialect::Uuid }, { QStringLiteral("memory_id"), SqlDialect::Uuid },
            { QStringLiteral("kind"), SqlDialect::Text }, { QStringLiteral("reason"), SqlDialect::Text },
            { QStringLiteral("actor"), SqlDialect::Text }, { QStringLiteral("created_at"), SqlDialect::Time },
            { QStringLiteral("archived_at"), SqlDialect::Time },
            { QStringLiteral("previous_priority"), SqlDialect::Real } }));
    for (qsizetype i = 0; i < ids.size(); ++i) {
        query.bindValue(QStringLiteral(":batch_id"), d.uuid(batchId));
        query.bindValue(QStringLiteral(":memory_id"), d.uuid(ids[i]));
        query.bindValue(QStringLiteral(":kind"), kind);
        query.bindValue(QStringLiteral(":reason"), d.text(reasons.size() == 1 ? reasons.first() : reasons.value(i)));
        query.bindValue(QStringLiteral(":actor"), d.text(actor));
        query.bindValue(QStringLiteral(":created_at"), d.time(at));
        query.bindValue(QStringLiteral(":archived_at"), d.time(archivedAt));
        query.bindValue(QStringLiteral(":previous_priority"),
            i < previousPriorities.size() ? d.optionalReal(previousPriorities[i]) : d.optionalReal(std::nullopt));
        if (!query.exec())
            return Repository::queryError(query, tr("Recording the batch"));
    }
    return {};
}

Result<qint64> MemoryBulk::restoreBatch(const QUuid &batchId, const QString &actorName)
{
    const SqlDialect &d = m_repo.dialect();
    const QString actor = actorName.isEmpty() ? AuditLog::defaultActor(m_repo) : actorName;
    const QString batches = d.table(Table::MemoryBatches);
    const QString memories = d.table(Table::Memories);
    const QString batch = d.placeholder(QStringLiteral("batch"), SqlDialect::Uuid);
    qint64 restored = 0;
    Result<void> done = m_repo.inTransaction([&]() -> Result<void> {
        QSqlQuery query(m_repo.database());
        query.prepare(QLatin1String("SELECT kind FROM ") + batches + QLatin1String(" WHERE batch_id = ") + batch
            + QLatin1String(" LIMIT 1"));
        query.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
        if (!query.exec())
            return Repository::queryError(query, tr("Reading the batch"));
        if (!query.next())
            return makeError(Error::NotFound, tr("There is no batch %1.").arg(batchId.toString(QUuid::WithoutBraces)));
        const QString kind = query.value(0).toString();
        const QString now = d.placeholder(QStringLiteral("now"), SqlDialect::Time);
        // The unqualified table name names the row being updated on both backends.
        const QString member = QLatin1String(" FROM ") + batches + QLatin1String(" b WHERE b.batch_id = ") + batch
            + QLatin1String(" AND b.memory_id = memories.id AND b.restored_at IS NULL");
        QString sql;
        if (kind == QLatin1String("prune") || kind == QLatin1String("archive") || kind == QLatin1String("delete")) {
            // Only rows still archived by this batch: one archived again since keeps its newer state.
            sql = QLatin1String("UPDATE ") + memories + QLatin1String(" SET archived_at = NULL, version = version + 1, "
                                                                      "updated_at = ")
                + now + QLatin1String(" WHERE EXISTS (SELECT 1") + member
                + QLatin1String(" AND b.archived_at = memories.archived_at)");
        } else if (kind == QLatin1String("decay")) {
            sql = QLatin1String("UPDATE ") + memories + QLatin1String(" SET priority = (SELECT b.previous_priority")
                + member + QLatin1String("), version = version + 1, updated_at = ") + now
                + QLatin1String(" WHERE EXISTS (SELECT 1") + member + QLatin1String(" AND b.previous_priority IS NOT NULL)");
        } else {
            return makeError(Error::InvalidInput,
                tr("A %1 batch cannot be restored in one click; run the opposite bulk action instead.").arg(kind));
        }
        const QDateTime at = QDateTime::currentDateTimeUtc();
        query.prepare(sql);
        query.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
        query.bindValue(QStringLiteral(":now"), d.time(at));
        if (!query.exec())
            return Repository::queryError(query, tr("Restoring the batch"));
        restored = query.numRowsAffected();
        query.prepare(QLatin1String("UPDATE ") + batches + QLatin1String(" SET restored_at = ") + now
            + QLatin1String(", restored_by = :actor WHERE batch_id = ") + batch
            + QLatin1String(" AND restored_at IS NULL"));
        query.bindValue(QStringLiteral(":now"), d.time(at));
        query.bindValue(QStringLiteral(":actor"), actor);
        query.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
        if (!query.exec())
            return Repository::queryError(query, tr("Marking the batch restored"));
        AuditEntry entry;
        entry.at = at;
        entry.actor = actor;
        entry.action = QStringLiteral("batch_restore");
        entry.entity = AuditLog::BatchEntity;
        entry.entityId = batchId.toString(QUuid::WithoutBraces);
        entry.after = QJsonObject { { QStringLiteral("kind"), kind }, { QStringLiteral("restored"), restored } };
        return m_repo.appendAudit(entry);
    });
    if (!done)
        return done.error();
    return restored;
}
