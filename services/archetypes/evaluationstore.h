#pragma once

#include "archetypes/evaluationoutcome.h"

#include <QCoreApplication>

#include <functional>

class Repository;

// The SQL of the evaluation pipeline, on the repository's own connection (both backends). Use it on the
// repository's thread (DatabaseWorker::run). Not owning; the repository must outlive it.
class EvaluationStore
{
    Q_DECLARE_TR_FUNCTIONS(EvaluationStore)

public:
    explicit EvaluationStore(Repository &repository);

    struct Written
    {
        double previousPriority = 0.0;
        double priority = 0.0;
    };
    // In one transaction: replaces the memory's evaluations by `evaluations` (one per archetype, all eight),
    // sets its priority from their archetype priorities (Archetypes::memoryPriority; priority_override is
    // left alone), moves every archetype state by an EMA weighted by the evaluation's confidence
    // (new = (1 − c)·state + c·metrics, influence = c; an archetype without a state starts at the metrics),
    // appends archetype_state_history, and appends an "evaluate" audit entry. An error leaves nothing.
    Result<Written> write(const QUuid &memoryId, const QList<Evaluation> &evaluations, const QString &actor);

    Result<void> recordFailure(const EvaluationFailure &failure);
    Result<QList<EvaluationFailure>> failures(const QUuid &memoryId); // newest first

    // Ids of unarchived memories without a full set of evaluations by `model` and `promptVersion` (empty:
    // any), newest first; `among` non-empty restricts them to those ids. limit <= 0: all of them.
    Result<QList<QUuid>> memoriesLackingEvaluations(
        int limit, const QString &model, const QString &promptVersion, const QList<QUuid> &among = {});
    // The fields a prompt needs (text, summary, tags, tone), in the order of `ids`; unknown ids are left out.
    Result<QList<Memory>> memoriesForEvaluation(const QList<QUuid> &ids);

    // Tests: called after each step of write() ("evaluations", "priority", "states", "history", "audit");
    // an error it returns aborts the write there, as a failing statement would.
    void setCheckpoint(std::function<Result<void>(const QString &step)> checkpoint)
    {
        m_checkpoint = std::move(checkpoint);
    }

private:
    Result<void> step(const QString &name) const;
    Result<void> updateStates(const QList<Evaluation> &evaluations, const QDateTime &now);
    Result<QDateTime> latestHistory(int archetype);
    QString idList(const QList<QUuid> &ids, qsizetype from, qsizetype count) const; // SQL literal list

    Repository &m_repo;
    std::function<Result<void>(const QString &)> m_checkpoint;
};
