#pragma once

#include "db/repository.h"

#include <QFuture>
#include <QMetaObject>
#include <QObject>
#include <QPromise>
#include <QThread>

#include <functional>
#include <memory>

class ConnectionMonitor;

// Owns the database thread. Every repository call is posted to that thread and answered by a QFuture,
// so the UI thread never runs SQL. Calls run one after another in the order they were posted.
class DatabaseWorker : public QObject
{
    Q_OBJECT
public:
    using Opener = std::function<Result<std::unique_ptr<Repository>>()>;

    explicit DatabaseWorker(QObject *parent = nullptr);
    ~DatabaseWorker() override;

    // Runs `opener` on the database thread and keeps the repository it returns.
    QFuture<Result<void>> open(Opener opener);
    void close();

    // Runs f(Repository&) on the database thread. F must return a Result<…>.
    template<typename F> auto run(F f) -> QFuture<std::invoke_result_t<F, Repository &>>
    {
        using R = std::invoke_result_t<F, Repository &>;
        auto promise = std::make_shared<QPromise<R>>();
        QFuture<R> future = promise->future();
        promise->start();
        QMetaObject::invokeMethod(
            m_context,
            [this, promise, f = std::move(f)]() mutable {
                if (!m_repository)
                    promise->addResult(R(makeError(Error::Database, tr("No workspace is open."))));
                else
                    promise->addResult(f(*m_repository));
                promise->finish();
            },
            Qt::QueuedConnection);
        return future;
    }

    // For jobs on pool threads (never the UI thread): runs f(Repository&) on the database thread and
    // blocks the calling thread until its result is there. Error::Database if the worker closes first.
    template<typename F> auto runAndWait(F f) -> std::invoke_result_t<F, Repository &>
    {
        using R = std::invoke_result_t<F, Repository &>;
        QFuture<R> future = run(std::move(f));
        future.waitForFinished();
        if (future.resultCount() == 0)
            return R(makeError(Error::Database, tr("The workspace was closed.")));
        return future.takeResult();
    }

    // Runs f(Repository&) on the database thread and hands the result to done(result) on `context`'s
    // thread, always through its event queue: never synchronously inside call(), even when the query
    // finished first (QFuture::then(context, …) runs at once in that case, which breaks code that is
    // itself inside a model's begin/end pair). Dropped if `context` is destroyed first.
    template<typename F, typename Done> void call(QObject *context, F f, Done done)
    {
        using R = std::invoke_result_t<F, Repository &>;
        run(std::move(f)).then(context, [context, done = std::move(done)](const R &result) mutable {
            QMetaObject::invokeMethod(
                context, [done = std::move(done), result]() mutable { done(result); }, Qt::QueuedConnection);
        });
    }

Q_SIGNALS:
    // Emitted from the database thread; connections to objects on other threads are queued.
    void changed(const ChangeNotice &notice); // another client (or this one) changed a watched table
    void connectionLost(const QString &message);
    void reconnecting(int attempt, int delayMs, const QString &message);
    void reconnected(); // the connection is back: views should reload what they show

private:
    void adopt(std::unique_ptr<Repository> repository); // on m_thread
    void release(); // on m_thread

    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread
    std::unique_ptr<Repository> m_repository; // touched only on m_thread
    ConnectionMonitor *m_monitor = nullptr; // lives on m_thread, for remote repositories
};
