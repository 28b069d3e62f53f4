#include "memoriescuration.h"

#include "maintenancedialog.h"
#include "memoriespage.h"
#include "memorybulkactions.h"
#include "memoryexportdialog.h"
#include "memoryimportdialog.h"
#include "memorydetailpane.h"
#include "memoryeditstack.h"
#include "memorytablemodel.h"
#include "privileges.h"

#include <QAction>
#include <QFileDialog>
#include <QItemSelectionModel>
#include <QMainWindow>
#include <QMenu>
#include <QStatusBar>
#include <QTableView>

MemoriesCuration::MemoriesCuration(MemoriesPage *page, DatabaseWorker *worker, TaskRunner *runner, QMainWindow *window)
    : QObject(window)
    , m_page(page)
    , m_worker(worker)
    , m_runner(runner)
    , m_window(window)
    , m_stack(new MemoryEditStack(worker, this))
    , m_bulk(new MemoryBulkActions(worker, runner, [this] { return selectedIds(); }, window))
{
    page->detailPane()->setEditStack(m_stack);
    page->setContextActions(m_bulk->actions());
    connect(m_stack, &MemoryEditStack::saved, page->model(), &MemoryTableModel::refresh);
    connect(m_stack, &MemoryEditStack::failed, this,
        [this](const QString &message) { m_window->statusBar()->showMessage(tr("Not saved: %1").arg(message), 15000); });
    connect(m_bulk, &MemoryBulkActions::finished, this, [this](const BulkReport &report) {
        m_window->statusBar()->showMessage(report.describe(), 15000);
        m_page->model()->refresh();
    });
    connect(m_bulk, &MemoryBulkActions::failed, this, [this](const QString &message, const BulkReport &) {
        m_window->statusBar()->showMessage(tr("Bulk action stopped: %1").arg(message), 15000);
        m_page->model()->refresh();
    });
}

QList<QUuid> MemoriesCuration::selectedIds() const
{
    QList<QUuid> ids;
    const QModelIndexList rows = m_page->table()->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        ids << row.data(MemoryTableModel::IdRole).toUuid();
    return ids;
}

void MemoriesCuration::addFileActions(QMenu *file)
{
    QAction *import = file->addAction(tr("&Import Memories…"));
    import->setStatusTip(tr("JSONL, CSV or the EUMAS YAML memory shape; every row is checked before anything is written."));
    connect(import, &QAction::triggered, this, &MemoriesCuration::showImport);
    QAction *exportAction = file->addAction(tr("&Export Memories…"));
    connect(exportAction, &QAction::triggered, this, &MemoriesCuration::showExport);
}

void MemoriesCuration::showImport()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Import Memories"), QString(),
        tr("Memory files (*.jsonl *.ndjson *.csv *.yaml *.yml);;All files (*)"));
    if (path.isEmpty())
        return;
    auto *dialog = new MemoryImportDialog(m_worker, m_runner, path, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &MemoryImportDialog::imported, this, [this](const ImportResult &result) {
        m_window->statusBar()->showMessage(
            tr("Imported %1 memories, %2 evaluations and %3 links.").arg(result.memories).arg(result.evaluations).arg(result.links),
            15000);
        m_page->model()->refresh();
    });
    dialog->open();
}

void MemoriesCuration::showExport()
{
    auto *dialog = new MemoryExportDialog(m_worker, m_runner, selectedIds(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MemoriesCuration::addEditActions(QMenu *edit)
{
    QAction *undo = m_stack->createUndoAction(edit);
    QAction *redo = m_stack->createRedoAction(edit);
    edit->addAction(undo);
    edit->addAction(redo);
}

QMenu *MemoriesCuration::createMemoriesMenu()
{
    auto *menu = new QMenu(tr("&Memories"), m_window);
    QMenu *selection = menu->addMenu(tr("&Selected Memories"));
    selection->addActions(m_bulk->actions());
    menu->addSeparator();
    QAction *maintenance = menu->addAction(tr("&Maintenance…"));
    maintenance->setStatusTip(tr("Decay priorities and prune old, low-priority or duplicate memories, with a preview "
                                 "and one-click restore."));
    connect(maintenance, &QAction::triggered, this, &MemoriesCuration::showMaintenance);
    return menu;
}

void MemoriesCuration::setPrivileges(const Privileges &privileges)
{
    m_bulk->setPrivileges(privileges);
    m_page->detailPane()->setEditable(privileges.canEditMemories,
        privileges.canEditMemories ? QString() : tr("Your database role may read memories but not change them."));
}

void MemoriesCuration::showMaintenance()
{
    auto *dialog = new MaintenanceDialog(m_worker, m_runner, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &MaintenanceDialog::batchWritten, m_page->model(), &MemoryTableModel::refresh);
    connect(dialog, &MaintenanceDialog::batchRestored, m_page->model(), &MemoryTableModel::refresh);
    dialog->open();
}
