#pragma once

#include "memories/memoryfilter.h"

#include <QCoroTask>
#include <QObject>
#include <QUuid>

#include <functional>

class AiEndpoint;
class BulkEmbedding;
class DatabaseWorker;
class QAction;
class QMainWindow;
class QMenu;
class TaskRunner;
class UsageDock;

// The main window's AI menu and what hangs off it: the bulk embedding task, the Usage and Cost panel,
// and a way to the endpoint settings. Results of bulk jobs go to the status bar and the Tasks panel
// (a failure keeps its message there), never to a modal dialog.
class AiMenu : public QObject
{
    Q_OBJECT
public:
    AiMenu(AiEndpoint *endpoint, TaskRunner *runner, DatabaseWorker *worker, QMainWindow *window);

    QMenu *menu() const { return m_menu; }
    UsageDock *usageDock() const { return m_usageDock; }
    BulkEmbedding *bulkEmbedding() const { return m_embedding; }
    QAction *embedMissingAction() const { return m_embedMissing; }
    QAction *evaluateMissingAction() const { return m_evaluateMissing; }
    // Where "Re-embed / Re-evaluate Selected Memories" take their ids from (the grid's selection).
    void setSelection(std::function<QList<QUuid>()> selection) { m_selection = std::move(selection); }
    // Where "Re-embed / Re-evaluate All Matching the Filter" take their filter from (the grid's); the
    // ids are read on the database thread, and the operator confirms the exact count first.
    void setFilterScope(std::function<MemoryFilter()> filter);
    // Asks the operator: (title, text) → go ahead? Replaceable for tests.
    using Confirm = std::function<bool(const QString &title, const QString &text)>;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    QAction *reembedFilteredAction() const { return m_reembedFiltered; }
    QAction *reevaluateFilteredAction() const { return m_reevaluateFiltered; }
    bool isEvaluating() const { return m_evaluating; }

Q_SIGNALS:
    void settingsRequested(); // "AI Endpoint…": open the preferences on the AI tab
    void memoriesChanged(); // a bulk job wrote memories: views may refresh

private:
    void updateActions();
    QCoro::Task<> evaluate(QList<QUuid> ids); // aimenuevaluate.cpp; empty: all lacking evaluations
    void embed(const QList<QUuid> &ids); // empty: all lacking embeddings
    void createFilteredActions(); // aimenufiltered.cpp
    void onFiltered(bool evaluate); // reads the ids, confirms the count, then embeds or evaluates

    AiEndpoint *m_endpoint;
    QMainWindow *m_window;
    QMenu *m_menu;
    UsageDock *m_usageDock;
    BulkEmbedding *m_embedding;
    QAction *m_embedMissing;
    QAction *m_evaluateMissing;
    DatabaseWorker *m_worker;
    TaskRunner *m_runner;
    bool m_evaluating = false;
    std::function<QList<QUuid>()> m_selection;
    QAction *m_reembed = nullptr;
    QAction *m_reevaluate = nullptr;
    std::function<MemoryFilter()> m_filtered;
    Confirm m_confirm;
    bool m_resolving = false; // reading the ids matching the filter
    QAction *m_reembedFiltered = nullptr;
    QAction *m_reevaluateFiltered = nullptr;
};
