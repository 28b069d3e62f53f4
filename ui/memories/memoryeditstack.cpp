#include "memories/memoryeditstack.h"
#include "memories/memoryeditcommand.h"


#include <QAction>
#include <QUndoStack>

MemoryEditStack::MemoryEditStack(DatabaseWorker *worker, QObject *parent)
    : QObject(parent)
    , m_memories(worker)
    , m_stack(new QUndoStack(this))
{
}

QAction *MemoryEditStack::createUndoAction(QObject *parent) const
{
    QAction *action = m_stack->createUndoAction(parent, tr("&Undo"));
    action->setShortcuts(QKeySequence::Undo);
    return action;
}

QAction *MemoryEditStack::createRedoAction(QObject *parent) const
{
    QAction *action = m_stack->createRedoAction(parent, tr("&Redo"));
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    return action;
}

void MemoryEditStack::submit(MemoryEdit edit, const MemoryDetail &before)
{
    if (edit.isEmpty())
        return;
    edit.memoryId = before.memory.id;
    if (!m_versions.contains(edit.memoryId))
        m_versions.insert(edit.memoryId, before.memory.version);
    MemoryEdit backward = edit.inverse(before);
    m_stack->push(new MemoryEditCommand(this, std::move(edit), std::move(backward))); // push() calls redo()
}

void MemoryEditStack::noteLoaded(const MemoryDetail &detail)
{
    // A save in flight will report a newer version itself; a reload must not roll the count back.
    if (!m_busy || !m_versions.contains(detail.memory.id))
        m_versions.insert(detail.memory.id, detail.memory.version);
}

void MemoryEditStack::resolve(const MemoryEdit &edit, const MemoryDetail &theirs)
{
    m_versions.insert(theirs.memory.id, theirs.memory.version);
    if (edit.isEmpty()) {
        Q_EMIT saved(theirs);
        return;
    }
    apply(edit);
}

void MemoryEditStack::apply(MemoryEdit edit)
{
    m_queue.append(std::move(edit)); // QQueue::enqueue takes a const reference
    if (!m_busy)
        next();
}

void MemoryEditStack::next()
{
    if (m_queue.isEmpty()) {
        m_busy = false;
        Q_EMIT busyChanged(false);
        Q_EMIT idle();
        return;
    }
    if (!m_busy) {
        m_busy = true;
        Q_EMIT busyChanged(true);
    }
    MemoryEdit edit = m_queue.dequeue();
    edit.baseVersion = m_versions.value(edit.memoryId, edit.baseVersion);
    m_memories.save(this, edit, m_actor,
        [this, edit](const Result<MemorySaveResult> &result) {
            finished(edit, result);
            next();
        });
}

void MemoryEditStack::finished(const MemoryEdit &edit, const Result<MemorySaveResult> &result)
{
    if (!result) {
        Q_EMIT failed(tr("Could not save the change: %1").arg(result.errorMessage()));
        return;
    }
    if (result->isConflict()) {
        Q_EMIT conflicted(edit, result->current);
        return;
    }
    m_versions.insert(edit.memoryId, result->current.memory.version);
    Q_EMIT saved(result->current);
}
