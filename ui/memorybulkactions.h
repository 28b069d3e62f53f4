#pragma once

#include "memorybulk.h"
#include "privileges.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class DatabaseWorker;
class QAction;
class QWidget;
class TaskRunner;

// The bulk actions of the memories page as QActions: pin/unpin, archive/restore, delete (soft, with a
// reason), purge (admins only), add/remove a tag. Each takes the ids from the callback given at
// construction (the selection, or every memory the filter matches), asks for confirmation with the
// count where it removes anything, and runs as a task in the Tasks panel: one DatabaseWorker call per
// chunk of MemoryBulk, progress after each, a cancel stops before the next chunk. Lives on the UI thread.
class MemoryBulkActions : public QObject
{
    Q_OBJECT
public:
    using IdSource = std::function<QList<QUuid>()>;
    // Asks the operator: (title, text) → go ahead? Replaceable for tests.
    using Confirm = std::function<bool(const QString &title, const QString &text)>;
    // Asks for a tag: (add?) → the tag, empty to give up. Replaceable for tests.
    using TagPrompt = std::function<QString(bool add)>;

    MemoryBulkActions(DatabaseWorker *worker, TaskRunner *runner, IdSource ids, QWidget *dialogParent);

    QAction *action(BulkRequest::Action action) const { return m_actions.value(action); }
    QList<QAction *> actions() const { return m_actions; } // in BulkRequest::Action order

    // Purge needs canDeleteMemories, everything else canEditMemories.
    void setPrivileges(const Privileges &privileges);
    void setActor(const QString &actor) { m_actor = actor; }
    void setChunkSize(int rows) { m_chunkSize = rows; }
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setTagPrompt(TagPrompt prompt) { m_tagPrompt = std::move(prompt); }

    // Runs `request` (its ids as given) as a task; false if one is already running or ids are empty.
    bool run(BulkRequest request);
    bool isRunning() const { return m_taskId != 0; }
    quint64 taskId() const { return m_taskId; }

Q_SIGNALS:
    void progressed(qint64 done, qint64 total); // after each committed chunk
    void finished(const BulkReport &report); // done or cancelled: report.describe() says what was done
    void failed(const QString &message, const BulkReport &partial);
    void runningChanged(bool running);

private:
    void trigger(BulkRequest::Action action);
    void nextChunk();
    void end(const std::optional<Error> &error);
    static QString taskName(const BulkRequest &request);

    DatabaseWorker *m_worker;
    TaskRunner *m_runner;
    IdSource m_ids;
    QPointer<QWidget> m_dialogParent;
    QList<QAction *> m_actions;
    Privileges m_privileges;
    QString m_actor;
    int m_chunkSize = BulkRequest::DefaultChunkSize;
    Confirm m_confirm;
    TagPrompt m_tagPrompt;

    // The running action.
    quint64 m_taskId = 0;
    std::shared_ptr<class TaskControl> m_control;
    BulkRequest m_request;
    BulkReport m_report;
    qsizetype m_next = 0;
};
