// MemoryDetailPane: what the pane shows when the grid drops the memory on screen, and its Restore.
#include "memories/memorydetailpane.h"

#include <QPushButton>

void MemoryDetailPane::noteLeftGrid(const QUuid &id)
{
    if (id.isNull() || id != m_currentId)
        return;
    // Read it again rather than guess: the grid cannot tell a purge from an archive or an edit that
    // took the memory out of the filter.
    const quint64 generation = ++m_generation;
    setLoading(true);
    m_memories.detail(this, id, [this, generation, id](const Result<LoadedDetail> &loaded) {
        if (generation != m_generation)
            return;
        setLoading(false);
        if (!loaded && loaded.error().code == Error::NotFound) {
            clear();
            showMessage(tr("This memory was deleted for good; it can no longer be restored."));
            return;
        }
        if (!loaded) {
            showMessage(tr("Could not load this memory: %1").arg(loaded.error().message));
            Q_EMIT loadFailed(id, loaded.error().message);
            return;
        }
        m_lastDecayPass = loaded->lastDecayPass;
        fill(loaded->detail, false);
        if (loaded->detail.memory.archivedAt.isValid()) {
            // Kept as current, so that Restore knows what to bring back and the grid can select it again.
            showMessage(tr("This memory was deleted or archived, so the grid no longer lists it."), true);
            return;
        }
        loadExtras(generation);
        Q_EMIT detailLoaded(id);
    });
}

void MemoryDetailPane::restoreCurrent()
{
    const QUuid id = m_currentId;
    if (id.isNull())
        return;
    BulkRequest request;
    request.action = BulkRequest::Restore;
    request.ids = { id };
    m_restore->setEnabled(false);
    m_batch.applyBulkChunk(
        this, request, request.ids, QUuid::createUuid(), [this, id](const Result<BulkReport> &report) {
            m_restore->setEnabled(m_editable);
            if (!report) {
                showMessage(tr("Could not restore this memory: %1").arg(report.error().message), true);
                return;
            }
            Q_EMIT restored(id);
            if (id == m_currentId)
                showMemory(id);
        });
}
