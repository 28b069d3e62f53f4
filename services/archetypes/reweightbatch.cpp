#include "archetypes/reweightbatch.h"

#include "archetypes/priorityqueries.h"
#include "archetypes/strategystore.h"
#include "db/auditlog.h"
#include "db/repository.h"

#include <QJsonArray>
#include <QSqlQuery>

namespace ReweightBatch {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ReweightBatch", text);
}

QString applications(const SqlDialect &d)
{
    return d.eumasObject(QStringLiteral("strategy_applications"));
}

// The upper end of the next chunk: the size-th value of `column` after `after` among the rows `source` (a
// FROM … WHERE … tail) selects, in id order, or null when none is left. The column is compared where the rows
// are read, not through an alias (PostgreSQL does not let WHERE see the select list).
Result<QUuid> nextBound(
    Repository &r, const QString &column, const QString &source, const QUuid &after, const QUuid &batchId, int size)
{
    const SqlDialect &d = r.dialect();
    QSqlQuery q(r.database());
    q.setForwardOnly(true);
    q.prepare(QLatin1String("SELECT k FROM (SELECT ") + column + QLatin1String(" AS k ") + source
        + (after.isNull() ? QString()
                          : QLatin1String(" AND ") + column + QLatin1String(" > ")
                    + d.placeholder(QStringLiteral("after"), SqlDialect::Uuid))
        + QLatin1String(" ORDER BY ") + column + QLatin1String(" LIMIT :size) c ORDER BY k DESC LIMIT 1"));
    if (!after.isNull())
        q.bindValue(QStringLiteral(":after"), d.uuid(after));
    if (source.contains(QLatin1String(":batch")))
        q.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
    q.bindValue(QStringLiteral(":size"), size);
    if (!q.exec())
        return Repository::queryError(q, tr("Finding the next memories"));
    return q.next() ? d.toUuid(q.value(0)) : QUuid();
}

QString range(const SqlDialect &d, const QString &column, const QUuid &after)
{
    return (after.isNull() ? QString()
                           : column + QLatin1String(" > ") + d.placeholder(QStringLiteral("after"), SqlDialect::Uuid)
                       + QLatin1String(" AND "))
        + column + QLatin1String(" <= ") + d.placeholder(QStringLiteral("upto"), SqlDialect::Uuid);
}

void bindRange(QSqlQuery &q, const SqlDialect &d, const QUuid &after, const QUuid &upto)
{
    if (!after.isNull())
        q.bindValue(QStringLiteral(":after"), d.uuid(after));
    q.bindValue(QStringLiteral(":upto"), d.uuid(upto));
}

QJsonObject describe(const WeightingStrategy &s)
{
    QJsonArray weights;
    for (double w : s.weights)
        weights << w;
    return QJsonObject { { QStringLiteral("strategy"), s.name },
        { QStringLiteral("strategy_id"), s.id.isNull() ? QString() : s.id.toString(QUuid::WithoutBraces) },
        { QStringLiteral("weights"), weights } };
}

} // namespace

Result<void> begin(Repository &r, const QUuid &batchId, const WeightingStrategy &s, const QString &actor)
{
    if (Result<void> ok = WeightingStrategy::validate(s); !ok)
        return ok;
    const SqlDialect &d = r.dialect();
    QSqlQuery q(r.database());
    q.prepare(QLatin1String("INSERT INTO ") + applications(d)
        + QLatin1String(
            " (batch_id, strategy_id, strategy_name, weights, actor, applied_at, memories, finished) VALUES (")
        + d.placeholder(QStringLiteral("batch"), SqlDialect::Uuid) + QLatin1String(", ")
        + d.placeholder(QStringLiteral("strategy"), SqlDialect::Uuid) + QLatin1String(", :name, ")
        + d.placeholder(QStringLiteral("weights"), SqlDialect::Json) + QLatin1String(", :actor, ")
        + d.placeholder(QStringLiteral("now"), SqlDialect::Time) + QLatin1String(", 0, ")
        + (d.backend() == SqlDialect::Postgres ? QLatin1String("false") : QLatin1String("0")) + QLatin1Char(')'));
    q.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
    q.bindValue(QStringLiteral(":strategy"), d.uuid(s.id));
    q.bindValue(QStringLiteral(":name"), s.name);
    q.bindValue(QStringLiteral(":weights"), StrategyStore::weightsJson(s.weights));
    q.bindValue(QStringLiteral(":actor"), actor);
    q.bindValue(QStringLiteral(":now"), d.time(QDateTime::currentDateTimeUtc()));
    if (!q.exec())
        return Repository::queryError(q, tr("Recording the application of the strategy"));
    return {};
}

