#include "archetypes/archetypedashboardpage.h"

#include "archetypes/archetypedashboard.h"
#include "archetypes/archetypedistributionview.h"
#include "archetypes/archetypedriftview.h"
#include "archetypes/archetypemonitorview.h"
#include "archetypes/archetypepriorityview.h"
#include "archetypes/archetypeseriesview.h"
#include "archetypes/archetypespage.h"
#include "archetypes/archetypestateview.h"
#include "archetypes/strategyservice.h"

#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

ArchetypeDashboardPage::ArchetypeDashboardPage(DatabaseWorker *worker, ArchetypeDashboardService *dashboard,
    StrategyService *strategies, TaskRunner *tasks, QWidget *parent)
    : QWidget(parent)
    , m_dashboard(dashboard)
    , m_tasks(tasks)
    , m_tabs(new QTabWidget(this))
    , m_state(new ArchetypeStateView(dashboard, this))
    , m_statePage(new ArchetypesPage(worker, this))
    , m_series(new ArchetypeSeriesView(dashboard, this))
    , m_distributions(new ArchetypeDistributionView(dashboard, this))
    , m_drift(new ArchetypeDriftView(dashboard, tasks, this))
    , m_priority(new ArchetypePriorityView(strategies, tasks, this))
    , m_monitor(new ArchetypeMonitorView(dashboard, tasks, this))
    , m_live(new QTimer(this))
{
    m_tabs->setObjectName(QStringLiteral("archetypeTabs"));
    auto *state = new QSplitter(Qt::Vertical, this);
    state->setChildrenCollapsible(false);
    state->addWidget(m_state);
    state->addWidget(m_statePage);
    state->setStretchFactor(1, 1);
    m_tabs->addTab(state, tr("State"));
    m_tabs->addTab(m_series, tr("Time Series"));
    m_tabs->addTab(m_distributions, tr("Distributions"));
    m_tabs->addTab(m_drift, tr("Drift"));
    m_tabs->addTab(m_priority, tr("Priority && Strategies"));
    m_tabs->addTab(m_monitor, tr("Evaluation Monitor"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    connect(m_state, &ArchetypeStateView::archetypeChosen, m_statePage, &ArchetypesPage::setCurrentArchetype);
    connect(m_statePage, &ArchetypesPage::historyLoaded, m_state, &ArchetypeStateView::setSelectedArchetype);
    connect(m_state, &ArchetypeStateView::busyChanged, this, [this](bool busy) { trackBusy(m_state, busy); });
    connect(m_statePage, &ArchetypesPage::loadingChanged, this, [this](bool busy) { trackBusy(m_statePage, busy); });
    connect(m_series, &ArchetypeSeriesView::busyChanged, this, [this](bool busy) { trackBusy(m_series, busy); });
    connect(m_distributions, &ArchetypeDistributionView::busyChanged, this,
        [this](bool busy) { trackBusy(m_distributions, busy); });
    connect(m_drift, &ArchetypeDriftView::busyChanged, this, [this](bool busy) { trackBusy(m_drift, busy); });
    connect(m_priority, &ArchetypePriorityView::busyChanged, this, [this](bool busy) { trackBusy(m_priority, busy); });
    connect(m_monitor, &ArchetypeMonitorView::busyChanged, this, [this](bool busy) { trackBusy(m_monitor, busy); });
    connect(m_monitor, &ArchetypeMonitorView::retryRunningChanged, this, &ArchetypeDashboardPage::retryRunningChanged);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        if (m_stale.remove(tab))
            loadTab(tab);
    });

    // New evaluations arrive in bursts (a bulk run writes thousands): one refresh per pause.
    m_live->setSingleShot(true);
    m_live->setInterval(800);
    connect(m_live, &QTimer::timeout, this, &ArchetypeDashboardPage::onEvaluationsChanged);
    if (m_dashboard)
        connect(m_dashboard, &ArchetypeDashboardService::evaluationsChanged, m_live, qOverload<>(&QTimer::start));
    if (strategies)
        connect(strategies, &StrategyService::prioritiesChanged, m_live, qOverload<>(&QTimer::start));
}

void ArchetypeDashboardPage::load()
{
    for (int tab = 0; tab < TabCount; ++tab)
        m_stale.insert(tab);
    m_stale.remove(currentTab());
    loadTab(currentTab());
    if (currentTab() != StateTab) {
        m_stale.remove(StateTab); // the state table also feeds the main window's status; keep it current
        loadTab(StateTab);
    }
}

void ArchetypeDashboardPage::loadTab(int tab)
{
    switch (tab) {
    case StateTab:
        m_state->load();
        m_statePage->load();
        break;
    case SeriesTab:
        m_series->load();
        break;
    case DistributionsTab:
        m_distributions->load();
        break;
    case DriftTab:
        m_drift->load(); // the windows' dates only: the test itself runs when asked
        break;
    case PriorityTab:
        m_priority->load();
        break;
    case MonitorTab:
        m_monitor->load();
        break;
    default:
        break;
    }
}

void ArchetypeDashboardPage::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

ArchetypeDashboardPage::Tab ArchetypeDashboardPage::currentTab() const
{
    return Tab(m_tabs->currentIndex());
}

void ArchetypeDashboardPage::setBrowserFilter(const MemoryFilter &filter)
{
    m_distributions->setBrowserFilter(filter);
}

void ArchetypeDashboardPage::onEvaluationsChanged()
{
    for (int tab = 0; tab < TabCount; ++tab)
        m_stale.insert(tab);
    m_stale.remove(currentTab());
    loadTab(currentTab());
}

void ArchetypeDashboardPage::trackBusy(QObject *source, bool busy)
{
    const bool was = isBusy();
    if (busy)
        m_busy.insert(source);
    else
        m_busy.remove(source);
    if (was != isBusy())
        Q_EMIT busyChanged(isBusy());
}
