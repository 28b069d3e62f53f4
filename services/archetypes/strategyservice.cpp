#include "archetypes/strategyservice.h"

#include "ai/embedder.h"
#include "archetypes/priorityqueries.h"
#include "archetypes/reweightbatch.h"
#include "archetypes/strategypreview.h"
#include "archetypes/strategysimulation.h"
#include "archetypes/strategystore.h"
#include "db/auditlog.h"
#include "db/databaseworker.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskrunner.h"

#include <QCoroTask>
#include <QPointer>
#include <QSqlQuery>

#include <algorithm>

namespace {

Error strategyServiceClosed()
{
    return makeError(Error::Cancelled, StrategyService::tr("The strategy service was closed."));
}

Result<qint64> countOf(Repository &r, const QString &sql, const QUuid &batchId = {})
{
    QSqlQuery q(r.database());
    q.prepare(sql);
    if (!batchId.isNull())
        q.bindValue(QStringLiteral(":batch"), r.dialect().uuid(batchId));
    if (!q.exec())
        return Repository::queryError(q, StrategyService::tr("Counting the memories"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

QDateTime decayTime(const QDateTime &pinned)
{
    return pinned.isValid() ? pinned : QDateTime::currentDateTimeUtc();
}

} // namespace

StrategyService::StrategyService(DatabaseWorker *db, TaskRunner *tasks, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_tasks(tasks)
{
}

void StrategyService::setEmbedder(Embedder *embedder)
{
    m_embedder = embedder;
}

void StrategyService::strategies(QObject *context, Reply<QList<WeightingStrategy>> done) const
{
    m_db->call(
        context, [](Repository &r) { return StrategyStore::list(r); }, std::move(done));
}

void StrategyService::save(
    QObject *context, const WeightingStrategy &s, const QString &actor, Reply<WeightingStrategy> done)
{
    QPointer<StrategyService> self(this);
    m_db->call(
        context, [s, actor](Repository &r) { return StrategyStore::save(r, s, actor); },
        [self, done = std::move(done)](const Result<WeightingStrategy> &result) {
            if (result && self)
                Q_EMIT self->strategiesChanged();
            done(result);
        });
}

void StrategyService::remove(QObject *context, const QUuid &id, const QString &actor, Reply<void> done)
{
    QPointer<StrategyService> self(this);
    m_db->call(
        context, [id, actor](Repository &r) { return StrategyStore::remove(r, id, actor); },
        [self, done = std::move(done)](const Result<void> &result) {
            if (result && self)
                Q_EMIT self->strategiesChanged();
            done(result);
        });
}

void StrategyService::priorities(
    QObject *context, const WeightingStrategy &s, int top, double floor, int days, Reply<PriorityOverview> done) const
{
    m_db->call(
        context,
        [s, top, floor, days, at = m_decayAt](Repository &r) -> Result<PriorityOverview> {
            if (Result<void> ok = WeightingStrategy::validate(s); !ok)
                return ok.error();
            return PriorityQueries::overview(r, s.weights, top, floor, days, decayTime(at));
        },
        std::move(done));
}

quint64 StrategyService::startPreview(
    const WeightingStrategy &s, double floor, QObject *context, Reply<StrategyPreview> done)
{
    if (!m_tasks)
        return 0;
    QPointer<StrategyService> self(this);
    return m_tasks->run(
        tr("Preview of the strategy %1").arg(s.name), QStringLiteral("strategies.preview"),
        [self, s, floor](TaskControl &control) -> Result<StrategyPreview> {
            if (!self)
                return strategyServiceClosed();
            return self->preview(s, floor, control);
        },
        context, std::move(done));
}

quint64 StrategyService::startApply(
    const WeightingStrategy &s, const QString &actor, QObject *context, Reply<QUuid> done)
{
    if (!m_tasks)
        return 0;
    QPointer<StrategyService> self(this);
    return m_tasks->run(
        tr("Applying the strategy %1").arg(s.name), QStringLiteral("strategies.apply"),
        [self, s, actor](TaskControl &control) -> Result<QUuid> {
            if (!self)
                return strategyServiceClosed();
            return self->apply(s, actor, control);
        },
        context,
        [self, done = std::move(done)](const Result<QUuid> &result) {
            if (self) {
                Q_EMIT self->prioritiesChanged();
                Q_EMIT self->strategiesChanged(); // which one is applied
            }
            done(result);
        });
}

quint64 StrategyService::startUndo(const QUuid &batchId, const QString &actor, QObject *context, Reply<qint64> done)
{
    if (!m_tasks)
        return 0;
    QPointer<StrategyService> self(this);
    return m_tasks->run(
        tr("Undoing a strategy"), QStringLiteral("strategies.undo"),
        [self, batchId, actor](TaskControl &control) -> Result<qint64> {
            if (!self)
                return strategyServiceClosed();
            return self->undo(batchId, actor, control);
        },
        context,
        [self, done = std::move(done)](const Result<qint64> &result) {
            if (self) {
                Q_EMIT self->prioritiesChanged();
                Q_EMIT self->strategiesChanged();
            }
            done(result);
        });
}

void StrategyService::simulate(QObject *context, const QString &query, bool byMeaning, const WeightingStrategy &s,
    int limit, Reply<SimulationResult> done) const
{
    if (Result<void> ok = WeightingStrategy::validate(s); !ok) {
        m_db->call(
            context, [ok](Repository &) -> Result<SimulationResult> { return ok.error(); }, std::move(done));
        return;
    }
    limit = std::clamp(limit, 1, 1000);
    if (!byMeaning) {
        m_db->call(
            context,
            [query, s, limit, at = m_decayAt](Repository &r) -> Result<SimulationResult> {
                return StrategySimulation::byWords(r, query, s, limit, decayTime(at));
            },
            std::move(done));
        return;
    }
    if (!m_embedder || query.trimmed().isEmpty()) {
        const QString why = !m_embedder ? tr("Searching by meaning needs an embedder; set up the AI endpoint first.")
                                        : tr("Type something to search for.");
        m_db->call(
            context, [why](Repository &) -> Result<SimulationResult> { return makeError(Error::InvalidInput, why); },
            std::move(done));
        return;
    }
    DatabaseWorker *db = m_db;
    QPointer<QObject> guard(context);
    QCoro::connect(m_embedder->embed(QStringList { query }), context,
        [db, guard, s, limit, at = m_decayAt, done = std::move(done)](const Result<QList<Embedding>> &vectors) {
            if (!guard)
                return;
            if (!vectors || vectors->isEmpty()) {
                const Error error = vectors
                    ? makeError(Error::Internal, StrategyService::tr("The embedder returned no vector."))
                    : vectors.error();
                db->call(
                    guard.data(), [error](Repository &) -> Result<SimulationResult> { return error; }, done);
                return;
            }
            const Embedding vector = vectors->first();
            db->call(
                guard.data(),
                [vector, s, limit, at](Repository &r) -> Result<SimulationResult> {
                    return StrategySimulation::nearest(r, vector, s, limit, decayTime(at));
                },
                done);
        });
}

void StrategyService::applications(QObject *context, Reply<QList<StrategyApplication>> done) const
{
    m_db->call(
        context, [](Repository &r) { return StrategyStore::applications(r); }, std::move(done));
}

Result<StrategyPreview> StrategyService::preview(const WeightingStrategy &s, double floor, TaskControl &control) const
{
    if (Result<void> ok = WeightingStrategy::validate(s); !ok)
        return ok.error();
    control.setStatus(tr("Reading every memory's priority"));
    control.setProgress(0.05);
    const QDateTime now = decayTime(m_decayAt);
    Result<PriorityQueries::RankingSnapshot> snapshot
        = m_db->runAndWait([s, now](Repository &r) { return PriorityQueries::rankingSnapshot(r, s.weights, now); },
            control.cancelled());
    if (!snapshot)
        return snapshot.error();
    Result<std::array<double, Archetypes::Count>> today
        = m_db->runAndWait([](Repository &r) { return StrategyStore::appliedWeights(r); });
    if (!today)
        return today.error();
    if (control.isCancelled())
        return makeError(Error::Cancelled, tr("The preview was cancelled."));
    control.setStatus(tr("Ranking %n memories both ways", nullptr, int(snapshot->ids.size())));
    control.setProgress(0.6);
    Result<StrategyPreview> preview = StrategyPreviewer::compare(
        *snapshot, floor, ComparedTop, MovesShown, [&control] { return control.isCancelled(); });
    if (!preview)
        return preview.error();
    preview->strategyId = s.id;

    control.setStatus(tr("Explaining the moves"));
    control.setProgress(0.9);
    QList<QUuid> movers;
    for (const RankMove &m : preview->up + preview->down)
        movers << m.memoryId;
    Result<QList<PriorityQueries::MemoryPriorities>> details
        = m_db->runAndWait([movers](Repository &r) { return PriorityQueries::memoryPriorities(r, movers); });
    if (!details)
        return details.error();
    QHash<QUuid, PriorityQueries::MemoryPriorities> byId;
    for (const PriorityQueries::MemoryPriorities &m : *details)
        byId.insert(m.id, m);
    for (QList<RankMove> *moves : { &preview->up, &preview->down }) {
        for (RankMove &m : *moves) {
            const PriorityQueries::MemoryPriorities &d = byId[m.memoryId];
            m.summary = d.summary;
            m.mainArchetype = StrategyPreviewer::mainArchetype(d, *today, s.weights, moves == &preview->up);
        }
    }
    control.setProgress(1);
    return preview;
}

Result<QUuid> StrategyService::apply(const WeightingStrategy &s, const QString &actorName, TaskControl &control)
{
    if (Result<void> ok = WeightingStrategy::validate(s); !ok)
        return ok.error();
    const QUuid batch = QUuid::createUuid();
    Result<QString> actor = m_db->runAndWait([actorName](Repository &r) -> Result<QString> {
        return actorName.isEmpty() ? AuditLog::defaultActor(r) : actorName;
    });
    if (!actor)
        return actor.error();
    Result<qint64> total = m_db->runAndWait([](Repository &r) {
        return countOf(r, QLatin1String("SELECT COUNT(*) FROM ") + r.dialect().table(Table::Memories));
    });
    if (!total)
        return total.error();
    if (Result<void> begun
        = m_db->runAndWait([batch, s, actor](Repository &r) { return ReweightBatch::begin(r, batch, s, *actor); });
        !begun)
        return begun.error();
    control.setStatus(tr("Recomputing the priorities"));
    QUuid after;
    qint64 changed = 0, covered = 0;
    std::optional<Error> failed;
    while (!control.isCancelled()) {
        Result<ReweightBatch::Chunk> chunk
            = m_db->runAndWait([batch, s, after, actor, size = m_chunkSize](Repository &r) {
                  return ReweightBatch::applyChunk(r, batch, s.weights, after, size, *actor);
              });
        if (!chunk) {
            failed = chunk.error();
            break;
        }
        if (chunk->last.isNull())
            break;
        after = chunk->last;
        changed += chunk->changed;
        covered += m_chunkSize;
        control.setProgress(*total > 0 ? std::min(1.0, double(covered) / double(*total)) : 1.0);
        control.setStatus(tr("Recomputed %n priorities", nullptr, int(changed)));
    }
    const bool finished = !failed && !control.isCancelled();
    Result<void> ended = m_db->runAndWait([batch, s, changed, finished, actor](Repository &r) {
        return ReweightBatch::end(r, batch, s, changed, finished, *actor);
    });
    if (!finished && changed > 0)
        notifyPrioritiesChanged(); // a cancelled task's reply is dropped, but the committed chunks stay
    if (failed) {
        if (changed == 0)
            return *failed;
        // The committed chunks stay: say so, and how to take them back.
        return makeError(failed->code,
            tr("%1 The apply stopped after %n priorities; undo batch %2 to restore them.", nullptr, int(changed))
                .arg(failed->message, batch.toString(QUuid::WithoutBraces)));
    }
    if (!ended)
        return ended.error();
    if (!finished)
        return makeError(Error::Cancelled,
            tr("The apply was cancelled after %n priorities; undo batch %1 to restore them.", nullptr, int(changed))
                .arg(batch.toString(QUuid::WithoutBraces)));
    control.setProgress(1);
    return batch;
}

Result<qint64> StrategyService::undo(const QUuid &batchId, const QString &actorName, TaskControl &control)
{
    Result<QString> actor = m_db->runAndWait([batchId, actorName](Repository &r) -> Result<QString> {
        if (Result<void> ok = ReweightBatch::checkUndoable(r, batchId); !ok)
            return ok.error();
        return actorName.isEmpty() ? AuditLog::defaultActor(r) : actorName;
    });
    if (!actor)
        return actor.error();
    Result<qint64> total = m_db->runAndWait([batchId](Repository &r) {
        return countOf(r,
            QLatin1String("SELECT COUNT(*) FROM ") + r.dialect().table(Table::MemoryBatches)
                + QLatin1String(" WHERE batch_id = ")
                + r.dialect().placeholder(QStringLiteral("batch"), SqlDialect::Uuid)
                + QLatin1String(" AND restored_at IS NULL"),
            batchId);
    });
    if (!total)
        return total.error();
    control.setStatus(tr("Restoring the priorities"));
    QUuid after;
    qint64 restored = 0;
    std::optional<Error> failed;
    while (!control.isCancelled()) {
        Result<ReweightBatch::Chunk> chunk
            = m_db->runAndWait([batchId, after, actor, size = m_chunkSize](Repository &r) {
                  return ReweightBatch::undoChunk(r, batchId, after, size, *actor);
              });
        if (!chunk) {
            failed = chunk.error();
            break;
        }
        if (chunk->last.isNull())
            break;
        after = chunk->last;
        restored += chunk->changed;
        control.setProgress(*total > 0 ? std::min(1.0, double(restored) / double(*total)) : 1.0);
    }
    const bool finished = !failed && !control.isCancelled();
    Result<void> ended = m_db->runAndWait([batchId, restored, finished, actor](Repository &r) {
        return ReweightBatch::endUndo(r, batchId, restored, finished, *actor);
    });
    if (!finished && restored > 0)
        notifyPrioritiesChanged();
    if (failed)
        return *failed;
    if (!ended)
        return ended.error();
    if (!finished)
        return makeError(Error::Cancelled,
            tr("The undo was cancelled after %n priorities; undo again to restore the rest.", nullptr, int(restored)));
    control.setProgress(1);
    return restored;
}

void StrategyService::notifyPrioritiesChanged()
{
    // Called from a pool thread: the signal goes out on the service's own thread.
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT prioritiesChanged(); }, Qt::QueuedConnection);
}
