#pragma once

#include <QSet>
#include <QWidget>

class QLabel;
class QProgressBar;
class TaskRunner;
struct TaskInfo;

// A page's running tasks in one line: the task's name and status, its progress and a Cancel button that
// cancels every task the row follows. Hidden while nothing runs. The runner's records say when a task ended,
// so a cancelled task (whose callback never comes) still clears the row.
class TaskProgressRow : public QWidget
{
    Q_OBJECT
public:
    TaskProgressRow(TaskRunner *tasks, QWidget *parent = nullptr);

    void track(quint64 id); // 0 is ignored
    bool isBusy() const { return !m_ids.isEmpty(); }
    QString statusText() const;
    void cancel();

Q_SIGNALS:
    void busyChanged(bool busy);

private:
    void onChanged(const TaskInfo &task);
    void onFinished(const TaskInfo &task);

    TaskRunner *m_tasks;
    QLabel *m_status;
    QProgressBar *m_progress;
    QSet<quint64> m_ids;
};
