#pragma once

#include "core/workspacepin.h"
#include "db/repository.h"

#include <QFuture>
#include <QMetaObject>
#include <QObject>
#include <QPromise>
#include <QThread>

#include <array>
#include <atomic>
#include <functional>
#include <memory>

class ConnectionMonitor;

// Owns the open workspace's database threads, so the UI thread never runs SQL. Two lanes, each a thread
// with its own connection: Interactive (grid pages, detail loads, small edits, counts: what a person
// waits for) and Background (vector loads, imports, bulk transactions, write-backs: what a task runs).
// A full vector COPY or a long bulk transaction on the background lane never stalls a grid page. Calls
// on one lane run one after another in the order they were posted. A worker opened with one opener has
// one connection that serves both lanes (tests, the command line).
//
// Workspaces: every open() starts a new workspace generation. A call() posted before the switch is
// dropped, and a job the task runner pinned to the old workspace (WorkspacePin) gets an error instead
// of running against the new one.
class DatabaseWorker : public QObject
{
    Q_OBJECT
public:
    enum class Lane { Interactive, Background };
    using Opener = std::function<Result<std::unique_ptr<Repository>>()>;

    explicit DatabaseWorker(QObject *parent = nullptr);
    ~DatabaseWorker() override;

    // Runs `interactive` on the interactive lane's thread and `background` (if given) on the background
    // lane's, and keeps the repositories they return. Fails, keeping neither, if either fails.
    QFuture<Result<void>> open(Opener interactive, Opener background = {});
    void close();
    // The open workspace's generation: changes with every open() and close().
    quint64 generation() const { return m_generation.load(); }
    bool hasBackgroundLane() const { return m_split.load(); }

    // Runs f(Repository&) on the lane's thread. F must return a Result<…>. A call made on a thread the
    // task runner pinned to an earlier workspace fails with Error::Cancelled.
    template<typename F> auto run(F f, Lane lane = Lane::Interactive) -> QFuture<std::invoke_result_t<F, Repository &>>
    {
        using R = std::invoke_result_t<F, Repository &>;
        auto promise = std::make_shared<QPromise<R>>();
        QFuture<R> future = promise->future();
        promise->start();
        const quint64 pinned = WorkspacePin::current();
        const int index = laneIndex(lane);
        QMetaObject::invokeMethod(
            m_lanes[index].context,
            [this, promise, index, pinned, f = std::move(f)]() mutable {
                if (!m_lanes[index].repository)
                    promise->addResult(R(makeError(Error::Database, tr("No workspace is open."))));
                else if (pinned != 0 && pinned != m_generation.load())
                    promise->addResult(R(makeError(Error::Cancelled, switchedMessage())));
                else
                    promise->addResult(f(*m_lanes[index].repository));
                promise->finish();
            },
            Qt::QueuedConnection);
        return future;
    }

    // For jobs on pool threads (never the UI thread): runs f(Repository&) on the background lane and
    // blocks the calling thread until its result is there. Error::Database if the worker closes first.
    template<typename F> auto runAndWait(F f) -> std::invoke_result_t<F, Repository &>
    {
        using R = std::invoke_result_t<F, Repository &>;
        QFuture<R> future = run(std::move(f), Lane::Background);
        future.waitForFinished();
        if (future.resultCount() == 0)
            return R(makeError(Error::Database, tr("The workspace was closed.")));
        return future.takeResult();
    }

    // Runs f(Repository&) on the lane's thread and hands the result to done(result) on `context`'s
    // thread, always through its event queue: never synchronously inside call(), even when the query
    // finished first (QFuture::then(context, …) runs at once in that case, which breaks code that is
    // itself inside a model's begin/end pair). Dropped if `context` is destroyed first, and dropped if
    // another workspace was opened meanwhile (the result belongs to the one that was closed).
    template<typename F, typename Done> void call(QObject *context, F f, Done done, Lane lane = Lane::Interactive)
    {
        using R = std::invoke_result_t<F, Repository &>;
        const quint64 posted = m_generation.load();
        auto guarded = [this, posted, f = std::move(f)](Repository &repository) mutable -> R {
            if (m_generation.load() != posted)
                return R(makeError(Error::Cancelled, switchedMessage()));
            return f(repository);
        };
        run(std::move(guarded), lane).then(context, [this, posted, context, done = std::move(done)](const R &result) mutable {
            QMetaObject::invokeMethod(
                context,
                [this, posted, done = std::move(done), result]() mutable {
                    if (m_generation.load() == posted)
                        done(result);
                },
                Qt::QueuedConnection);
        });
    }

Q_SIGNALS:
    // Emitted from the interactive lane's thread; connections to objects on other threads are queued.
    void changed(const ChangeNotice &notice); // another client (or this one) changed a watched table
    void connectionLost(const QString &message);
    void reconnecting(int attempt, int delayMs, const QString &message);
    void reconnected(); // the connection is back: views should reload what they show

private:
    struct LaneState
    {
        QThread thread;
        QObject *context = nullptr; // lives on thread
        std::unique_ptr<Repository> repository; // touched only on thread
    };

    int laneIndex(Lane lane) const { return lane == Lane::Background && m_split.load() ? 1 : 0; }
    static QString switchedMessage();
    void adopt(std::unique_ptr<Repository> repository); // on the interactive lane's thread
    void release(int index); // on that lane's thread

    std::array<LaneState, 2> m_lanes;
    std::atomic<bool> m_split { false }; // the background lane has its own connection
    std::atomic<quint64> m_generation { 0 };
    ConnectionMonitor *m_monitor = nullptr; // lives on the interactive lane's thread, for remote repositories
};
