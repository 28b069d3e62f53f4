#pragma once

#include "ai/embedder.h"
#include "core/memory.h"

#include <QCoroTask>
#include <QObject>
#include <QPointer>
#include <QUuid>

#include <memory>

class DatabaseWorker;
class TaskControl;
class TaskRunner;

// Embeds memories as a task the user can follow and cancel: either every memory lacking an embedding
// from the embedder's model (resumable and idempotent: a rerun skips what is done, so an interrupted run
// simply continues) or a given selection (re-embed). Works in chunks; each chunk is embedded and then
// written in one transaction, so a cancel, a pulled plug or an API error leaves every memory either
// embedded with the new model or untouched. Lives on the UI thread; SQL runs on the database thread.
class BulkEmbedding : public QObject
{
    Q_OBJECT
public:
    struct Summary
    {
        qint64 embedded = 0;
        qint64 total = 0;
        bool cancelled = false;
        QString error; // empty when it finished or was cancelled
        qint64 elapsedMs = 0;
    };

    // Neither owned; both must outlive the job.
    BulkEmbedding(TaskRunner *runner, DatabaseWorker *worker, QObject *parent = nullptr);

    void setChunkSize(int texts) { m_chunk = std::max(1, texts); }
    // Starts the task; false if one is already running. An empty `ids` means "all lacking".
    // `embedder` must stay alive until finished() (AiEndpoint::acquire() keeps its embedder).
    bool start(Embedder *embedder, const QList<QUuid> &ids = {});
    bool isRunning() const { return m_running; }
    quint64 taskId() const { return m_taskId; }

    static QString taskName(bool selection);

Q_SIGNALS:
    void finished(const BulkEmbedding::Summary &summary);

private:
    QCoro::Task<> run(Embedder *embedder, QList<QUuid> ids, CancelToken cancel, std::shared_ptr<TaskControl> control);

    TaskRunner *m_runner;
    DatabaseWorker *m_worker;
    int m_chunk = 128;
    bool m_running = false;
    quint64 m_taskId = 0;
};

Q_DECLARE_METATYPE(BulkEmbedding::Summary)
