#include "tasks/taskrunner.h"
#include "core/workspacepin.h"

#include <QLoggingCategory>
#include <QThread>
#include <QThreadPool>

// Info and up by default: a line per finished task is for debugging the runner, not for every run.
Q_LOGGING_CATEGORY(lcTasks, "sextant.tasks", QtInfoMsg)

TaskRunner::TaskRunner(QObject *parent)
    : QObject(parent)
    , m_pool(new QThreadPool(this))
{
    qRegisterMetaType<TaskInfo>();
    m_pool->setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    m_tick.setInterval(PublishIntervalMs);
    connect(&m_tick, &QTimer::timeout, this, &TaskRunner::publish);
}

TaskRunner::~TaskRunner()
{
    // Jobs use `this` to queue their finish() call: none may still run when the runner goes. The calls
    // they queued are discarded with the runner's posted events.
    cancelAll();
    m_pool->waitForDone();
}

quint64 TaskRunner::add(const QString &name, const QString &key, QObject *context, Delivery deliver)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!context)
        context = this;
    const quint64 id = m_nextId++;
    if (!key.isEmpty()) {
        // By id: finishing a task that was still queued emits signals and may prune entries.
        for (quint64 older : activeIds(key))
            cancel(older, true);
        m_latestByKey.insert(key, id);
    }

    Entry entry;
    entry.info.id = id;
    entry.info.name = name;
    entry.info.key = key;
    entry.info.submittedAt = QDateTime::currentDateTime();
    entry.control = std::make_shared<TaskControl>();
    entry.context = context;
    entry.deliver = std::move(deliver);
    entry.workspace = m_workspace;
    if (context != this)
        entry.contextWatch = connect(context, &QObject::destroyed, this, [this, id] { cancel(id); });
    m_entries.push_back(std::move(entry));
    return id;
}

void TaskRunner::announce()
{
    Q_EMIT taskAdded(m_entries.back().info);
    setActiveCount(m_activeCount + 1);
    if (!m_tick.isActive()) // start() would restart it: a stream of new tasks must not starve the tick
        m_tick.start();
}

quint64 TaskRunner::start(const QString &name, const QString &key, Work work, QObject *context, Delivery deliver)
{
    const quint64 id = add(name, key, context, std::move(deliver));
    // The job shares its control with the record and owns its work. The runner's destructor waits for
    // the pool, so `this` outlives every job; the queued finish() call is dropped if the runner is gone.
    std::shared_ptr<TaskControl> control = m_entries.back().control;
    const quint64 workspace = m_entries.back().workspace;
    m_pool->start([this, id, control, workspace, work = std::move(work)] {
        if (!control->claim(TaskControl::Queued, TaskControl::Running))
            return; // cancelled while queued: already finished on the runner's thread
        const WorkspacePin::Scope pin(workspace);
        const std::optional<Error> error = work(*control);
        control->claim(TaskControl::Running, TaskControl::Done);
        QMetaObject::invokeMethod(
            this, [this, id, error] { finish(id, error); }, Qt::QueuedConnection);
    });
    announce();
    return id;
}

TaskRunner::ExternalTask TaskRunner::begin(const QString &name, const QString &key, std::function<void()> onCancel)
{
    const quint64 id = add(name, key, this, {});
    Entry &entry = m_entries.back();
    entry.onCancel = std::move(onCancel);
    entry.control->claim(TaskControl::Queued, TaskControl::Running);
    const ExternalTask task { id, entry.control };
    announce();
    refresh(m_entries.back());
    return task;
}

void TaskRunner::end(quint64 id, const std::optional<Error> &error)
{
    Entry *entry = find(id);
    if (!entry || !entry->info.isActive())
        return;
    entry->control->claim(TaskControl::Running, TaskControl::Done);
    finish(id, error);
}

void TaskRunner::cancel(quint64 id)
{
    cancel(id, false);
}

void TaskRunner::setWorkspace(quint64 workspace)
{
    m_workspace = workspace;
    std::vector<quint64> stale;
    for (const Entry &entry : m_entries) {
        if (entry.info.isActive() && entry.workspace != 0 && entry.workspace != workspace)
            stale.push_back(entry.info.id);
    }
    for (quint64 id : stale)
        cancel(id, true);
}

void TaskRunner::cancelAll()
{
    for (quint64 id : activeIds())
        cancel(id, false);
}

void TaskRunner::cancel(quint64 id, bool superseded)
{
    Entry *entry = find(id);
    if (!entry || !entry->info.isActive())
        return;
    entry->superseded = entry->superseded || superseded;
    if (entry->info.cancelRequested)
        return;
    entry->info.cancelRequested = true;
    entry->control->requestCancel();
    if (entry->onCancel) {
        const std::function<void()> onCancel = entry->onCancel; // may end the task, and so drop the entry
        QMetaObject::invokeMethod(this, onCancel, Qt::QueuedConnection);
    }
    if (entry->control->claim(TaskControl::Queued, TaskControl::Done))
        finish(id, std::nullopt); // never started, never will
    else
        Q_EMIT taskChanged(entry->info);
}

