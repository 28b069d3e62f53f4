#include "memories/memoriescuration.h"

#include "ai/aimenu.h"
#include "memories/maintenancedialog.h"
#include "memories/memoriespage.h"
#include "memories/memorybulkactions.h"
#include "memories/memorydetailpane.h"
#include "memories/memoryeditstack.h"
#include "memories/memoryexportdialog.h"
#include "memories/memoryimportdialog.h"
#include "memories/memorytablemodel.h"
#include "db/privileges.h"

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
    , m_bulk(new MemoryBulkActions(
          worker, runner, [this] { return selectedIds(); }, window))
    , m_selectionMenu(new QMenu(window))
    , m_filteredMenu(new QMenu(window))
{
    page->detailPane()->setEditStack(m_stack);
    m_bulk->setFilterSource([this] { return currentFilter(); });
    m_selectionMenu->setObjectName(QStringLiteral("selectedMemoriesMenu"));
    m_selectionMenu->addActions(m_bulk->actions(MemoryBulkActions::Scope::Selection));
    m_filteredMenu->setObjectName(QStringLiteral("matchingMemoriesMenu"));
    m_filteredMenu->addActions(m_bulk->actions(MemoryBulkActions::Scope::Filtered));
    m_filteredMenu->menuAction()->setStatusTip(
        tr("Act on every memory the filter matches, not only the rows loaded or selected in the grid."));
    // The grid's context menu: the selection's actions as before, then the filter's in a submenu.
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    page->setContextActions(m_bulk->actions() + QList<QAction *> { separator, m_filteredMenu->menuAction() });
    updateScopeTitles();
    connect(page->table()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &MemoriesCuration::updateScopeTitles);
    connect(page->model(), &MemoryTableModel::matchCountChanged, this, &MemoriesCuration::updateScopeTitles);
    connect(page->model(), &MemoryTableModel::similarityModeChanged, this, &MemoriesCuration::updateScopeTitles);
    connect(page->model(), &QAbstractItemModel::modelReset, this, &MemoriesCuration::updateScopeTitles);
    connect(m_bulk, &MemoryBulkActions::resolvingChanged, this, [this](bool resolving) {
        if (resolving)
            m_window->statusBar()->showMessage(tr("Finding the memories that match the filter…"));
        else
            m_window->statusBar()->clearMessage();
    });
    connect(m_bulk, &MemoryBulkActions::notice, this,
        [this](const QString &message) { m_window->statusBar()->showMessage(message, 15000); });
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

MemoryFilter MemoriesCuration::currentFilter() const
{
    return m_page->model()->filter();
}

void MemoriesCuration::updateScopeTitles()
{
    const int selected = int(m_page->table()->selectionModel()->selectedRows().size());
    m_selectionMenu->setTitle(tr("&Selected Memories (%Ln)", nullptr, selected));
    m_selectionMenu->menuAction()->setEnabled(selected > 0);
    // In a search by meaning the grid's count is of the nearest memories found, not of the filter's.
    const MemoryTableModel *model = m_page->model();
    const qint64 matching = model->isSimilarityMode() ? -1 : model->matchCount();
    m_filteredMenu->setTitle(matching >= 0 ? tr("&All %Ln Memories Matching the Filter", nullptr, int(matching))
                                           : tr("&All Memories Matching the Filter"));
    m_filteredMenu->menuAction()->setEnabled(matching != 0);
}

void MemoriesCuration::attachAiMenu(AiMenu *ai)
{
    ai->setSelection([this] { return selectedIds(); });
    ai->setFilterScope([this] { return currentFilter(); });
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
    if (!path.isEmpty())
        importFile(path);
}

QString MemoriesCuration::importedText(const ImportResult &result)
{
    // One count per phrase: a catalogue has plural forms for one number in a message.
    return tr("Imported %1, %2 and %3.")
        .arg(tr("%Ln memories", nullptr, int(result.memories)), tr("%Ln evaluations", nullptr, int(result.evaluations)),
            tr("%Ln links", nullptr, int(result.links)));
}

MemoryImportDialog *MemoriesCuration::importFile(const QString &path)
{
    auto *dialog = new MemoryImportDialog(m_worker, m_runner, path, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &MemoryImportDialog::imported, this, [this](const ImportResult &result) {
        m_window->statusBar()->showMessage(importedText(result), 15000);
        m_page->model()->refresh();
    });
    dialog->open();
    return dialog;
}

void MemoriesCuration::showExport()
{
    auto *dialog = new MemoryExportDialog(m_worker, m_runner, selectedIds(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const MemoryTableModel *model = m_page->model();
    dialog->setFilterScope(currentFilter(), model->isSimilarityMode() ? -1 : model->matchCount());
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
    menu->addMenu(m_selectionMenu);
    menu->addMenu(m_filteredMenu);
    connect(menu, &QMenu::aboutToShow, this, &MemoriesCuration::updateScopeTitles);
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
