#pragma once

#include "memories/memorybatchservice.h"
#include "memories/memoryservice.h"
#include "memories/memoryfilter.h"
#include "db/privileges.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class DatabaseWorker;
class QAction;
class QWidget;
class TaskRunner;

// The bulk actions of the memories page as QActions: pin/unpin, archive/restore, delete (soft, with a
// reason), purge (admins only), add/remove a tag. There are two sets, one per scope: the grid's
// selection (ids from the callback given at construction) and every memory matching the grid's filter
// (ids read on the database thread when the action is triggered, so the confirmation can name the
// exact count). Selection actions ask only where they remove anything; "all matching" actions always
// ask, with the count, because what they touch is not on screen. Each runs as a task in the Tasks
// panel: one DatabaseWorker call per chunk of MemoryBulk (one transaction each), progress after each,
// a cancel stops before the next chunk. Lives on the UI thread.
class MemoryBulkActions : public QObject
{
    Q_OBJECT
public:
    enum class Scope { Selection, Filtered };
    using IdSource = std::function<QList<QUuid>()>;
    using FilterSource = std::function<MemoryFilter()>;
    // Asks the operator: (title, text) → go ahead? Replaceable for tests.
    using Confirm = std::function<bool(const QString &title, const QString &text)>;
    // Asks for a tag: (add?, the question, which names the count) → the tag, empty to give up.
    using TagPrompt = std::function<QString(bool add, const QString &question)>;

    MemoryBulkActions(DatabaseWorker *worker, TaskRunner *runner, IdSource ids, QWidget *dialogParent);

    // Where the Filtered actions take their filter from (read when one is triggered). Without one they
    // stay disabled.
    void setFilterSource(FilterSource filter);

    QAction *action(BulkRequest::Action action, Scope scope = Scope::Selection) const;
    QList<QAction *> actions(Scope scope = Scope::Selection) const; // in BulkRequest::Action order

    // Purge needs canDeleteMemories, everything else canEditMemories.
    void setPrivileges(const Privileges &privileges);
    void setActor(const QString &actor) { m_actor = actor; }
    void setChunkSize(int rows) { m_chunkSize = rows; }
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setTagPrompt(TagPrompt prompt) { m_tagPrompt = std::move(prompt); }

    // What the actions do: takes the scope's ids (reading them first for Filtered), asks, runs.
    void trigger(BulkRequest::Action action, Scope scope);
    // Runs `request` (its ids as given) as a task; false if one is already running or ids are empty.
    bool run(BulkRequest request);
    bool isRunning() const { return m_taskId != 0; }
    bool isResolving() const { return m_resolving; } // reading the ids matching the filter
    quint64 taskId() const { return m_taskId; }

    // The confirmation (or tag question) for `count` memories of `scope`; empty when none is asked.
    static QString question(BulkRequest::Action action, Scope scope, int count);
    static QString title(BulkRequest::Action action); // of the confirmation: "Archive memories"
    static QString taskName(const BulkRequest &request);

Q_SIGNALS:
    void progressed(qint64 done, qint64 total); // after each committed chunk
    void finished(const BulkReport &report); // done or cancelled: report.describe() says what was done
    void failed(const QString &message, const BulkReport &partial);
    void notice(const QString &message); // nothing to do (no memory matches the filter, say)
    void runningChanged(bool running);
    void resolvingChanged(bool resolving);

private:
    void proceed(BulkRequest::Action action, Scope scope, const QList<QUuid> &ids);
    void setResolving(bool resolving);
    void updateEnabled();
    void nextChunk();
    void end(const std::optional<Error> &error);

    MemoryService m_memories;
    MemoryBatchService m_batch;
    TaskRunner *m_runner;
    IdSource m_ids;
    FilterSource m_filter;
    QPointer<QWidget> m_dialogParent;
    QList<QAction *> m_actions; // Selection scope
    QList<QAction *> m_filteredActions; // Filtered scope
    Privileges m_privileges;
    QString m_actor;
    int m_chunkSize = BulkRequest::DefaultChunkSize;
    Confirm m_confirm;
    TagPrompt m_tagPrompt;
    bool m_resolving = false;

    // The running action.
    quint64 m_taskId = 0;
    std::shared_ptr<class TaskControl> m_control;
    BulkRequest m_request;
    BulkReport m_report;
    qsizetype m_next = 0;
};
