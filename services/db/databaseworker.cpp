#include "db/databaseworker.h"
#include "db/connectionmonitor.h"

DatabaseWorker::DatabaseWorker(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("sextant-db"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

DatabaseWorker::~DatabaseWorker()
{
    close();
    m_thread.quit();
    m_thread.wait();
}

QFuture<Result<void>> DatabaseWorker::open(Opener opener)
{
    auto promise = std::make_shared<QPromise<Result<void>>>();
    QFuture<Result<void>> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        m_context,
        [this, promise, opener = std::move(opener)]() {
            release();
            Result<std::unique_ptr<Repository>> opened = opener();
            if (opened) {
                adopt(std::move(opened.value()));
                promise->addResult(Result<void>());
            } else {
                promise->addResult(Result<void>(opened.error()));
            }
            promise->finish();
        },
        Qt::QueuedConnection);
    return future;
}

void DatabaseWorker::close()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_context, [this]() { release(); }, Qt::BlockingQueuedConnection);
}

void DatabaseWorker::adopt(std::unique_ptr<Repository> repository)
{
    m_repository = std::move(repository);
    if (!m_repository->isRemote())
        return;
    // Without notifications the workspace still works; it just does not update by itself.
    const Result<void> watching
        = m_repository->watchChanges([this](const ChangeNotice &notice) { Q_EMIT changed(notice); });
    if (!watching)
        qWarning("%s", qPrintable(watching.error().message));
    m_monitor = new ConnectionMonitor(m_repository.get(), m_context);
    connect(m_monitor, &ConnectionMonitor::lost, this, &DatabaseWorker::connectionLost, Qt::DirectConnection);
    connect(m_monitor, &ConnectionMonitor::retrying, this, &DatabaseWorker::reconnecting, Qt::DirectConnection);
    connect(m_monitor, &ConnectionMonitor::restored, this, &DatabaseWorker::reconnected, Qt::DirectConnection);
}

void DatabaseWorker::release()
{
    delete m_monitor;
    m_monitor = nullptr;
    m_repository.reset();
}
