#include "databaseworker.h"

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
            m_repository.reset();
            Result<std::unique_ptr<Repository>> opened = opener();
            if (opened) {
                m_repository = std::move(opened.value());
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
        m_context, [this]() { m_repository.reset(); }, Qt::BlockingQueuedConnection);
}
