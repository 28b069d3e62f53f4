#include "archetypes/archetypedriftview.h"

#include "common/taborder.h"

#include "archetypes/archetypedashboard.h"
#include "archetypes/archetypeformat.h"
#include "archetypes/archetypeserieschart.h"
#include "archetypes/driftalarmmodel.h"
#include "common/datalabel.h"
#include "fairness/taskprogressrow.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace {
QDateEdit *dateEdit(const QString &name, QWidget *parent)
{
    auto *edit = new QDateEdit(parent);
    edit->setObjectName(name);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    return edit;
}

QDateTime startOf(const QDate &day)
{
    return QDateTime(day, QTime(0, 0), Qt::UTC);
}

// Shows only the rows that raise an alarm while the box is ticked.
class AlarmFilter : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setAlarmsOnly(bool on)
    {
        m_alarmsOnly = on;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        return !m_alarmsOnly || sourceModel()->index(row, 0, parent).data(DriftAlarmModel::AlarmRole).toBool();
    }

private:
    bool m_alarmsOnly = false;
};
} // namespace

ArchetypeDriftView::ArchetypeDriftView(ArchetypeDashboardService *service, TaskRunner *tasks, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_baselineFrom(dateEdit(QStringLiteral("baselineFrom"), this))
    , m_baselineTo(dateEdit(QStringLiteral("baselineTo"), this))
    , m_recentFrom(dateEdit(QStringLiteral("recentFrom"), this))
    , m_recentTo(dateEdit(QStringLiteral("recentTo"), this))
    , m_split(new QCheckBox(tr("Split by evaluator model and prompt version"), this))
    , m_alarmsOnly(new QCheckBox(tr("Alarms only"), this))
    , m_run(new QPushButton(tr("Test for Drift"), this))
    , m_progress(new TaskProgressRow(tasks, this))
    , m_headline(new QLabel(this))
    , m_error(makeErrorLabel(QStringLiteral("driftError"), this))
    , m_model(new DriftAlarmModel(this))
    , m_proxy(new AlarmFilter(this))
    , m_table(new QTableView(this))
    , m_chart(new ArchetypeSeriesChart(this))
    , m_chartNote(new QLabel(this))
{
    m_split->setObjectName(QStringLiteral("splitByVersion"));
    m_baselineFrom->setAccessibleName(tr("Baseline from"));
    m_baselineTo->setAccessibleName(tr("Baseline to"));
    m_recentFrom->setAccessibleName(tr("Recent from"));
    m_recentTo->setAccessibleName(tr("Recent to"));
    m_split->setChecked(true);
    m_alarmsOnly->setObjectName(QStringLiteral("alarmsOnly"));
    m_run->setObjectName(QStringLiteral("runDrift"));
    m_run->setToolTip(tr("Compare the recent window's evaluations with the baseline's (a task)"));
    m_headline->setObjectName(QStringLiteral("driftHeadline"));
    m_headline->setWordWrap(true);
    m_headline->setTextFormat(Qt::PlainText);
    m_headline->setText(tr("Choose the two windows and test: each archetype's metrics, priority and confidence "
                           "in the recent window against the baseline."));

    auto *windows = new QGridLayout;
    windows->addWidget(new QLabel(tr("Baseline from"), this), 0, 0);
    windows->addWidget(m_baselineFrom, 0, 1);
    windows->addWidget(new QLabel(tr("to"), this), 0, 2);
    windows->addWidget(m_baselineTo, 0, 3);
    windows->addWidget(new QLabel(tr("Recent from"), this), 1, 0);
    windows->addWidget(m_recentFrom, 1, 1);
    windows->addWidget(new QLabel(tr("to"), this), 1, 2);
    windows->addWidget(m_recentTo, 1, 3);
    windows->setColumnStretch(4, 1);
    windows->addWidget(m_split, 0, 5);
    windows->addWidget(m_run, 1, 5, Qt::AlignRight);
    // Row by row, as the grid reads; the filter above the table comes after the button.
    TabOrder::chain({ m_baselineFrom, m_baselineTo, m_split, m_recentFrom, m_recentTo, m_run, m_alarmsOnly });

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(DriftAlarmModel::SortRole);
    m_table->setObjectName(QStringLiteral("driftTable"));
    m_table->setAccessibleName(tr("Drift alarms"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DriftAlarmModel::Strength, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(DriftAlarmModel::Version, QHeaderView::Stretch); // names the prompt: the cause
    const QFontMetrics fm = m_table->fontMetrics();
    // Widths from the font, not ResizeToContents: a split table has hundreds of rows.
    header->resizeSection(DriftAlarmModel::Archetype,
        fm.horizontalAdvance(m_model->headerData(DriftAlarmModel::Archetype, Qt::Horizontal).toString()) + 28);
    header->resizeSection(DriftAlarmModel::Metric, fm.horizontalAdvance(QStringLiteral("Narrative exploitation__")));
    header->resizeSection(DriftAlarmModel::Alarm, fm.horizontalAdvance(QStringLiteral("Alarm____")));
    for (int c : { DriftAlarmModel::Baseline, DriftAlarmModel::Recent })
        header->resizeSection(c, fm.horizontalAdvance(QStringLiteral("0.00 (n 000,000)__")));
    for (int c :
        { DriftAlarmModel::MeanShift, DriftAlarmModel::Ks, DriftAlarmModel::PValue, DriftAlarmModel::Strength })
        header->resizeSection(c,
            std::max(fm.horizontalAdvance(QStringLiteral("+0.00 SD")),
                fm.horizontalAdvance(m_model->headerData(c, Qt::Horizontal).toString()))
                + 28); // room for the sort arrow

    auto *listBar = new QHBoxLayout;
    listBar->addWidget(m_headline, 1);
    listBar->addWidget(m_alarmsOnly);

    m_chart->setObjectName(QStringLiteral("driftChart"));
    m_chart->setMinimumHeight(220);
    m_chartNote->setObjectName(QStringLiteral("driftChartNote"));
    m_chartNote->setWordWrap(true);
    m_chartNote->setTextFormat(Qt::PlainText);
    auto *chartPane = new QWidget(this);
    auto *chartLayout = new QVBoxLayout(chartPane);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(m_chartNote);
    chartLayout->addWidget(m_chart, 1);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    split->addWidget(m_table);
    split->addWidget(chartPane);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(windows);
    layout->addWidget(m_progress);
    layout->addWidget(m_error);
    layout->addLayout(listBar);
    layout->addWidget(split, 1);

    connect(m_run, &QPushButton::clicked, this, &ArchetypeDriftView::run);
    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
            if (current.isValid())
                showRow(m_model->rowAt(m_proxy->mapToSource(current).row()));
        });
    connect(m_alarmsOnly, &QCheckBox::toggled, this,
        [this](bool on) { static_cast<AlarmFilter *>(m_proxy)->setAlarmsOnly(on); });
    connect(m_progress, &TaskProgressRow::busyChanged, this, [this](bool busy) {
        m_run->setEnabled(!busy);
        if (!busy && m_running) { // cancelled: the reply never comes
            m_running = false;
            setPending(-1);
        }
    });
}

void ArchetypeDriftView::load()
{
    if (m_datesSet)
        return;
    const QDate today = QDate::currentDate();
    setWindows(today.addDays(-74), today.addDays(-14), today.addDays(-13), today);
}

void ArchetypeDriftView::setWindows(
    const QDate &baselineFrom, const QDate &baselineTo, const QDate &recentFrom, const QDate &recentTo)
{
    m_datesSet = true;
    m_baselineFrom->setDate(baselineFrom);
    m_baselineTo->setDate(baselineTo);
    m_recentFrom->setDate(recentFrom);
    m_recentTo->setDate(recentTo);
}

DriftRequest ArchetypeDriftView::request() const
{
    DriftRequest r;
    r.baselineFrom = startOf(m_baselineFrom->date());
    r.baselineTo = startOf(m_baselineTo->date().addDays(1)); // the chosen last day counts in full
    r.recentFrom = startOf(m_recentFrom->date());
    r.recentTo = startOf(m_recentTo->date().addDays(1));
    r.splitByVersion = m_split->isChecked();
    return r;
}

QString ArchetypeDriftView::headline() const
{
    return m_headline->text();
}

void ArchetypeDriftView::run()
{
    if (!m_service || m_running)
        return;
    const DriftRequest r = request();
    if (r.baselineFrom >= r.baselineTo || r.recentFrom >= r.recentTo) {
        m_error->setText(tr("Each window must end after it starts."));
        m_error->show();
        return;
    }
    m_error->hide();
    const quint64 generation = ++m_generation;
    m_running = true;
    setPending(1);
    const quint64 task = m_service->startDrift(r, this, [this, generation, r](const Result<QList<DriftRow>> &rows) {
        if (generation != m_generation)
            return;
        if (m_running) {
            m_running = false;
            setPending(-1);
        }
        if (!rows) {
            m_error->setText(tr("Could not test for drift: %1").arg(rows.error().message));
            m_error->show();
            Q_EMIT finished(false);
            return;
        }
        m_shownRequest = r;
        show(*rows);
        Q_EMIT finished(true);
    });
    m_progress->track(task);
}

void ArchetypeDriftView::setPending(int delta)
{
    const bool was = m_pending > 0;
    m_pending = std::max(0, m_pending + delta);
    if (was != (m_pending > 0))
        Q_EMIT busyChanged(m_pending > 0);
}

void ArchetypeDriftView::showRow(const DriftRow &row)
{
    const QString what = tr("%1, %2").arg(
        ArchetypeFormat::archetypeName(row.archetype), ArchetypeFormat::metricTitle(row.archetype, row.metric));
    if (row.metric < 0 || row.metric >= Archetypes::MetricsPerArchetype) {
        // The daily series hold the four metrics; priority and confidence have their numbers in the table only.
        ++m_chartGeneration;
        m_chart->clear();
        m_chartNote->setText(tr("%1: no daily series for this score; the table has its numbers.").arg(what));
        return;
    }
    m_chartNote->setText(
        tr("%1 over both windows: the evaluations' daily mean ± SD (all versions) and the state.").arg(what));
    const quint64 generation = ++m_chartGeneration;
    const DriftRequest windows = m_shownRequest;
    setPending(1);
    m_service->series(this, row.archetype, row.metric, windows.baselineFrom.date(), windows.recentTo.date(),
        [this, generation, windows](const Result<MetricSeries> &series) {
            setPending(-1);
            if (generation != m_chartGeneration)
                return;
            if (!series) {
                m_chartNote->setText(tr("Could not load the series: %1").arg(series.error().message));
                Q_EMIT chartLoaded(false);
                return;
            }
            m_chart->setSeries({ *series });
            m_chart->setWindows(
                { { windows.baselineFrom, windows.baselineTo }, { windows.recentFrom, windows.recentTo } },
                { tr("Baseline window"), tr("Recent window") });
            Q_EMIT chartLoaded(true);
        });
}

void ArchetypeDriftView::show(const QList<DriftRow> &rows)
{
    m_model->setRows(rows);
    if (!rows.isEmpty()) // the strongest first: its chart answers "why" at once
        m_table->selectionModel()->setCurrentIndex(
            m_proxy->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const int alarms = m_model->alarmCount();
    if (rows.isEmpty()) {
        m_headline->setText(tr("No evaluations in these windows to compare."));
        return;
    }
    const DriftRow &top = rows.first(); // the service orders by strength
    const QString strongest
        = tr("%1, %2 (%3): mean %4 → %5, %6 SD, KS D %7, p %8.")
              .arg(ArchetypeFormat::archetypeName(top.archetype),
                  ArchetypeFormat::metricTitle(top.archetype, top.metric),
                  ArchetypeFormat::version(top.model, top.promptVersion), ArchetypeFormat::score(top.meanBaseline),
                  ArchetypeFormat::score(top.meanRecent), ArchetypeFormat::signedScore(top.meanShiftSd),
                  ArchetypeFormat::score(top.ks, 3), ArchetypeFormat::pValue(top.pValue));
    if (alarms == 0) {
        m_headline->setText(tr("No alarm (p < 0.01 and a shift of at least 0.5 SD). Strongest: %1").arg(strongest));
        return;
    }
    // Why: the strongest split row of the same metric names the evaluator model and prompt version it sits in.
    QString cause;
    for (const DriftRow &r : rows) {
        if (r.alarm && r.archetype == top.archetype && r.metric == top.metric
            && !(r.model.isEmpty() && r.promptVersion.isEmpty())) {
            cause = tr(" Split by version, it sits in %1.").arg(ArchetypeFormat::version(r.model, r.promptVersion));
            break;
        }
    }
    m_headline->setText(tr("%Ln alarms. Strongest: %1", nullptr, alarms).arg(strongest) + cause);
}
