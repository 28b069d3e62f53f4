#pragma once

#include "memories/memoryfilter.h"

#include <QSet>
#include <QWidget>

class ArchetypeDashboardService;
class ArchetypeDistributionView;
class ArchetypeDriftView;
class ArchetypeMonitorView;
class ArchetypePriorityView;
class ArchetypeSeriesView;
class ArchetypeStateView;
class ArchetypesPage;
class DatabaseWorker;
class QTabWidget;
class QTimer;
class StrategyService;
class TaskRunner;

// The Archetypes page (issue 19): what the eight archetypes think and how their evaluators behave, as tabs —
// State (small multiples and the state table with one archetype's history), Time series, Distributions, Drift,
// Priority & strategies, Evaluation monitor. Follows new evaluations and priority changes without a reload: the
// shown tab refreshes, the others when next shown.
class ArchetypeDashboardPage : public QWidget
{
    Q_OBJECT
public:
    enum Tab { StateTab, SeriesTab, DistributionsTab, DriftTab, PriorityTab, MonitorTab, TabCount };

    // `worker` only for the state table (ArchetypesPage); everything else asks the services (not owned).
    ArchetypeDashboardPage(DatabaseWorker *worker, ArchetypeDashboardService *dashboard, StrategyService *strategies,
        TaskRunner *tasks, QWidget *parent = nullptr);

    void load(); // the workspace opened or changed
    void showTab(Tab tab);
    Tab currentTab() const;
    void setBrowserFilter(const MemoryFilter &filter);

    ArchetypesPage *statePage() const { return m_statePage; }
    ArchetypeStateView *stateView() const { return m_state; }
    ArchetypeSeriesView *seriesView() const { return m_series; }
    ArchetypeDistributionView *distributionView() const { return m_distributions; }
    ArchetypeDriftView *driftView() const { return m_drift; }
    ArchetypePriorityView *priorityView() const { return m_priority; }
    ArchetypeMonitorView *monitorView() const { return m_monitor; }
    bool isBusy() const { return !m_busy.isEmpty(); }

Q_SIGNALS:
    void busyChanged(bool busy);
    // A retry of failed evaluations started or ended: the window holds the AI endpoint for its duration.
    void retryRunningChanged(bool running);

private:
    void loadTab(int tab);
    void trackBusy(QObject *source, bool busy);
    void onEvaluationsChanged();

    ArchetypeDashboardService *m_dashboard;
    TaskRunner *m_tasks;
    QTabWidget *m_tabs;
    ArchetypeStateView *m_state;
    ArchetypesPage *m_statePage;
    ArchetypeSeriesView *m_series;
    ArchetypeDistributionView *m_distributions;
    ArchetypeDriftView *m_drift;
    ArchetypePriorityView *m_priority;
    ArchetypeMonitorView *m_monitor;
    QTimer *m_live;
    QSet<int> m_stale; // tabs to reload when next shown
    QSet<QObject *> m_busy;
};