Result<Chunk> applyChunk(Repository &r, const QUuid &batchId, const std::array<double, Archetypes::Count> &weights,
    const QUuid &after, int size, const QString &actor)
{
    const SqlDialect &d = r.dialect();
    const QString memories = d.table(Table::Memories);
    Chunk chunk;
    Result<void> done = r.inTransaction([&]() -> Result<void> {
        Result<QUuid> upto = nextBound(r, QStringLiteral("id"),
            QLatin1String("FROM ") + memories + QLatin1String(" WHERE 1 = 1"), after, batchId, size);
        if (!upto)
            return upto.error();
        chunk.last = *upto;
        if (chunk.last.isNull())
            return {};
        const QString proposed = PriorityQueries::proposedPriority(d, weights);
        const QString now = d.placeholder(QStringLiteral("now"), SqlDialect::Time);
        const QString batch = d.placeholder(QStringLiteral("batch"), SqlDialect::Uuid);
        const QDateTime at = QDateTime::currentDateTimeUtc();
        QSqlQuery q(r.database());
        // previous_priority is copied by the database, so it is exactly the stored double. A memory without
        // evaluations has a NULL proposed priority, and NULL <> x is not true: it keeps its priority.
        q.prepare(QLatin1String("INSERT INTO ") + d.table(Table::MemoryBatches)
            + QLatin1String(" (batch_id, memory_id, kind, reason, actor, created_at, previous_priority) SELECT ")
            + batch + QLatin1String(", m.id, 'reweight', '', :actor, ") + now + QLatin1String(", m.priority FROM ")
            + memories + QLatin1String(" m WHERE ") + range(d, QStringLiteral("m.id"), after) + QLatin1String(" AND ")
            + proposed + QLatin1String(" <> m.priority"));
        q.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
        q.bindValue(QStringLiteral(":actor"), actor);
        q.bindValue(QStringLiteral(":now"), d.time(at));
        bindRange(q, d, after, chunk.last);
        if (!q.exec())
            return Repository::queryError(q, tr("Recording the previous priorities"));
        chunk.changed = q.numRowsAffected();
        if (chunk.changed == 0)
            return {};
        q.prepare(QLatin1String("UPDATE ") + memories + QLatin1String(" AS m SET priority = ") + proposed
            + QLatin1String(", version = version + 1, updated_at = ") + now + QLatin1String(" WHERE ")
            + range(d, QStringLiteral("m.id"), after) + QLatin1String(" AND EXISTS (SELECT 1 FROM ")
            + d.table(Table::MemoryBatches) + QLatin1String(" b WHERE b.batch_id = ") + batch
            + QLatin1String(" AND b.memory_id = m.id)"));
        q.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
        q.bindValue(QStringLiteral(":now"), d.time(at));
        bindRange(q, d, after, chunk.last);
        if (!q.exec())
            return Repository::queryError(q, tr("Writing the new priorities"));
        q.prepare(QLatin1String("UPDATE ") + applications(d)
            + QLatin1String(" SET memories = memories + :n WHERE batch_id = ") + batch);
        q.bindValue(QStringLiteral(":n"), chunk.changed);
        q.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
        if (!q.exec())
            return Repository::queryError(q, tr("Recording the application of the strategy"));
        return {};
    });
    if (!done)
        return done.error();
    return chunk;
}

