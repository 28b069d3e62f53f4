#pragma once

#include "core/workspacepin.h"
#include "db/repository.h"
#include "db/stallwatchdog.h"

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
        return post(std::move(f), lane, nullptr);
    }

    // For jobs on pool threads (never the UI thread): runs f(Repository&) on the background lane and
    // blocks the calling thread until its result is there. Error::Database if the worker closes first.
    // `cancelled` (polled every few ms while waiting) is the job's Cancel: a call still queued is dropped, and a
    // statement already running is stopped on the server, or its connection shut if the server does not stop it
    // within StallPolicy::cancelGraceMs (a stall); either way Error::Cancelled, and nothing unfinished is saved.
    template<typename F>
    auto runAndWait(F f, const std::function<bool()> &cancelled = {}) -> std::invoke_result_t<F, Repository &>
    {
        using R = std::invoke_result_t<F, Repository &>;
        auto ticket = std::make_shared<CallTicket>();
        QFuture<R> future = post(std::move(f), Lane::Background, ticket);
        if (!waitFor(*ticket, cancelled, [&future] { return future.isFinished(); }))
            return R(makeError(Error::Cancelled, cancelledMessage()));
        future.waitForFinished();
        if (future.resultCount() == 0)
            return R(makeError(Error::Database, tr("The workspace was closed.")));
        return future.takeResult();
    }

    // How long a PostgreSQL statement may wait in silence before the server is probed (StallWatchdog); any thread.
    void setStallPolicy(const StallPolicy &policy) { m_watchdog.setPolicy(policy); }
    const StallWatchdog &watchdog() const { return m_watchdog; }

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

    // One runAndWait() call, shared by the waiting thread and the lane: whether it started, and its watched id.
    struct CallTicket
    {
        enum State { Queued, Running, Abandoned };
        std::atomic<int> state { Queued };
        std::atomic<quint64> call { 0 };
        int lane = 0;
        bool start()
        {
            int queued = Queued;
            return state.compare_exchange_strong(queued, Running);
        }
    };

    template<typename F>
    auto post(F f, Lane lane, std::shared_ptr<CallTicket> ticket) -> QFuture<std::invoke_result_t<F, Repository &>>
    {
        using R = std::invoke_result_t<F, Repository &>;
        auto promise = std::make_shared<QPromise<R>>();
        QFuture<R> future = promise->future();
        promise->start();
        const quint64 pinned = WorkspacePin::current();
        const int index = laneIndex(lane);
        if (ticket)
            ticket->lane = index;
        QMetaObject::invokeMethod(
            m_lanes[index].context,
            [this, promise, index, pinned, ticket, f = std::move(f)]() mutable {
                Repository *repository = m_lanes[index].repository.get();
                if (!repository)
                    promise->addResult(R(makeError(Error::Database, tr("No workspace is open."))));
                else if (pinned != 0 && pinned != m_generation.load())
                    promise->addResult(R(makeError(Error::Cancelled, switchedMessage())));
                else if (ticket && !ticket->start())
                    promise->addResult(R(makeError(Error::Cancelled, cancelledMessage())));
                else
                    promise->addResult(watched(index, *repository, ticket.get(), f));
                promise->finish();
            },
            Qt::QueuedConnection);
        return future;
    }

    // f(repository) between the watchdog's begin and settle: a stall or a Cancel turns its error into one that says
    // so. A background lane whose connection a stall or a Cancel shut connects again first.
    template<typename F> auto watched(int index, Repository &repository, CallTicket *ticket, F &f)
    {
        using R = std::invoke_result_t<F, Repository &>;
        const Result<void> usable = reconnectIfBroken(index, repository);
        const quint64 call = m_watchdog.begin(index, repository.database());
        if (ticket)
            ticket->call = call;
        R result = usable ? f(repository) : R(usable.error());
        if (std::optional<Error> why = m_watchdog.settle(index, call, result ? nullptr : &result.error()))
            result = R(std::move(*why));
        return result;
    }

    Result<void> reconnectIfBroken(int index, Repository &repository); // on that lane's thread
    // Waits for finished(), asking the watchdog to stop the call once cancelled() says so; false if the call was
    // still queued (it will not run).
    bool waitFor(CallTicket &ticket, const std::function<bool()> &cancelled, const std::function<bool()> &finished);
    static QString cancelledMessage();
    int laneIndex(Lane lane) const { return lane == Lane::Background && m_split.load() ? 1 : 0; }
    static QString switchedMessage();
    void adopt(std::unique_ptr<Repository> repository); // on the interactive lane's thread
    void release(int index); // on that lane's thread

    std::array<LaneState, 2> m_lanes;
    std::atomic<bool> m_split { false }; // the background lane has its own connection
    std::atomic<quint64> m_generation { 0 };
    StallWatchdog m_watchdog;
    ConnectionMonitor *m_monitor = nullptr; // lives on the interactive lane's thread, for remote repositories
};
