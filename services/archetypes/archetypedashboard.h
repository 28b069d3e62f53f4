#pragma once

#include "archetypes/dashboardrecords.h"
#include "archetypes/evaluationoutcome.h"
#include "core/reply.h"
#include "memories/memoryfilter.h"

#include <QObject>
#include <QUuid>

class ArchetypeEvaluator;
class DatabaseWorker;
class TaskRunner;

// What the archetype dashboards ask of the workspace (issue 19). Lives on the UI thread; holds the database
// worker and task runner it is given (not owned).
//
// Reply calls run one database call on the worker's interactive lane and answer on `context`'s thread; task
// calls (startDrift, startRetry) run on the task runner with progress and cancel and return the task id (0
// without a runner). Errors: Result with a translated sentence (InvalidInput for an archetype or metric out
// of range, Database for what the server refused).
//
// Aggregates run in the database (GROUP BY, and width_bucket / percentile_cont on PostgreSQL); SQLite
// answers counts, sums and bins in SQL and the quartiles with one ordered pass per metric. Drift reads the two
// windows' values of one metric at a time (never all evaluations at once) and computes the exact KS D on them.
class ArchetypeDashboardService : public QObject
{
    Q_OBJECT
public:
    ArchetypeDashboardService(DatabaseWorker *db, TaskRunner *tasks, QObject *parent = nullptr);
    ~ArchetypeDashboardService() override;

    // The evaluator startRetry uses (not owned; null: retry fails with a sentence).
    void setEvaluator(ArchetypeEvaluator *evaluator);

    void overview(QObject *context, int windowDays, Reply<ArchetypeOverview> done) const;
    // Invalid dates = the full history. metric −1 = influence.
    void series(QObject *context, int archetype, int metric, const QDate &from, const QDate &to,
        Reply<MetricSeries> done) const;
    // 6 rows: metrics 0..3, Priority, Confidence, over the memories `filter` selects.
    void distributions(
        QObject *context, const MemoryFilter &filter, int archetype, Reply<QList<MetricDistribution>> done) const;
    // A task; rows sorted by strength, strongest first.
    quint64 startDrift(const DriftRequest &request, QObject *context, Reply<QList<DriftRow>> done);
    void monitor(QObject *context, Reply<QList<EvaluationMonitorRow>> done) const;
    // archetype −1 = all; newest first.
    void failures(QObject *context, int archetype, int limit, Reply<QList<EvaluationFailure>> done) const;
    // Re-evaluates the memories as a task with the evaluator; answers with the number evaluated.
    quint64 startRetry(const QList<QUuid> &memoryIds, QObject *context, Reply<int> done);

Q_SIGNALS:
    // The evaluations changed (NOTIFY on PostgreSQL, this process's own writes on SQLite): refresh what is shown.
    void evaluationsChanged();

private:
    DatabaseWorker *m_db;
    TaskRunner *m_tasks;
    ArchetypeEvaluator *m_evaluator = nullptr;
};
