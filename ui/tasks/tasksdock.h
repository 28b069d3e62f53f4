#pragma once

#include <QDockWidget>

class QPushButton;
class QTreeView;
class TaskListModel;
class TaskRunner;

// The Tasks panel: every background computation with its progress, state and elapsed time, and the
// buttons to cancel one or all of them and to clear the finished ones. Does not own the runner.
class TasksDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit TasksDock(TaskRunner *runner, QWidget *parent = nullptr);

    TaskListModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }

private:
    void cancelSelected();
    void updateButtons();

    TaskRunner *m_runner;
    TaskListModel *m_model;
    QTreeView *m_view;
    QPushButton *m_cancel;
    QPushButton *m_cancelAll;
    QPushButton *m_clear;
};
