#pragma once

#include "memories/memoryfilter.h"

#include <QObject>

class AiMenu;
class MaintenanceDialog;
class MemoriesPage;
class MemoryImportDialog;
class MemoryBulkActions;
class MemoryEditStack;
class DatabaseWorker;
class QMainWindow;
class QMenu;
class TaskRunner;
struct ImportResult;
struct Privileges;

// Hooks curation into the main window: the undo stack the detail pane edits through, the bulk actions
// (context menu and the Memories menu) on the grid's selection and on every memory matching the grid's
// filter, and Memories → Maintenance. After any bulk job, batch or restore, the grid merges the changes.
class MemoriesCuration : public QObject
{
    Q_OBJECT
public:
    MemoriesCuration(MemoriesPage *page, DatabaseWorker *worker, TaskRunner *runner, QMainWindow *window);

    // Edit menu (undo, redo) and Memories menu (bulk actions on the selection and on the filter, maintenance).
    void addEditActions(QMenu *edit);
    void addFileActions(QMenu *file); // Import Memories…, Export Memories…
    QMenu *createMemoriesMenu();
    void setPrivileges(const Privileges &privileges);
    // Gives the AI menu's re-embed / re-evaluate actions the grid's selection and filter. The
    // constructor does this for an AiMenu the window already has.
    void attachAiMenu(AiMenu *ai);

    MemoryEditStack *editStack() const { return m_stack; }
    MemoryBulkActions *bulkActions() const { return m_bulk; }
    QList<QUuid> selectedIds() const;
    // The filter the grid applies now: "all matching the filter" acts on what it matches (in a search
    // by meaning too, where the grid shows only the nearest of them).
    MemoryFilter currentFilter() const;
    // The submenus of the bulk actions, titled with their counts ("Selected Memories (3)").
    QMenu *selectionMenu() const { return m_selectionMenu; }
    QMenu *filteredMenu() const { return m_filteredMenu; }
    void showMaintenance();
    void showImport();
    // The import dialog for `path`, open (what showImport() shows once a file is chosen).
    MemoryImportDialog *importFile(const QString &path);
    // The status-bar line after an import: "Imported 1 memory, 2 evaluations and 0 links."
    static QString importedText(const ImportResult &result);
    void showExport();

private:
    void updateScopeTitles();

    MemoriesPage *m_page;
    DatabaseWorker *m_worker;
    TaskRunner *m_runner;
    QMainWindow *m_window;
    MemoryEditStack *m_stack;
    MemoryBulkActions *m_bulk;
    QMenu *m_selectionMenu;
    QMenu *m_filteredMenu;
};
