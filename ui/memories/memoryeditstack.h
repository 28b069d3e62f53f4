#pragma once

#include "memories/memoryedit.h"
#include "memories/memoryservice.h"

#include <QHash>
#include <QObject>
#include <QQueue>

class DatabaseWorker;
class QAction;
class QUndoStack;

// Owns the undo stack of memory edits (Edit → Undo / Redo) and saves every edit, undo and redo through
// MemoryEditor on the database thread, one after another. It remembers the version of each memory it
// last saw (noteLoaded() or a save), and saves against that: when another client saved in between, the
// save is a conflict (conflicted()), nothing is written and the operator decides with
// MemoryConflictDialog, then calls resolve(). Lives on the UI thread.
class MemoryEditStack : public QObject
{
    Q_OBJECT
public:
    explicit MemoryEditStack(DatabaseWorker *worker, QObject *parent = nullptr);

    QUndoStack *undoStack() const { return m_stack; }
    // Edit → Undo (Ctrl+Z) and Edit → Redo (Ctrl+Shift+Z), named after the next command.
    QAction *createUndoAction(QObject *parent) const;
    QAction *createRedoAction(QObject *parent) const;

    void setActor(const QString &actor) { m_actor = actor; } // empty: AuditLog::defaultActor()

    // Records `edit` (made on what `before` shows) on the undo stack and saves it.
    void submit(MemoryEdit edit, const MemoryDetail &before);
    // The version the operator now sees: later saves are checked against it.
    void noteLoaded(const MemoryDetail &detail);
    int knownVersion(const QUuid &id) const { return m_versions.value(id, 0); }

    // After a conflict: save `edit` on top of `theirs` (keep mine, or a field-by-field merge), or
    // accept theirs (edit empty). Either way the stack now works from theirs' version.
    void resolve(const MemoryEdit &edit, const MemoryDetail &theirs);

    bool isBusy() const { return m_busy; }

    // For MemoryEditCommand: saves `edit` against the known version. Asynchronous.
    void apply(MemoryEdit edit);

Q_SIGNALS:
    void saved(const MemoryDetail &current); // the memory as stored after a save
    void conflicted(const MemoryEdit &mine, const MemoryDetail &theirs);
    void failed(const QString &message);
    void busyChanged(bool busy);
    void idle(); // every queued save has finished

private:
    void next();
    void finished(const MemoryEdit &edit, const Result<MemorySaveResult> &result);

    MemoryService m_memories;
    QUndoStack *m_stack;
    QString m_actor;
    QHash<QUuid, int> m_versions;
    QQueue<MemoryEdit> m_queue;
    bool m_busy = false;
};
