#include "tasks/tasksdock.h"

#include "tasks/tasklistmodel.h"
#include "tasks/taskprogressdelegate.h"
#include "tasks/taskrunner.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

TasksDock::TasksDock(TaskRunner *runner, QWidget *parent)
    : QDockWidget(tr("Tasks"), parent)
    , m_runner(runner)
    , m_model(new TaskListModel(runner, this))
{
    setObjectName(QStringLiteral("tasksDock")); // the key of its place in the saved window state
    auto *content = new QWidget(this);
    m_view = new QTreeView(content);
    m_view->setObjectName(QStringLiteral("tasksView"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setItemDelegateForColumn(TaskListModel::Progress, new TaskProgressDelegate(m_view));
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(true);
    header->resizeSection(TaskListModel::Name, 260);
    header->resizeSection(TaskListModel::State, 110);
    header->resizeSection(TaskListModel::Progress, 160);
    header->resizeSection(TaskListModel::Elapsed, 80);

    m_cancel = new QPushButton(tr("&Cancel Task"), content);
    m_cancel->setObjectName(QStringLiteral("cancelTaskButton"));
    m_cancel->setToolTip(tr("Stop the selected task; its result is discarded."));
    m_cancelAll = new QPushButton(tr("Cancel &All"), content);
    m_cancelAll->setObjectName(QStringLiteral("cancelAllTasksButton"));
    m_clear = new QPushButton(tr("C&lear Finished"), content);
    m_clear->setObjectName(QStringLiteral("clearFinishedTasksButton"));
    m_clear->setToolTip(tr("Remove the tasks that have ended from the list."));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_cancelAll);
    buttons->addStretch(1);
    buttons->addWidget(m_clear);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
    setWidget(content);

    connect(m_cancel, &QPushButton::clicked, this, &TasksDock::cancelSelected);
    connect(m_cancelAll, &QPushButton::clicked, runner, &TaskRunner::cancelAll);
    connect(m_clear, &QPushButton::clicked, runner, &TaskRunner::clearFinished);
    // A new task scrolls into sight: the panel lists the latest work first.
    connect(m_model, &QAbstractItemModel::rowsInserted, m_view,
        [this](const QModelIndex &, int first, int) { m_view->scrollTo(m_model->index(first, 0)); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TasksDock::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &TasksDock::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TasksDock::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TasksDock::updateButtons);
    connect(runner, &TaskRunner::activeCountChanged, this, &TasksDock::updateButtons);
    updateButtons();
}

void TasksDock::cancelSelected()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (current.isValid())
        m_runner->cancel(m_model->idAt(current.row()));
}

void TasksDock::updateButtons()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    const bool selected = current.isValid() && m_view->selectionModel()->isRowSelected(current.row());
    m_cancel->setEnabled(selected && current.data(TaskListModel::ActiveRole).toBool()
        && !current.data(TaskListModel::CancelRequestedRole).toBool());
    m_cancelAll->setEnabled(m_runner->activeCount() > 0);
    m_clear->setEnabled(m_model->rowCount() > m_runner->activeCount());
}