std::vector<quint64> TaskRunner::activeIds(const QString &key) const
{
    std::vector<quint64> ids;
    for (const Entry &entry : m_entries) {
        if (entry.info.isActive() && (key.isNull() || entry.info.key == key))
            ids.push_back(entry.info.id);
    }
    return ids;
}

void TaskRunner::finish(quint64 id, const std::optional<Error> &error)
{
    Entry *entry = find(id);
    if (!entry || !entry->info.isActive())
        return;
    refresh(*entry);
    TaskInfo &info = entry->info;
    const bool current = info.key.isEmpty() || m_latestByKey.value(info.key) == id;
    if (entry->superseded || !current)
        info.state = TaskInfo::Superseded;
    else if (info.cancelRequested || (error && error->code == Error::Cancelled))
        info.state = TaskInfo::Cancelled;
    else if (error)
        info.state = TaskInfo::Failed;
    else
        info.state = TaskInfo::Finished;
    if (info.state == TaskInfo::Failed)
        info.errorMessage = error->message;
    if (info.state == TaskInfo::Finished)
        info.progress = 1.0;
    info.finishedAt = QDateTime::currentDateTime();
    if (entry->startedSteadyMs > 0) {
        const qint64 ended = entry->control->endedMs();
        info.elapsedMs = (ended > 0 ? ended : TaskControl::steadyMs()) - entry->startedSteadyMs;
    }
    qCDebug(lcTasks) << "task" << id << info.name << "ended in state" << info.state << "after" << info.elapsedMs
                     << "ms";

    disconnect(entry->contextWatch);
    const TaskInfo final = info;
    const QPointer<QObject> context = entry->context;
    const Delivery deliver = std::move(entry->deliver); // released with this frame, with the result
    entry->deliver = nullptr;
    entry = nullptr; // signal receivers and done() may start, cancel or clear tasks

    Q_EMIT taskChanged(final);
    Q_EMIT taskFinished(final);
    setActiveCount(m_activeCount - 1);
    if (m_activeCount == 0)
        m_tick.stop();
    prune();

    if ((final.state == TaskInfo::Finished || final.state == TaskInfo::Failed) && context && deliver) {
        // Already in a queued call here, so done never runs inside run().
        if (context->thread() == thread())
            deliver();
        else
            QMetaObject::invokeMethod(context, deliver, Qt::QueuedConnection);
    }
}

void TaskRunner::publish()
{
    for (Entry &entry : m_entries) {
        if (entry.info.isActive() && refresh(entry))
            Q_EMIT taskChanged(entry.info);
    }
}

bool TaskRunner::refresh(Entry &entry)
{
    TaskInfo &info = entry.info;
    bool changed = false;
    const qint64 started = entry.control->startedMs();
    if (info.state == TaskInfo::Queued && started > 0) {
        info.state = TaskInfo::Running;
        entry.startedSteadyMs = started;
        info.startedAt = QDateTime::currentDateTime().addMSecs(started - TaskControl::steadyMs());
        changed = true;
    }
    if (info.state == TaskInfo::Running) {
        info.elapsedMs = TaskControl::steadyMs() - entry.startedSteadyMs;
        changed = true;
    }
    const double progress = entry.control->progress();
    if (progress != info.progress) {
        info.progress = progress;
        changed = true;
    }
    if (entry.control->takeStatus(&info.status))
        changed = true;
    return changed;
}

void TaskRunner::prune()
{
    int finished = 0;
    for (const Entry &entry : m_entries)
        finished += entry.info.isActive() ? 0 : 1;
    for (auto it = m_entries.begin(); finished > KeepFinished && it != m_entries.end();) {
        if (it->info.isActive()) {
            ++it;
            continue;
        }
        const quint64 id = it->info.id;
        it = m_entries.erase(it);
        --finished;
        Q_EMIT taskRemoved(id);
    }
}

void TaskRunner::clearFinished()
{
    std::vector<quint64> removed;
    std::erase_if(m_entries, [&removed](const Entry &entry) {
        if (entry.info.isActive())
            return false;
        removed.push_back(entry.info.id);
        return true;
    });
    for (quint64 id : removed)
        Q_EMIT taskRemoved(id);
}

bool TaskRunner::waitForDone(int msecs)
{
    return m_pool->waitForDone(msecs);
}

QList<TaskInfo> TaskRunner::tasks() const
{
    QList<TaskInfo> list;
    list.reserve(qsizetype(m_entries.size()));
    for (const Entry &entry : m_entries)
        list << entry.info;
    return list;
}

TaskInfo TaskRunner::task(quint64 id) const
{
    for (const Entry &entry : m_entries) {
        if (entry.info.id == id)
            return entry.info;
    }
    return {};
}

TaskRunner::Entry *TaskRunner::find(quint64 id)
{
    for (Entry &entry : m_entries) {
        if (entry.info.id == id)
            return &entry;
    }
    return nullptr;
}

void TaskRunner::setActiveCount(int count)
{
    if (count == m_activeCount)
        return;
    m_activeCount = count;
    Q_EMIT activeCountChanged(count);
}
