#include "fairness/taskprogressrow.h"

#include "tasks/taskrunner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

TaskProgressRow::TaskProgressRow(TaskRunner *tasks, QWidget *parent)
    : QWidget(parent)
    , m_tasks(tasks)
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
{
    m_progress->setMaximumWidth(240);
    auto *cancelButton = new QPushButton(tr("Cancel"), this);
    cancelButton->setObjectName(QStringLiteral("cancelTask"));
    connect(cancelButton, &QPushButton::clicked, this, &TaskProgressRow::cancel);
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_status, 1);
    row->addWidget(m_progress);
    row->addWidget(cancelButton);
    connect(m_tasks, &TaskRunner::taskChanged, this, &TaskProgressRow::onChanged);
    connect(m_tasks, &TaskRunner::taskFinished, this, &TaskProgressRow::onFinished);
    hide();
}

void TaskProgressRow::track(quint64 id)
{
    if (id == 0)
        return;
    const bool wasBusy = isBusy();
    m_ids.insert(id);
    m_status->setText(m_tasks->task(id).name);
    m_progress->setRange(0, 0); // busy until the task reports a fraction
    show();
    if (!wasBusy)
        Q_EMIT busyChanged(true);
}

QString TaskProgressRow::statusText() const
{
    return m_status->text();
}

void TaskProgressRow::cancel()
{
    for (quint64 id : std::as_const(m_ids))
        m_tasks->cancel(id);
}

void TaskProgressRow::onChanged(const TaskInfo &task)
{
    if (!m_ids.contains(task.id))
        return;
    m_status->setText(task.status.isEmpty() ? task.name : tr("%1: %2").arg(task.name, task.status));
    if (task.progress < 0) {
        m_progress->setRange(0, 0);
    } else {
        m_progress->setRange(0, 100);
        m_progress->setValue(int(task.progress * 100.0));
    }
}

void TaskProgressRow::onFinished(const TaskInfo &task)
{
    if (!m_ids.remove(task.id))
        return;
    if (m_ids.isEmpty()) {
        hide();
        Q_EMIT busyChanged(false);
    }
}
