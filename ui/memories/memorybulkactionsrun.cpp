// MemoryBulkActions: running a confirmed request as a task, one transaction per chunk.
#include "memories/memorybulkactions.h"

#include "tasks/taskrunner.h"

#include <QAction>
#include <QLocale>

bool MemoryBulkActions::run(BulkRequest request)
{
    if (isRunning() || request.ids.isEmpty())
        return false;
    request.actor = request.actor.isEmpty() ? m_actor : request.actor;
    request.chunkSize = m_chunkSize;
    m_request = std::move(request);
    m_report = BulkReport {};
    m_report.action = m_request.action;
    m_report.batchId = QUuid::createUuid();
    m_next = 0;
    TaskRunner::ExternalTask task = m_runner->begin(taskName(m_request));
    m_taskId = task.id;
    m_control = task.control;
    updateEnabled();
    Q_EMIT runningChanged(true);
    nextChunk();
    return true;
}

void MemoryBulkActions::nextChunk()
{
    const qsizetype total = m_request.ids.size();
    if (m_next >= total) {
        end(std::nullopt);
        return;
    }
    if (m_control->isCancelled()) {
        m_report.cancelled = true;
        m_report.requested = total;
        end(makeError(Error::Cancelled, tr("Cancelled.")));
        return;
    }
    // Only the request's scalars cross with each chunk, not its (possibly huge) id list again.
    BulkRequest request = m_request;
    request.ids.clear();
    const QList<QUuid> chunk = m_request.ids.mid(m_next, std::max(1, m_request.chunkSize));
    m_next += chunk.size();
    m_batch.applyBulkChunk(this, request, chunk, m_report.batchId,
        [this, total](const Result<BulkReport> &part) {
            if (!part) {
                end(part.error());
                return;
            }
            m_report.add(*part);
            const QLocale locale;
            m_control->setProgress(double(m_next) / double(total));
            m_control->setStatus(tr("%1 of %2").arg(locale.toString(qint64(m_next)), locale.toString(qint64(total))));
            Q_EMIT progressed(m_next, total);
            nextChunk();
        });
}

void MemoryBulkActions::end(const std::optional<Error> &error)
{
    m_runner->end(m_taskId, error);
    m_taskId = 0;
    m_control.reset();
    updateEnabled();
    Q_EMIT runningChanged(false);
    if (error && error->code != Error::Cancelled)
        Q_EMIT failed(tr("%1 stopped: %2 What was done before stays: %3")
                          .arg(taskName(m_request), error->message, m_report.describe()),
            m_report);
    else
        Q_EMIT finished(m_report);
}
