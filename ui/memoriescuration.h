#pragma once

#include <QObject>

class MaintenanceDialog;
class MemoriesPage;
class MemoryBulkActions;
class MemoryEditStack;
class DatabaseWorker;
class QMainWindow;
class QMenu;
class TaskRunner;
struct Privileges;

// Hooks curation into the main window: the undo stack the detail pane edits through, the bulk actions
// on the grid's selection (context menu and the Memories menu), and Memories → Maintenance. After any
// bulk job, batch or restore, the grid merges the changes.
class MemoriesCuration : public QObject
{
    Q_OBJECT
public:
    MemoriesCuration(MemoriesPage *page, DatabaseWorker *worker, TaskRunner *runner, QMainWindow *window);

    // Edit menu (undo, redo) and Memories menu (bulk actions on the selection, maintenance).
    void addEditActions(QMenu *edit);
    void addFileActions(QMenu *file); // Import Memories…, Export Memories…
    QMenu *createMemoriesMenu();
    void setPrivileges(const Privileges &privileges);

    MemoryEditStack *editStack() const { return m_stack; }
    MemoryBulkActions *bulkActions() const { return m_bulk; }
    QList<QUuid> selectedIds() const;
    void showMaintenance();
    void showImport();
    void showExport();

private:
    MemoriesPage *m_page;
    DatabaseWorker *m_worker;
    TaskRunner *m_runner;
    QMainWindow *m_window;
    MemoryEditStack *m_stack;
    MemoryBulkActions *m_bulk;
};
