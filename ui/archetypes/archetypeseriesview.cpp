#include "archetypes/archetypeseriesview.h"

#include "common/taborder.h"

#include "archetypes/archetypedashboard.h"
#include "archetypes/archetypeformat.h"
#include "archetypes/archetypepalette.h"
#include "archetypes/archetypeserieschart.h"
#include "common/datalabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
const QDate SeriesOpenDate(2000, 1, 1); // the date edits' minimum, shown as "open"

QDate seriesDateOf(const QDateEdit *edit)
{
    return edit->date() == SeriesOpenDate ? QDate() : edit->date();
}

void fillArchetypes(QComboBox *combo)
{
    for (int a = 0; a < Archetypes::Count; ++a) {
        combo->addItem(Archetypes::name(a), a);
        combo->setItemData(a, ArchetypePalette::color(a), Qt::DecorationRole);
        combo->setItemData(a, Archetypes::title(a), Qt::ToolTipRole);
    }
}
} // namespace

ArchetypeSeriesView::ArchetypeSeriesView(ArchetypeDashboardService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_archetype(new QComboBox(this))
    , m_metric(new QComboBox(this))
    , m_overlay(new QCheckBox(tr("Overlay"), this))
    , m_archetype2(new QComboBox(this))
    , m_metric2(new QComboBox(this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_chart(new ArchetypeSeriesChart(this))
    , m_note(new QLabel(this))
    , m_error(makeErrorLabel(QStringLiteral("seriesError"), this))
{
    m_archetype->setObjectName(QStringLiteral("seriesArchetype"));
    m_metric->setObjectName(QStringLiteral("seriesMetric"));
    m_overlay->setObjectName(QStringLiteral("seriesOverlay"));
    m_from->setAccessibleName(tr("From"));
    m_to->setAccessibleName(tr("To"));
    m_overlay->setToolTip(tr("Draw a second series over the first: another archetype, or another metric"));
    fillArchetypes(m_archetype);
    fillArchetypes(m_archetype2);
    m_archetype2->setCurrentIndex(1);
    fillMetrics(m_archetype, m_metric);
    fillMetrics(m_archetype2, m_metric2);
    m_archetype2->setEnabled(false);
    m_metric2->setEnabled(false);
    for (QDateEdit *edit : { m_from, m_to }) {
        edit->setCalendarPopup(true);
        edit->setMinimumDate(SeriesOpenDate);
        edit->setSpecialValueText(tr("open"));
        edit->setDate(SeriesOpenDate);
        edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    }
    auto *resetZoom = new QPushButton(tr("Show All"), this);
    resetZoom->setToolTip(tr("Undo the zoom: drag across the chart to zoom into a period"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_archetype);
    bar->addWidget(m_metric);
    bar->addSpacing(12);
    bar->addWidget(m_overlay);
    bar->addWidget(m_archetype2);
    bar->addWidget(m_metric2);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("From"), this));
    bar->addWidget(m_from);
    bar->addWidget(new QLabel(tr("to"), this));
    bar->addWidget(m_to);
    bar->addStretch(1);
    bar->addWidget(resetZoom);

    m_note->setWordWrap(true);
    m_note->setText(tr("Solid: the archetype's state history. Dashed with a band: the daily mean of the evaluations "
                       "and one standard deviation either side, so a gap in the state history does not hide them. "
                       "Drag across the chart to zoom."));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_note);
    // The Show All button sits in the bar above the chart but was made after it.
    TabOrder::chain({ m_to, resetZoom, m_chart });

    connect(m_archetype, &QComboBox::currentIndexChanged, this, [this] {
        fillMetrics(m_archetype, m_metric);
        load();
    });
    connect(m_archetype2, &QComboBox::currentIndexChanged, this, [this] {
        fillMetrics(m_archetype2, m_metric2);
        load();
    });
    for (QComboBox *combo : { m_metric, m_metric2 })
        connect(combo, &QComboBox::activated, this, &ArchetypeSeriesView::load);
    connect(m_overlay, &QCheckBox::toggled, this, [this](bool on) {
        m_archetype2->setEnabled(on);
        m_metric2->setEnabled(on);
        load();
    });
    for (QDateEdit *edit : { m_from, m_to })
        connect(edit, &QDateEdit::editingFinished, this, &ArchetypeSeriesView::load);
    connect(resetZoom, &QPushButton::clicked, m_chart, &ArchetypeSeriesChart::resetZoom);
}

void ArchetypeSeriesView::fillMetrics(QComboBox *archetype, QComboBox *metric)
{
    const int a = archetype->currentData().toInt();
    const int keep = metric->currentIndex();
    const QSignalBlocker blocker(metric);
    metric->clear();
    for (int m = 0; m < Archetypes::MetricsPerArchetype; ++m)
        metric->addItem(ArchetypeFormat::metricTitle(a, m), m);
    metric->addItem(ArchetypeFormat::metricTitle(a, -1), -1);
    // The same rank of metric across archetypes: overlaying two archetypes compares like with like.
    metric->setCurrentIndex(keep >= 0 ? keep : 0);
}

void ArchetypeSeriesView::setSeries(int archetype, int metric)
{
    {
        const QSignalBlocker blocker(m_archetype);
        m_archetype->setCurrentIndex(m_archetype->findData(archetype));
        fillMetrics(m_archetype, m_metric);
    }
    m_metric->setCurrentIndex(m_metric->findData(metric));
}

void ArchetypeSeriesView::setOverlay(bool on, int archetype, int metric)
{
    const QSignalBlocker blocker(m_overlay);
    const QSignalBlocker blocker2(m_archetype2);
    m_overlay->setChecked(on);
    m_archetype2->setEnabled(on);
    m_metric2->setEnabled(on);
    m_archetype2->setCurrentIndex(m_archetype2->findData(archetype));
    fillMetrics(m_archetype2, m_metric2);
    m_metric2->setCurrentIndex(m_metric2->findData(metric));
}

void ArchetypeSeriesView::setPeriod(const QDate &from, const QDate &to)
{
    m_from->setDate(from.isValid() ? from : SeriesOpenDate);
    m_to->setDate(to.isValid() ? to : SeriesOpenDate);
}

void ArchetypeSeriesView::load()
{
    if (!m_service)
        return;
    const quint64 generation = ++m_generation;
    const int slots = m_overlay->isChecked() ? 2 : 1;
    m_pending = QList<std::optional<MetricSeries>>(slots);
    if (!m_loading) {
        m_loading = true;
        Q_EMIT busyChanged(true);
    }
    const QDate from = seriesDateOf(m_from);
    const QDate to = seriesDateOf(m_to);
    const QList<QPair<int, int>> wanted = { { m_archetype->currentData().toInt(), m_metric->currentData().toInt() },
        { m_archetype2->currentData().toInt(), m_metric2->currentData().toInt() } };
    for (int slot = 0; slot < slots; ++slot) {
        m_service->series(this, wanted.at(slot).first, wanted.at(slot).second, from, to,
            [this, slot, generation](const Result<MetricSeries> &series) { onLoaded(slot, generation, series); });
    }
}

void ArchetypeSeriesView::onLoaded(int slot, quint64 generation, const Result<MetricSeries> &series)
{
    if (generation != m_generation)
        return;
    if (!series) {
        m_generation++; // the other half of this load is no use alone
        m_loading = false;
        Q_EMIT busyChanged(false);
        m_error->setText(tr("Could not load the time series: %1").arg(series.error().message));
        m_error->show();
        Q_EMIT loaded(false);
        return;
    }
    m_pending[slot] = *series;
    for (const auto &part : std::as_const(m_pending)) {
        if (!part)
            return;
    }
    m_error->hide();
    m_shown.clear();
    for (const auto &part : std::as_const(m_pending))
        m_shown << *part;
    m_chart->setSeries(m_shown);
    m_loading = false;
    Q_EMIT busyChanged(false);
    Q_EMIT loaded(true);
}
