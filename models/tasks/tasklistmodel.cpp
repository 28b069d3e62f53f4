#include "tasks/tasklistmodel.h"

#include "tasks/taskrunner.h"

#include <QLocale>

TaskListModel::TaskListModel(TaskRunner *runner, QObject *parent)
    : QAbstractTableModel(parent)
{
    const QList<TaskInfo> tasks = runner->tasks(); // oldest first
    m_rows.reserve(tasks.size());
    for (auto it = tasks.crbegin(); it != tasks.crend(); ++it)
        m_rows.append(*it);
    connect(runner, &TaskRunner::taskAdded, this, &TaskListModel::onAdded);
    connect(runner, &TaskRunner::taskChanged, this, &TaskListModel::onChanged);
    connect(runner, &TaskRunner::taskRemoved, this, &TaskListModel::onRemoved);
}

quint64 TaskListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

int TaskListModel::rowOf(quint64 id) const
{
    // Linear: the runner keeps about a hundred records.
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

TaskInfo TaskListModel::taskAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : TaskInfo();
}

int TaskListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TaskListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TaskInfo &task = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(task, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Message && !task.errorMessage.isEmpty())
            return task.errorMessage;
        return tr("Started %1")
            .arg(
                QLocale().toString(task.startedAt.isValid() ? task.startedAt : task.submittedAt, QLocale::ShortFormat));
    case Qt::TextAlignmentRole:
        return index.column() == Elapsed ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SortRole:
        return sortData(task, index.column());
    case IdRole:
        return task.id;
    case StateRole:
        return int(task.state);
    case ProgressRole:
        return shownProgress(task);
    case ActiveRole:
        return task.isActive();
    case CancelRequestedRole:
        return task.cancelRequested;
    default:
        return {};
    }
}

QVariant TaskListModel::displayData(const TaskInfo &task, int column) const
{
    switch (column) {
    case Name:
        return task.name;
    case State:
        return stateText(task);
    case Progress:
        // The delegate draws a bar; this text is what other views and screen readers get.
        return shownProgress(task) < 0 ? QString() : tr("%1 %").arg(qRound(shownProgress(task) * 100));
    case Elapsed:
        return task.state == TaskInfo::Queued ? QString() : elapsedText(task.elapsedMs);
    case Message:
        return task.state == TaskInfo::Failed ? task.errorMessage : task.status;
    default:
        return {};
    }
}

QVariant TaskListModel::sortData(const TaskInfo &task, int column) const
{
    switch (column) {
    case Name:
        return task.name;
    case State:
        return int(task.state);
    case Progress:
        return task.progress;
    case Elapsed:
        return task.elapsedMs;
    case Message:
        return task.state == TaskInfo::Failed ? task.errorMessage : task.status;
    default:
        return {};
    }
}

QVariant TaskListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Task");
    case State:
        return tr("State");
    case Progress:
        return tr("Progress");
    case Elapsed:
        return tr("Elapsed");
    case Message:
        return tr("Message");
    default:
        return {};
    }
}

QString TaskListModel::stateText(const TaskInfo &task)
{
    if (task.isActive() && task.cancelRequested)
        return tr("Cancelling…");
    switch (task.state) {
    case TaskInfo::Queued:
        return tr("Waiting");
    case TaskInfo::Running:
        return tr("Running");
    case TaskInfo::Finished:
        return tr("Done");
    case TaskInfo::Failed:
        return tr("Failed");
    case TaskInfo::Cancelled:
        return tr("Cancelled");
    case TaskInfo::Superseded:
        return tr("Superseded");
    }
    return {};
}

QString TaskListModel::elapsedText(qint64 ms)
{
    const QLocale locale;
    if (ms < 60000)
        return tr("%1 s").arg(locale.toString(ms / 1000.0, 'f', 1));
    return tr("%1 min %2 s").arg(ms / 60000).arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'));
}

double TaskListModel::shownProgress(const TaskInfo &task)
{
    // A cancelled or failed task's last fraction would read as work still under way: no bar for it.
    switch (task.state) {
    case TaskInfo::Finished:
        return 1.0;
    case TaskInfo::Failed:
    case TaskInfo::Cancelled:
    case TaskInfo::Superseded:
        return -1.0;
    case TaskInfo::Queued:
    case TaskInfo::Running:
        break;
    }
    return task.progress;
}

void TaskListModel::onAdded(const TaskInfo &task)
{
    beginInsertRows({}, 0, 0);
    m_rows.prepend(task);
    endInsertRows();
}

void TaskListModel::onChanged(const TaskInfo &task)
{
    const int row = rowOf(task.id);
    if (row < 0)
        return;
    m_rows[row] = task;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void TaskListModel::onRemoved(quint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}
