#pragma once

#include "core/result.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskinfo.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

class QThreadPool;

// Runs long computations on its own thread pool as tasks the user can follow and cancel. Lives on the
// UI thread; call every member from that thread. Jobs run on pool threads, so they must work on value
// snapshots and never touch widgets or their context object.
//
// Contract of run(): done(result) is called once, on `context`'s thread and never from inside run(),
// when the job returned a value or an error, unless the task was cancelled or superseded meanwhile or
// `context` is gone: then the result is dropped and done is not called (TaskInfo says what happened).
// A task whose context is destroyed is cancelled.
class TaskRunner : public QObject
{
    Q_OBJECT
public:
    static constexpr int KeepFinished = 100; // finished records kept for the Tasks panel
    static constexpr int PublishIntervalMs = 100; // how often progress and elapsed time are published

    // A pool of QThread::idealThreadCount() threads, owned by the runner.
    explicit TaskRunner(QObject *parent = nullptr);
    ~TaskRunner() override; // cancels every task and waits for the pool

    // Job: Result<T>(TaskControl &) on a pool thread. Done: void(Result<T>) on context's thread.
    // A non-empty key makes the task re-runnable: starting another task with the same key cancels
    // this one (state Superseded) and its result is never delivered, even if its job ignores the
    // cancellation. Exceptions thrown by the job become Error::Internal. Returns the task id.
    template<typename Job, typename Done>
    quint64 run(const QString &name, const QString &key, Job job, QObject *context, Done done)
    {
        using R = std::invoke_result_t<Job &, TaskControl &>;
        // Shared, so that move-only jobs (capturing a matrix, say) fit in std::function.
        auto slot = std::make_shared<R>();
        auto jobPtr = std::make_shared<Job>(std::move(job));
        auto donePtr = std::make_shared<Done>(std::move(done));
        Work work = [jobPtr, slot](TaskControl &control) -> std::optional<Error> {
            try {
                *slot = (*jobPtr)(control);
            } catch (const std::exception &e) {
                *slot = R(makeError(Error::Internal, QString::fromLocal8Bit(e.what())));
            }
            return slot->ok() ? std::nullopt : std::optional<Error>(slot->error());
        };
        Delivery deliver = [slot, donePtr] { (*donePtr)(std::move(*slot)); };
        return start(name, key, std::move(work), context, std::move(deliver));
    }

    // A task whose work runs elsewhere, typically network coroutines on this thread: the caller reports
    // progress and status through `control`, polls control->isCancelled() (onCancel, if given, is also
    // called from the event loop when the user cancels) and ends it with end(). Shown like any other task.
    struct ExternalTask
    {
        quint64 id = 0;
        std::shared_ptr<TaskControl> control;
    };
    ExternalTask begin(const QString &name, const QString &key = QString(), std::function<void()> onCancel = {});
    // Finished, Failed (error) or Cancelled (cancel was requested, or error is Error::Cancelled).
    void end(quint64 id, const std::optional<Error> &error = std::nullopt);

    void cancel(quint64 id);
    void cancelAll();
    // The open workspace (DatabaseWorker::generation()). Tasks started from now on are pinned to it: their
    // database calls fail once another workspace is open (WorkspacePin). Switching cancels every task
    // pinned to another workspace and drops its result, as a superseded task's.
    void setWorkspace(quint64 workspace);
    quint64 workspace() const { return m_workspace; }
    // Blocks until every job has returned (after cancelAll(): within ~200 ms); false on timeout.
    bool waitForDone(int msecs = -1);
    void clearFinished(); // forgets every record of a task that has ended

    QList<TaskInfo> tasks() const; // oldest first
    TaskInfo task(quint64 id) const; // id 0 if unknown
    int activeCount() const { return m_activeCount; }
    QThreadPool *pool() const { return m_pool; }

Q_SIGNALS:
    void taskAdded(const TaskInfo &task);
    void taskChanged(const TaskInfo &task); // progress, status, state, elapsed time
    void taskFinished(const TaskInfo &task); // after taskChanged, once it reached a final state
    void taskRemoved(quint64 id);
    void activeCountChanged(int count);

private:
    using Work = std::function<std::optional<Error>(TaskControl &)>;
    using Delivery = std::function<void()>;

    struct Entry
    {
        TaskInfo info;
        std::shared_ptr<TaskControl> control;
        QPointer<QObject> context;
        Delivery deliver;
        QMetaObject::Connection contextWatch;
        bool superseded = false;
        std::function<void()> onCancel; // external tasks only
        qint64 startedSteadyMs = 0;
        quint64 workspace = 0; // pinned to; 0 = none
    };

    quint64 add(const QString &name, const QString &key, QObject *context, Delivery deliver); // records it
    void announce(); // after add(): tells the views, starts the tick
    quint64 start(const QString &name, const QString &key, Work work, QObject *context, Delivery deliver);
    void cancel(quint64 id, bool superseded);
    std::vector<quint64> activeIds(const QString &key = QString()) const; // null key: all
    void finish(quint64 id, const std::optional<Error> &error); // the job has returned (or never will)
    void publish(); // the tick: copies progress, status and elapsed time from running jobs
    bool refresh(Entry &entry); // true if anything visible changed
    void prune();
    void setActiveCount(int count);
    Entry *find(quint64 id);

    QThreadPool *m_pool;
    std::vector<Entry> m_entries; // oldest first; a few hundred at most
    QHash<QString, quint64> m_latestByKey; // the generation of each key: only its newest task delivers
    QTimer m_tick;
    quint64 m_nextId = 1;
    quint64 m_workspace = 0;
    int m_activeCount = 0;
};
