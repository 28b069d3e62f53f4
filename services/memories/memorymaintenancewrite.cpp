// MemoryMaintenance: the snapshot and the writes (archive a pruning preview, apply a decay pass).
#include "db/auditlog.h"
#include "memories/memorybulk.h"
#include "memories/memorymaintenance.h"
#include "db/repository.h"

#include <QHash>
#include <QJsonArray>
#include <QSqlQuery>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("MemoryMaintenance", text);
}

constexpr qsizetype Chunk = BulkRequest::DefaultChunkSize;

struct Current
{
    int version = 0;
    bool protectedRow = false;
    bool archived = false;
};

// The rows' state now, to leave alone any that changed since the preview.
Result<QHash<QUuid, Current>> currentState(Repository &repo, const QList<QUuid> &ids)
{
    const SqlDialect &d = repo.dialect();
    QSqlQuery query(repo.database());
    query.setForwardOnly(true);
    query.prepare(QLatin1String("SELECT id, version, long_term, core, archived_at IS NOT NULL FROM ")
        + d.table(Table::Memories) + QLatin1String(" WHERE id IN ") + MemoryBulk::inList(d, ids.size()));
    MemoryBulk::bindIds(query, d, ids);
    if (!query.exec())
        return Repository::queryError(query, tr("Reading the memories to change"));
    QHash<QUuid, Current> state;
    while (query.next())
        state.insert(d.toUuid(query.value(0)),
            Current { query.value(1).toInt(), query.value(2).toBool() || query.value(3).toBool(),
                query.value(4).toBool() });
    return state;
}

QString reasonText(const PruneCandidate &c)
{
    QStringList parts;
    if (c.reasons & PruneCandidate::Old)
        parts << QStringLiteral("old");
    if (c.reasons & PruneCandidate::LowPriority)
        parts << QStringLiteral("low_priority");
    if (c.reasons & PruneCandidate::Duplicate)
        parts << QStringLiteral("duplicate_of:%1@%2")
                     .arg(c.twinId.toString(QUuid::WithoutBraces))
                     .arg(c.similarity, 0, 'f', 4);
    return parts.join(QLatin1Char(','));
}

AuditEntry batchAudit(const QString &action, const QUuid &batchId, const QString &actor, const QDateTime &at,
    const QList<QUuid> &ids, QJsonObject after)
{
    QJsonArray idArray;
    for (const QUuid &id : ids)
        idArray << id.toString(QUuid::WithoutBraces);
    after.insert(QStringLiteral("count"), ids.size());
    after.insert(QStringLiteral("memory_ids"), idArray);
    return AuditEntry { at, actor, action, AuditLog::BatchEntity, batchId.toString(QUuid::WithoutBraces), {}, after };
}
} // namespace

