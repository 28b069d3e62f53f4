#include "db/databaseworker.h"
#include "db/connectionmonitor.h"

#include <QThread>

DatabaseWorker::DatabaseWorker(QObject *parent)
    : QObject(parent)
{
    const char *names[] = { "sextant-db", "sextant-db-bg" };
    for (int i = 0; i < 2; ++i) {
        LaneState &lane = m_lanes[i];
        lane.thread.setObjectName(QLatin1String(names[i]));
        lane.context = new QObject;
        lane.context->moveToThread(&lane.thread);
        connect(&lane.thread, &QThread::finished, lane.context, &QObject::deleteLater);
        lane.thread.start();
    }
}

DatabaseWorker::~DatabaseWorker()
{
    close();
    for (LaneState &lane : m_lanes) {
        lane.thread.quit();
        lane.thread.wait();
    }
}

QString DatabaseWorker::switchedMessage()
{
    return tr("Another workspace was opened meanwhile; this result belonged to the one that was closed.");
}

QString DatabaseWorker::cancelledMessage()
{
    return tr("Cancelled before it started; nothing was written.");
}

Result<void> DatabaseWorker::reconnectIfBroken(int index, Repository &repository)
{
    // The interactive lane's monitor notices a dead connection by itself and reconnects it (and then this lane);
    // the background lane alone may have lost its connection, to a Cancel that shut it or a stall on it.
    if (index != 1 || !repository.isBroken())
        return {};
    return repository.reconnect();
}

bool DatabaseWorker::waitFor(
    CallTicket &ticket, const std::function<bool()> &cancelled, const std::function<bool()> &finished)
{
    if (!cancelled)
        return true;
    bool asked = false;
    while (!finished()) {
        if (!asked && cancelled()) {
            int queued = CallTicket::Queued;
            if (ticket.state.compare_exchange_strong(queued, CallTicket::Abandoned))
                return false;
            // Running: its id is there as soon as the lane has begun it.
            if (const quint64 call = ticket.call.load()) {
                m_watchdog.cancel(ticket.lane, call);
                asked = true;
            }
        }
        QThread::msleep(10);
    }
    return true;
}

QFuture<Result<void>> DatabaseWorker::open(Opener interactive, Opener background)
{
    ++m_generation;
    m_split = false; // calls posted from now on queue behind the open, on the interactive lane
    auto promise = std::make_shared<QPromise<Result<void>>>();
    QFuture<Result<void>> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        m_lanes[0].context,
        [this, promise, interactive = std::move(interactive), background = std::move(background)]() {
            QMetaObject::invokeMethod(m_lanes[1].context, [this] { release(1); }, Qt::BlockingQueuedConnection);
            release(0);
            Result<std::unique_ptr<Repository>> opened = interactive();
            if (!opened) {
                promise->addResult(Result<void>(opened.error()));
                promise->finish();
                return;
            }
            // The background lane opens after the interactive one, which may have created or migrated the
            // workspace, and on its own thread, which will own its connection.
            Result<void> second;
            if (background) {
                QMetaObject::invokeMethod(
                    m_lanes[1].context,
                    [this, &background, &second] {
                        Result<std::unique_ptr<Repository>> other = background();
                        if (other)
                            m_lanes[1].repository = std::move(other.value());
                        else
                            second = other.error();
                    },
                    Qt::BlockingQueuedConnection);
            }
            if (!second) {
                promise->addResult(second);
                promise->finish();
                return;
            }
            adopt(std::move(opened.value()));
            m_split = bool(background);
            promise->addResult(Result<void>());
            promise->finish();
        },
        Qt::QueuedConnection);
    return future;
}

void DatabaseWorker::close()
{
    ++m_generation;
    m_split = false;
    for (int i = 1; i >= 0; --i) {
        if (m_lanes[i].thread.isRunning())
            QMetaObject::invokeMethod(m_lanes[i].context, [this, i]() { release(i); }, Qt::BlockingQueuedConnection);
    }
}

void DatabaseWorker::adopt(std::unique_ptr<Repository> repository)
{
    m_lanes[0].repository = std::move(repository);
    Repository *interactive = m_lanes[0].repository.get();
    if (!interactive->isRemote())
        return;
    // Without notifications the workspace still works; it just does not update by itself.
    const Result<void> watching = interactive->watchChanges([this](const ChangeNotice &notice) { Q_EMIT changed(notice); });
    if (!watching)
        qWarning("%s", qPrintable(watching.error().message));
    m_monitor = new ConnectionMonitor(interactive, &m_watchdog, m_lanes[0].context);
    connect(m_monitor, &ConnectionMonitor::lost, this, &DatabaseWorker::connectionLost, Qt::DirectConnection);
    connect(m_monitor, &ConnectionMonitor::retrying, this, &DatabaseWorker::reconnecting, Qt::DirectConnection);
    connect(
        m_monitor, &ConnectionMonitor::restored, this,
        [this] {
            // The background lane's connection went down with the server too: renew it before anyone
            // is told the workspace is back.
            if (m_split)
                QMetaObject::invokeMethod(
                    m_lanes[1].context,
                    [this] {
                        if (!m_lanes[1].repository)
                            return;
                        if (const Result<void> again = m_lanes[1].repository->reconnect(); !again)
                            qWarning("%s", qPrintable(again.error().message));
                    },
                    Qt::BlockingQueuedConnection);
            Q_EMIT reconnected();
        },
        Qt::DirectConnection);
}

void DatabaseWorker::release(int index)
{
    if (index == 0) {
        delete m_monitor;
        m_monitor = nullptr;
    }
    m_lanes[index].repository.reset();
}
