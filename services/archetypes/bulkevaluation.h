#pragma once

#include "core/canceltoken.h"
#include "archetypes/evaluationoutcome.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QObject>

#include <memory>
#include <optional>

class ArchetypeEvaluator;
class DatabaseWorker;
class TaskControl;
class TaskRunner;

struct BulkEvaluationOptions
{
    QList<QUuid> ids; // empty: every unarchived memory lacking evaluations by this model and prompt version
    bool skipDone = true; // with ids: leave out those already fully evaluated (false: re-evaluate a selection)
    int inFlight = 4; // memories evaluated at the same time
    QString actor = QStringLiteral("sextant");
};

struct BulkEvaluationSummary
{
    int total = 0; // memories the run set out to evaluate
    int evaluated = 0;
    int failed = 0; // invalid twice: recorded in evaluation_failures
    int alreadyDone = 0; // skipped because a full set existed
    int requests = 0;
    int promptTokens = 0;
    int completionTokens = 0;
    qint64 elapsedMs = 0;
    bool cancelled = false;
    std::optional<Error> error; // what stopped the run (network, breaker, database)
};

// Evaluates many memories as one task of the Tasks panel: a few at a time, progress and status, cancel.
// Every memory is written in its own transaction, so a cancel, a pulled plug or a crash leaves each
// memory either fully evaluated or untouched, and a rerun picks up what is missing (memories that failed
// validation are tried again). A transport error (breaker open, 401, connection lost after retries)
// stops the run: the next memories would fail the same way.
// Thread: the UI thread (the evaluator's client lives there); SQL goes through the DatabaseWorker.
class BulkEvaluation : public QObject
{
    Q_OBJECT
public:
    // Nothing is owned; all must outlive the run. `runner` may be null (no Tasks panel entry).
    BulkEvaluation(
        DatabaseWorker &database, ArchetypeEvaluator &evaluator, TaskRunner *runner, QObject *parent = nullptr);

    QCoro::Task<BulkEvaluationSummary> run(BulkEvaluationOptions options);
    bool isRunning() const { return m_running; }
    void cancel(); // in-flight requests are aborted and nothing of theirs is written
    quint64 taskId() const { return m_taskId; }

Q_SIGNALS:
    void progress(int done, int total);
    void memoryEvaluated(const QUuid &id, double priority);
    void memoryFailed(const QUuid &id, const QString &reason);
    void finished(const BulkEvaluationSummary &summary);

private:
    QCoro::Task<QList<Memory>> take(); // the next few memories of m_pending, loaded
    QCoro::Task<void> worker();
    QCoro::Task<bool> handle(const Memory &memory, EvaluationOutcome outcome); // false: stop
    void stop(const Error &error);
    void report();

    DatabaseWorker &m_db;
    ArchetypeEvaluator &m_evaluator;
    TaskRunner *m_runner;
    BulkEvaluationOptions m_options;
    BulkEvaluationSummary m_summary;
    QList<QUuid> m_pending; // ids no worker has taken yet
    int m_done = 0;
    bool m_running = false;
    CancelToken m_cancel;
    std::shared_ptr<TaskControl> m_control;
    quint64 m_taskId = 0;
    QElapsedTimer m_clock;
};