Result<void> end(Repository &r, const QUuid &batchId, const WeightingStrategy &s, qint64 changed, bool finished,
    const QString &actor)
{
    const SqlDialect &d = r.dialect();
    return r.inTransaction([&]() -> Result<void> {
        QSqlQuery q(r.database());
        q.prepare(QLatin1String("UPDATE ") + applications(d) + QLatin1String(" SET finished = ")
            + d.placeholder(QStringLiteral("finished"), SqlDialect::Bool) + QLatin1String(" WHERE batch_id = ")
            + d.placeholder(QStringLiteral("batch"), SqlDialect::Uuid));
        q.bindValue(QStringLiteral(":finished"), d.boolean(finished));
        q.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
        if (!q.exec())
            return Repository::queryError(q, tr("Recording the application of the strategy"));
        AuditEntry entry;
        entry.actor = actor;
        entry.action = QStringLiteral("strategy_apply");
        entry.entity = AuditLog::BatchEntity; // so each memory's history shows the batch it was in
        entry.entityId = batchId.toString(QUuid::WithoutBraces);
        entry.after = describe(s);
        entry.after.insert(QStringLiteral("kind"), QStringLiteral("reweight"));
        entry.after.insert(QStringLiteral("changed"), changed);
        entry.after.insert(QStringLiteral("finished"), finished);
        return r.appendAudit(entry);
    });
}

Result<void> checkUndoable(Repository &r, const QUuid &batchId)
{
    const SqlDialect &d = r.dialect();
    QSqlQuery q(r.database());
    q.prepare(QLatin1String("SELECT 1 FROM ") + applications(d) + QLatin1String(" WHERE batch_id = ")
        + d.placeholder(QStringLiteral("batch"), SqlDialect::Uuid));
    q.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
    if (!q.exec())
        return Repository::queryError(q, tr("Reading the batch"));
    if (q.next()) {
        // Undone out of order, this batch would put back priorities from before a newer apply while that
        // one's batch still holds the priorities it replaced: neither undo would then restore exactly.
        q.prepare(QLatin1String("SELECT n.strategy_name, n.batch_id FROM ") + applications(d)
            + QLatin1String(" n JOIN ") + applications(d) + QLatin1String(" o ON o.batch_id = ")
            + d.placeholder(QStringLiteral("batch"), SqlDialect::Uuid)
            + QLatin1String(" WHERE n.applied_at > o.applied_at AND n.undone_at IS NULL AND n.memories > 0 "
                            "ORDER BY n.applied_at DESC LIMIT 1"));
        q.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
        if (!q.exec())
            return Repository::queryError(q, tr("Reading the batch"));
        if (q.next())
            return makeError(Error::Conflict,
                tr("The strategy “%1” was applied after this one (batch %2); undo it first.")
                    .arg(q.value(0).toString(), d.toUuid(q.value(1)).toString(QUuid::WithoutBraces)));
        return {};
    }
    q.prepare(QLatin1String("SELECT kind FROM ") + d.table(Table::MemoryBatches) + QLatin1String(" WHERE batch_id = ")
        + d.placeholder(QStringLiteral("batch"), SqlDialect::Uuid) + QLatin1String(" LIMIT 1"));
    q.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
    if (!q.exec())
        return Repository::queryError(q, tr("Reading the batch"));
    if (q.next())
        return makeError(Error::InvalidInput,
            tr("The batch %1 did not apply a weighting strategy; restore it from the memory history instead.")
                .arg(batchId.toString(QUuid::WithoutBraces)));
    return makeError(Error::NotFound, tr("There is no batch %1.").arg(batchId.toString(QUuid::WithoutBraces)));
}

