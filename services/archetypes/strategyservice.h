#pragma once

#include "archetypes/strategyrecords.h"
#include "core/reply.h"

#include <QObject>

#include <algorithm>

class DatabaseWorker;
class Embedder;
class TaskControl;
class TaskRunner;

// Weighting strategies and memory priority (issue 19, items 5–7): what the Archetypes page asks about
// priorities. Lives on the UI thread; holds the database worker and task runner it is given (not owned).
//
// Reply calls run one database call on the worker's interactive lane and answer on `context`'s thread.
// Task calls (startPreview, startApply, startUndo) run on the task runner's pool with progress and cancel
// and return the task id (0 without a runner); their synchronous bodies are public for tests and must run
// on a pool thread. Errors: Result with a translated sentence; a refused strategy writes nothing; on
// PostgreSQL the database refuses writes to roles below admin (Error::Database, said in a sentence).
//
// Priorities under a strategy come from one SQL pivot of evaluations.archetype_priority per memory (GROUP
// BY memory); decay is PRODUCT.md's (Archetypes::decayedPriority, from the later of last access and the
// last decay pass). A memory without evaluations keeps its stored priority under every strategy; one with
// some archetypes evaluated is weighted over those. An operator's priority_override wins in every ranking,
// as it does in the grid.
class StrategyService : public QObject
{
    Q_OBJECT
public:
    static constexpr int ComparedTop = 1000; // the preview compares today's and the proposed top 1,000
    static constexpr int MovesShown = 20;
    static constexpr int ApplyChunk = 5000; // memories per transaction of an apply or undo

    StrategyService(DatabaseWorker *db, TaskRunner *tasks, QObject *parent = nullptr);

    // The embedder a simulation by meaning uses (not owned; it must outlive the calls). Without one,
    // simulate(byMeaning = true) fails with a sentence saying so.
    void setEmbedder(Embedder *embedder);
    // Memories per transaction of an apply or undo (ApplyChunk unless a test wants many small ones).
    void setChunkSize(int size) { m_chunkSize = std::max(1, size); }
    // The moment priorities decay to; invalid (the default) means the current time at each call. Tests pin
    // it so their expected decayed priorities are exact.
    void setDecayTime(const QDateTime &at) { m_decayAt = at; }

    void strategies(QObject *context, Reply<QList<WeightingStrategy>> done) const; // built-in first
    // Validates first (nothing written when refused); a null id inserts, another id updates. Names are unique.
    void save(QObject *context, const WeightingStrategy &s, const QString &actor, Reply<WeightingStrategy> done);
    void remove(QObject *context, const QUuid &id, const QString &actor, Reply<void> done);
    // The `top` memories by decayed priority under `s`, with contributions; the counts of all, long-term and
    // core (unarchived) memories; at most `top` memories whose decayed priority falls under `floor` within
    // `days` days, soonest first.
    void priorities(QObject *context, const WeightingStrategy &s, int top, double floor, int days,
        Reply<PriorityOverview> done) const;
    quint64 startPreview(
        const WeightingStrategy &s, double floor, QObject *context, Reply<StrategyPreview> done); // never writes
    // Recomputes every evaluated memory's stored priority under `s` in chunks of ApplyChunk, all in one
    // memory_batches batch (kind 'reweight', previous_priority) and one audit entry; returns the batch id.
    // Cancelled between chunks, the committed chunks stay as a consistent, undoable partial batch (the
    // application is recorded as not finished, and the applied strategy does not change).
    quint64 startApply(const WeightingStrategy &s, const QString &actor, QObject *context, Reply<QUuid> done);
    // Restores every priority the batch changed, exactly, in chunks; returns the rows restored. Cancelled
    // part-way, the rest stays restorable by another undo. Applications are undone newest first (a sentence
    // names the newer one otherwise, Error::Conflict).
    quint64 startUndo(const QUuid &batchId, const QString &actor, QObject *context, Reply<qint64> done);
    // A search by words (full text) or by meaning (the embedder's nearest neighbours), `limit` memories,
    // ranked by decayed priority today (current) and under `s` (proposed). Never writes.
    void simulate(QObject *context, const QString &query, bool byMeaning, const WeightingStrategy &s, int limit,
        Reply<SimulationResult> done) const;
    // Every application, newest first (the first finished and not undone one is the applied strategy).
    void applications(QObject *context, Reply<QList<StrategyApplication>> done) const;

    // ----- Synchronous bodies (pool threads only) -----
    Result<StrategyPreview> preview(const WeightingStrategy &s, double floor, TaskControl &control) const;
    Result<QUuid> apply(const WeightingStrategy &s, const QString &actor, TaskControl &control);
    Result<qint64> undo(const QUuid &batchId, const QString &actor, TaskControl &control);

Q_SIGNALS:
    void strategiesChanged();
    void prioritiesChanged();

private:
    // prioritiesChanged() from a task body that stopped part-way (its reply, and so the usual signal, may be
    // dropped): queued to the service's thread.
    void notifyPrioritiesChanged();

    DatabaseWorker *m_db;
    TaskRunner *m_tasks;
    Embedder *m_embedder = nullptr;
    int m_chunkSize = ApplyChunk;
    QDateTime m_decayAt;
};
