#pragma once

#include "tasks/taskinfo.h"

#include <QAbstractTableModel>

class TaskRunner;

// The task runner's records as a table, newest first: follows the runner's signals (UI thread) and
// keeps copies, so it never reads the runner while painting. Does not own the runner.
class TaskListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, State, Progress, Elapsed, Message, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole, // raw value of the cell: name, state, progress, elapsed ms, message
        IdRole, // quint64
        StateRole, // TaskInfo::State as int
        ProgressRole, // double in [0, 1] (1 once done), negative when there is none to show
        ActiveRole, // bool: queued or running (cancellable unless CancelRequestedRole)
        CancelRequestedRole, // bool
    };

    explicit TaskListModel(TaskRunner *runner, QObject *parent = nullptr);

    quint64 idAt(int row) const;
    int rowOf(quint64 id) const; // -1 if absent
    TaskInfo taskAt(int row) const;

    static QString stateText(const TaskInfo &task); // "Running", "Done", "Failed", …
    static double shownProgress(const TaskInfo &task);
    static QString elapsedText(qint64 ms);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void onAdded(const TaskInfo &task);
    void onChanged(const TaskInfo &task);
    void onRemoved(quint64 id);
    QVariant displayData(const TaskInfo &task, int column) const;
    QVariant sortData(const TaskInfo &task, int column) const;

    QList<TaskInfo> m_rows;
};
