// ModelRegistryPage: learning from the reviews — replays, comparisons, suggested weights as tasks, and the
// chart of what they recorded.
#include "matching/modelregistrypage.h"

#include "matching/learningchart.h"
#include "matching/replaycomparison.h"
#include "matching/suggestionview.h"
#include "tasks/taskrunner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>

QWidget *ModelRegistryPage::createTaskRow()
{
    m_taskRow = new QWidget(this);
    auto *row = new QHBoxLayout(m_taskRow);
    row->setContentsMargins(0, 0, 0, 0);
    m_taskStatus = new QLabel(m_taskRow);
    m_taskStatus->setObjectName(QStringLiteral("registryTaskStatus"));
    m_progress = new QProgressBar(m_taskRow);
    m_progress->setObjectName(QStringLiteral("registryProgress"));
    m_progress->setMaximumWidth(240);
    auto *cancel = new QPushButton(tr("Cancel"), m_taskRow);
    cancel->setObjectName(QStringLiteral("registryCancelButton"));
    cancel->setToolTip(tr("Stop this page's replays and fits"));
    connect(cancel, &QPushButton::clicked, this, &ModelRegistryPage::cancelTasks);
    row->addWidget(m_taskStatus, 1);
    row->addWidget(m_progress);
    row->addWidget(cancel);
    m_taskRow->hide();
    return m_taskRow;
}

void ModelRegistryPage::replaySelected()
{
    const QList<RegistryVersion> selected = selectedVersions();
    if (selected.size() == 1)
        startReplays(selected);
}

void ModelRegistryPage::compareSelected()
{
    const QList<RegistryVersion> selected = selectedVersions();
    if (selected.size() == 2)
        startReplays(selected);
}

void ModelRegistryPage::startReplays(const QList<RegistryVersion> &versions)
{
    m_error->hide();
    // A newer replay or comparison replaces the one shown; answers of an older one are dropped.
    const quint64 generation = ++m_replayGeneration;
    m_pendingReports.clear();
    m_pendingOrder.clear();
    for (const RegistryVersion &v : versions)
        m_pendingOrder << v.id;
    m_results->setCurrentWidget(m_replays);
    for (const RegistryVersion &v : versions) {
        const quint64 id = m_service->startReplay(v.id, this, [this, generation](const Result<ReplayReport> &report) {
            if (generation != m_replayGeneration)
                return;
            if (!report) {
                ++m_replayGeneration; // the other half of a comparison has nothing to stand beside
                showError(tr("The replay failed: %1").arg(report.errorMessage()));
                return;
            }
            m_pendingReports << *report;
            if (m_pendingReports.size() < m_pendingOrder.size())
                return;
            QList<ReplayReport> ordered;
            for (const QUuid &id : std::as_const(m_pendingOrder)) {
                for (const ReplayReport &r : std::as_const(m_pendingReports)) {
                    if (r.version.id == id)
                        ordered << r;
                }
            }
            m_replays->setReports(ordered);
            loadHistory(); // the replay recorded new points
            Q_EMIT replaysShown(int(ordered.size()));
        });
        trackTask(id);
    }
}

void ModelRegistryPage::suggestWeights()
{
    const QList<RegistryVersion> selected = selectedVersions();
    if (selected.size() != 1)
        return;
    m_error->hide();
    m_results->setCurrentWidget(m_suggestion);
    const quint64 id = m_service->startSuggestWeights(
        selected.first().id, actor(), this, [this](const Result<WeightSuggestion> &suggestion) {
            if (!suggestion) {
                showError(tr("No weights were suggested: %1").arg(suggestion.errorMessage()));
                return;
            }
            m_suggestion->setSuggestion(*suggestion);
            m_results->setCurrentWidget(m_suggestion);
            m_keepSelection = { suggestion->draft.id }; // the service's versionsChanged reloads the list
            showMessage(tr("Saved the suggested weights as the draft %1.").arg(suggestion->draft.version));
            Q_EMIT suggestionShown(suggestion->draft);
        });
    trackTask(id);
}

void ModelRegistryPage::cancelTasks()
{
    for (quint64 id : std::as_const(m_taskIds))
        m_tasks->cancel(id);
}

void ModelRegistryPage::trackTask(quint64 id)
{
    if (id == 0)
        return;
    const bool wasBusy = isBusy();
    m_taskIds.insert(id);
    m_taskStatus->setText(m_tasks->task(id).name);
    m_progress->setRange(0, 0); // busy until the task reports a fraction
    m_taskRow->show();
    if (!wasBusy)
        Q_EMIT busyChanged(true);
}

void ModelRegistryPage::onTaskChanged(const TaskInfo &task)
{
    if (!m_taskIds.contains(task.id))
        return;
    m_taskStatus->setText(task.status.isEmpty() ? task.name : tr("%1: %2").arg(task.name, task.status));
    if (task.progress < 0) {
        m_progress->setRange(0, 0);
    } else {
        m_progress->setRange(0, 100);
        m_progress->setValue(int(task.progress * 100.0));
    }
}

void ModelRegistryPage::untrackTask(quint64 id)
{
    if (!m_taskIds.remove(id))
        return;
    if (m_taskIds.isEmpty()) {
        m_taskRow->hide();
        Q_EMIT busyChanged(false);
    }
}

void ModelRegistryPage::loadHistory()
{
    const QList<RegistryVersion> selected = selectedVersions();
    const quint64 generation = ++m_historyGeneration;
    if (selected.size() != 1 || modelType() != QLatin1String("matching")) {
        m_chart->clear();
        return;
    }
    const RegistryVersion version = selected.first();
    m_service->learningHistory(
        this, version.id, [this, generation, version](const Result<QList<LearningPoint>> &points) {
            if (generation != m_historyGeneration)
                return; // another version was selected meanwhile
            if (!points) {
                m_chart->clear();
                showError(
                    tr("Could not load the learning metrics of %1: %2").arg(version.version, points.errorMessage()));
                return;
            }
            m_chart->setHistory(version.version, *points);
            Q_EMIT historyLoaded();
        });
}