namespace MemoryMaintenance {

Result<MaintenanceSnapshot> loadSnapshot(Repository &repository, bool withEmbeddings, const LoadProgress &progress)
{
    const SqlDialect &d = repository.dialect();
    MaintenanceSnapshot snapshot;
    snapshot.now = QDateTime::currentDateTimeUtc();
    QSqlQuery query(repository.database());
    query.setForwardOnly(true);
    query.prepare(QLatin1String("SELECT m.id, m.summary, m.created_at, m.last_accessed, m.priority, m.priority_override, "
                                "m.long_term, m.core, m.version, (SELECT MAX(b.created_at) FROM ")
        + d.table(Table::MemoryBatches)
        + QLatin1String(" b WHERE b.memory_id = m.id AND b.kind = 'decay' AND b.restored_at IS NULL) FROM ")
        + d.table(Table::Memories) + QLatin1String(" m WHERE m.archived_at IS NULL ORDER BY m.created_at, m.id"));
    if (!query.exec())
        return Repository::queryError(query, tr("Reading the memories for maintenance"));
    while (query.next()) {
        MaintenanceRow row;
        row.id = d.toUuid(query.value(0));
        row.summary = query.value(1).toString();
        row.createdAt = d.toTime(query.value(2));
        const QDateTime accessed = d.toTime(query.value(3));
        const QDateTime decayed = d.toTime(query.value(9));
        row.decayedSince = decayedSince(accessed, decayed);
        row.priority = query.value(4).toDouble();
        row.priorityOverride = d.toOptionalReal(query.value(5));
        row.longTerm = query.value(6).toBool();
        row.core = query.value(7).toBool();
        row.version = query.value(8).toInt();
        snapshot.rows << row;
    }
    if (withEmbeddings) {
        Result<EmbeddingBlock> block = repository.loadEmbeddings(VectorSource::Memories, progress);
        if (!block)
            return block.error();
        snapshot.embeddings = std::move(*block);
    }
    return snapshot;
}

Result<MaintenanceBatch> archive(Repository &repository, const PrunePreview &preview, const QString &actorName)
{
    const SqlDialect &d = repository.dialect();
    const QString actor = actorName.isEmpty() ? AuditLog::defaultActor(repository) : actorName;
    MaintenanceBatch batch;
    batch.batchId = QUuid::createUuid();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // One transaction for the whole batch, so the batch is exactly what was archived, all or nothing.
    Result<void> done = repository.inTransaction([&]() -> Result<void> {
        for (qsizetype from = 0; from < preview.candidates.size(); from += Chunk) {
            const QList<PruneCandidate> part = preview.candidates.mid(from, Chunk);
            QList<QUuid> ids;
            for (const PruneCandidate &c : part)
                ids << c.id;
            Result<QHash<QUuid, Current>> state = currentState(repository, ids);
            if (!state)
                return state.error();
            QList<QUuid> eligible;
            QStringList reasons;
            for (const PruneCandidate &c : part) {
                const Current now = state->value(c.id);
                if (now.version != c.version || now.protectedRow || now.archived) {
                    ++batch.skipped;
                    continue;
                }
                eligible << c.id;
                reasons << reasonText(c);
            }
            if (eligible.isEmpty())
                continue;
            QSqlQuery query(repository.database());
            query.prepare(QLatin1String("UPDATE ") + d.table(Table::Memories) + QLatin1String(" SET archived_at = ")
                + d.placeholder(QStringLiteral("at"), SqlDialect::Time)
                + QLatin1String(", version = version + 1, updated_at = ")
                + d.placeholder(QStringLiteral("now"), SqlDialect::Time) + QLatin1String(" WHERE id IN ")
                + MemoryBulk::inList(d, eligible.size()));
            MemoryBulk::bindIds(query, d, eligible);
            query.bindValue(QStringLiteral(":at"), d.time(now));
            query.bindValue(QStringLiteral(":now"), d.time(now));
            if (!query.exec())
                return Repository::queryError(query, tr("Archiving memories"));
            if (auto r = MemoryBulk::recordBatch(repository, batch.batchId, QStringLiteral("prune"), eligible, reasons,
                    actor, now, now);
                !r)
                return r;
            QJsonObject policy;
            if (preview.policy.olderThanDays)
                policy.insert(QStringLiteral("older_than_days"), *preview.policy.olderThanDays);
            if (preview.policy.belowPriority)
                policy.insert(QStringLiteral("below_priority"), *preview.policy.belowPriority);
            if (preview.policy.duplicateCosine)
                policy.insert(QStringLiteral("duplicate_cosine"), *preview.policy.duplicateCosine);
            if (auto r = repository.appendAudit(batchAudit(QStringLiteral("prune"), batch.batchId, actor, now, eligible,
                    { { QStringLiteral("policy"), policy } }));
                !r)
                return r;
            batch.written += eligible.size();
        }
        return {};
    });
    if (!done)
        return done.error();
    return batch;
}

Result<MaintenanceBatch> applyDecay(Repository &repository, const DecayPreview &preview, const QString &actorName)
{
    const SqlDialect &d = repository.dialect();
    const QString actor = actorName.isEmpty() ? AuditLog::defaultActor(repository) : actorName;
    MaintenanceBatch batch;
    batch.batchId = QUuid::createUuid();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<void> done = repository.inTransaction([&]() -> Result<void> {
        QSqlQuery update(repository.database());
        update.prepare(QLatin1String("UPDATE ") + d.table(Table::Memories)
            + QLatin1String(" SET priority = :priority, version = version + 1, updated_at = ")
            + d.placeholder(QStringLiteral("now"), SqlDialect::Time) + QLatin1String(" WHERE id = ")
            + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid) + QLatin1String(" AND version = :version"));
        for (qsizetype from = 0; from < preview.changes.size(); from += Chunk) {
            const QList<DecayChange> part = preview.changes.mid(from, Chunk);
            QList<QUuid> ids;
            QList<double> previous;
            for (const DecayChange &c : part) {
                update.bindValue(QStringLiteral(":priority"), c.after);
                update.bindValue(QStringLiteral(":now"), d.time(now));
                update.bindValue(QStringLiteral(":id"), d.uuid(c.id));
                update.bindValue(QStringLiteral(":version"), c.version);
                if (!update.exec())
                    return Repository::queryError(update, tr("Writing decayed priorities"));
                if (update.numRowsAffected() != 1) { // changed (or archived, pinned) since the preview
                    ++batch.skipped;
                    continue;
                }
                ids << c.id;
                previous << c.before;
            }
            if (ids.isEmpty())
                continue;
            if (auto r = MemoryBulk::recordBatch(
                    repository, batch.batchId, QStringLiteral("decay"), ids, { QString() }, actor, now, {}, previous);
                !r)
                return r;
            if (auto r = repository.appendAudit(batchAudit(QStringLiteral("decay"), batch.batchId, actor, now, ids, {})); !r)
                return r;
            batch.written += ids.size();
        }
        return {};
    });
    if (!done)
        return done.error();
    return batch;
}

} // namespace MemoryMaintenance