Result<Chunk> undoChunk(Repository &r, const QUuid &batchId, const QUuid &after, int size, const QString &actor)
{
    const SqlDialect &d = r.dialect();
    const QString batches = d.table(Table::MemoryBatches);
    const QString batch = d.placeholder(QStringLiteral("batch"), SqlDialect::Uuid);
    Chunk chunk;
    Result<void> done = r.inTransaction([&]() -> Result<void> {
        Result<QUuid> upto = nextBound(r, QStringLiteral("memory_id"),
            QLatin1String("FROM ") + batches + QLatin1String(" WHERE batch_id = ") + batch
                + QLatin1String(" AND restored_at IS NULL"),
            after, batchId, size);
        if (!upto)
            return upto.error();
        chunk.last = *upto;
        if (chunk.last.isNull())
            return {};
        const QString now = d.placeholder(QStringLiteral("now"), SqlDialect::Time);
        const QDateTime at = QDateTime::currentDateTimeUtc();
        const QString member = QLatin1String(" FROM ") + batches + QLatin1String(" b WHERE b.batch_id = ") + batch
            + QLatin1String(" AND b.memory_id = m.id AND b.restored_at IS NULL");
        QSqlQuery q(r.database());
        // The database copies previous_priority back: the exact double the apply replaced.
        q.prepare(QLatin1String("UPDATE ") + d.table(Table::Memories)
            + QLatin1String(" AS m SET priority = (SELECT b.previous_priority") + member
            + QLatin1String("), version = version + 1, updated_at = ") + now + QLatin1String(" WHERE ")
            + range(d, QStringLiteral("m.id"), after) + QLatin1String(" AND EXISTS (SELECT 1") + member
            + QLatin1String(" AND b.previous_priority IS NOT NULL)"));
        q.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
        q.bindValue(QStringLiteral(":now"), d.time(at));
        bindRange(q, d, after, chunk.last);
        if (!q.exec())
            return Repository::queryError(q, tr("Restoring the priorities"));
        chunk.changed = q.numRowsAffected();
        q.prepare(QLatin1String("UPDATE ") + batches + QLatin1String(" SET restored_at = ") + now
            + QLatin1String(", restored_by = :actor WHERE batch_id = ") + batch + QLatin1String(" AND ")
            + range(d, QStringLiteral("memory_id"), after) + QLatin1String(" AND restored_at IS NULL"));
        q.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
        q.bindValue(QStringLiteral(":now"), d.time(at));
        q.bindValue(QStringLiteral(":actor"), actor);
        bindRange(q, d, after, chunk.last);
        if (!q.exec())
            return Repository::queryError(q, tr("Marking the batch restored"));
        return {};
    });
    if (!done)
        return done.error();
    return chunk;
}

Result<void> endUndo(Repository &r, const QUuid &batchId, qint64 restored, bool finished, const QString &actor)
{
    const SqlDialect &d = r.dialect();
    const QString batch = d.placeholder(QStringLiteral("batch"), SqlDialect::Uuid);
    return r.inTransaction([&]() -> Result<void> {
        QSqlQuery q(r.database());
        const QDateTime at = QDateTime::currentDateTimeUtc();
        if (finished) {
            q.prepare(QLatin1String("UPDATE ") + applications(d) + QLatin1String(" SET undone_at = ")
                + d.placeholder(QStringLiteral("now"), SqlDialect::Time)
                + QLatin1String(", undone_by = :actor WHERE batch_id = ") + batch
                + QLatin1String(" AND undone_at IS NULL"));
            q.bindValue(QStringLiteral(":now"), d.time(at));
            q.bindValue(QStringLiteral(":actor"), actor);
            q.bindValue(QStringLiteral(":batch"), d.uuid(batchId));
            if (!q.exec())
                return Repository::queryError(q, tr("Recording the undo"));
        }
        AuditEntry entry;
        entry.at = at;
        entry.actor = actor;
        entry.action = QStringLiteral("strategy_undo");
        entry.entity = AuditLog::BatchEntity;
        entry.entityId = batchId.toString(QUuid::WithoutBraces);
        entry.after = QJsonObject { { QStringLiteral("kind"), QStringLiteral("reweight") },
            { QStringLiteral("restored"), restored }, { QStringLiteral("finished"), finished } };
        return r.appendAudit(entry);
    });
}

} // namespace ReweightBatch
