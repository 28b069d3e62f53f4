#include "memories/bulkembedding.h"
#include "db/databaseworker.h"
#include "memories/memoryembeddingstore.h"
#include "db/repository.h"
#include "tasks/taskrunner.h"

#include <QCoroFuture>
#include <QElapsedTimer>
#include <QLocale>

namespace {

// Plain functions, not lambdas inside the coroutine: GCC 12 mishandles lambdas created in coroutine frames.
QFuture<Result<qint64>> countLater(DatabaseWorker *worker, QString model)
{
    return worker->run([model = std::move(model)](Repository &r) -> Result<qint64> {
        return MemoryEmbeddingStore::countLacking(r, model);
    });
}

QFuture<Result<QList<MemoryEmbeddingStore::Pending>>> pendingLater(
    DatabaseWorker *worker, QList<QUuid> ids, bool all, QString model, QUuid after, int chunk)
{
    return worker->run([ids = std::move(ids), all, model = std::move(model), after, chunk](Repository &r) {
        return all ? MemoryEmbeddingStore::lacking(r, model, after, chunk) : MemoryEmbeddingStore::texts(r, ids);
    });
}

QFuture<Result<void>> writeLater(DatabaseWorker *worker, QString model, QList<MemoryEmbeddingStore::Vector> vectors)
{
    return worker->run([model = std::move(model), vectors = std::move(vectors)](Repository &r) -> Result<void> {
        return MemoryEmbeddingStore::write(r, model, vectors);
    });
}

} // namespace

BulkEmbedding::BulkEmbedding(TaskRunner *runner, DatabaseWorker *worker, QObject *parent)
    : QObject(parent)
    , m_runner(runner)
    , m_worker(worker)
{
}

QString BulkEmbedding::taskName(bool selection)
{
    return selection ? tr("Re-embed selected memories") : tr("Embed memories");
}

bool BulkEmbedding::start(Embedder *embedder, const QList<QUuid> &ids)
{
    if (m_running)
        return false;
    m_running = true;
    CancelToken cancel;
    const TaskRunner::ExternalTask task = m_runner->begin(taskName(!ids.isEmpty()), QStringLiteral("bulk-embed"),
        [cancel] { cancel.cancel(); });
    m_taskId = task.id;
    run(embedder, ids, cancel, task.control);
    return true;
}

QCoro::Task<> BulkEmbedding::run(
    Embedder *embedder, QList<QUuid> ids, CancelToken cancel, std::shared_ptr<TaskControl> control)
{
    QPointer<BulkEmbedding> self(this);
    const quint64 taskId = m_taskId;
    const QString model = embedder->modelName();
    const QString tag = taskName(!ids.isEmpty());
    QElapsedTimer clock;
    clock.start();
    Summary summary;

    if (ids.isEmpty()) {
        Result<qint64> total = co_await countLater(m_worker, model);
        if (!self)
            co_return;
        if (!total)
            summary.error = total.errorMessage();
        else
            summary.total = *total;
    } else {
        summary.total = ids.size();
    }

    QUuid after;
    qsizetype nextId = 0;
    while (summary.error.isEmpty() && !cancel.isCancelled()) {
        // The next chunk: after the last id for "all lacking" (rows written meanwhile no longer match).
        const QList<QUuid> chunkIds = ids.mid(nextId, m_chunk);
        Result<QList<MemoryEmbeddingStore::Pending>> pending
            = co_await pendingLater(m_worker, chunkIds, ids.isEmpty(), model, after, m_chunk);
        if (!self)
            co_return;
        if (!pending) {
            summary.error = pending.errorMessage();
            break;
        }
        if (pending->isEmpty() && (ids.isEmpty() || nextId >= ids.size()))
            break;
        nextId += chunkIds.size();
        QStringList texts;
        QList<MemoryEmbeddingStore::Vector> vectors;
        for (const auto &p : std::as_const(*pending)) {
            // An empty memory is embedded as one space would be refused by OpenAI: give it its id's text.
            texts << (p.text.isEmpty() ? QStringLiteral("(empty memory)") : p.text);
            vectors << MemoryEmbeddingStore::Vector { p.id, {} };
            after = p.id;
        }
        if (!texts.isEmpty()) {
            // A named argument: GCC 12 destroys a temporary in a co_await operand twice.
            const EmbedOptions options { cancel, tag };
            Result<QList<Embedding>> embedded = co_await embedder->embed(texts, options);
            if (!self)
                co_return;
            if (!embedded) {
                if (!cancel.isCancelled())
                    summary.error = embedded.errorMessage();
                break;
            }
            for (qsizetype i = 0; i < vectors.size(); ++i)
                vectors[i].embedding = embedded->at(i);
            Result<void> written = co_await writeLater(m_worker, model, vectors);
            if (!self)
                co_return;
            if (!written) {
                summary.error = written.errorMessage();
                break;
            }
            summary.embedded += vectors.size();
        }
        control->setProgress(summary.total > 0 ? double(summary.embedded) / double(summary.total) : 1.0);
        control->setStatus(tr("%1 of %Ln memories embedded", nullptr, int(summary.total))
                               .arg(QLocale().toString(qint64(summary.embedded))));
    }
    summary.cancelled = cancel.isCancelled() && summary.error.isEmpty();
    summary.elapsedMs = clock.elapsed();
    m_running = false;
    m_runner->end(taskId,
        summary.error.isEmpty() ? (summary.cancelled ? std::optional<Error>(makeError(Error::Cancelled, tr("Cancelled.")))
                                                     : std::nullopt)
                                : std::optional<Error>(makeError(Error::Io, summary.error)));
    Q_EMIT finished(summary);
}
