#include "fairness/fairnessratechart.h"

#include "fairness/fairnesschartsetup.h"
#include "fairness/fairnessformat.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {
const QColor BarColour(0x4a, 0x7d, 0xb5);
const QColor FlaggedColour(0xc0, 0x39, 0x2b);
const QColor WhiskerColour(0x22, 0x22, 0x22);
constexpr qsizetype MaxGroupsWithSuppressed = 8;
} // namespace

FairnessRateChart::FairnessRateChart(QWidget *parent)
    : QChartView(parent)
    , m_groupAxis(new QBarCategoryAxis)
    , m_rateAxis(new QValueAxis)
{
    setUpFairnessChart(this, m_groupAxis, m_rateAxis, tr("Selection rate"), 1);
    clear();
}

void FairnessRateChart::clear()
{
    chart()->removeAllSeries();
    m_groupAxis->clear();
    m_rateAxis->setRange(0.0, 1.0);
    m_bars = 0;
    m_fourFifths = std::numeric_limits<double>::quiet_NaN();
    chart()->setTitle(tr("Build a report to chart the selection rates"));
}

void FairnessRateChart::setReport(const FairnessReport &report)
{
    clear();
    if (report.groups.isEmpty())
        return;
    auto *bars = new QBarSeries;
    auto *set = new QBarSet(tr("Selection rate, 95 % interval"));
    set->setColor(BarColour);
    set->setBorderColor(BarColour.darker(130));
    set->setSelectedColor(FlaggedColour); // Qt draws "selected" bars in this colour: the flagged groups
    // A few suppressed groups keep their place on the axis; among many (an intersection) they would crowd out the
    // groups that have a rate, so they stay in the table only and the title counts them.
    QList<GroupOutcome> drawn;
    int hidden = 0;
    for (const GroupOutcome &g : report.groups) {
        if (g.suppressed && report.groups.size() > MaxGroupsWithSuppressed)
            ++hidden;
        else
            drawn << g;
    }
    QStringList categories;
    double top = 0.0;
    double referenceRate = std::numeric_limits<double>::quiet_NaN();
    for (const GroupOutcome &g : std::as_const(drawn)) {
        if (g.suppressed) {
            categories << tr("%1 (suppressed)").arg(g.group);
            set->append(0.0);
            continue;
        }
        categories << g.group;
        set->append(g.rate);
        if (g.fourFifthsFlag)
            set->selectBar(int(set->count()) - 1);
        top = std::max({ top, g.rate, std::isfinite(g.rateHigh) ? g.rateHigh : 0.0 });
        if (g.isReference)
            referenceRate = g.rate;
        ++m_bars;
    }
    bars->append(set);
    bars->setBarWidth(0.6);
    chart()->addSeries(bars);
    m_groupAxis->append(categories);
    bars->attachAxis(m_groupAxis);
    bars->attachAxis(m_rateAxis);

    // The whiskers: one polyline per group (low cap, stem, high cap), kept out of the legend.
    const double cap = 0.08;
    for (int i = 0; i < drawn.size(); ++i) {
        const GroupOutcome &g = drawn.at(i);
        if (g.suppressed || !std::isfinite(g.rateLow) || !std::isfinite(g.rateHigh))
            continue;
        auto *whisker = new QLineSeries;
        whisker->append({ QPointF(i - cap, g.rateLow), QPointF(i + cap, g.rateLow), QPointF(i, g.rateLow),
            QPointF(i, g.rateHigh), QPointF(i - cap, g.rateHigh), QPointF(i + cap, g.rateHigh) });
        whisker->setPen(QPen(WhiskerColour, 1.5));
        chart()->addSeries(whisker);
        whisker->attachAxis(m_groupAxis);
        whisker->attachAxis(m_rateAxis);
        for (QLegendMarker *marker : chart()->legend()->markers(whisker))
            marker->setVisible(false);
    }

    const double left = -0.5;
    const double right = double(drawn.size()) - 0.5;
    auto addLevel = [&](double level, const QString &name, const QPen &pen) {
        auto *line = new QLineSeries;
        line->setName(name);
        line->append(left, level);
        line->append(right, level);
        line->setPen(pen);
        chart()->addSeries(line);
        line->attachAxis(m_groupAxis);
        line->attachAxis(m_rateAxis);
    };
    if (std::isfinite(referenceRate)) {
        m_fourFifths = 0.8 * referenceRate;
        addLevel(referenceRate,
            tr("Reference %1: %2").arg(report.referenceGroup, FairnessFormat::number(referenceRate)),
            QPen(QColor(0x55, 0x55, 0x55), 1.0));
        QPen dashed(FlaggedColour, 2.0, Qt::DashLine);
        addLevel(m_fourFifths,
            tr("Four-fifths: 0.8 × %1 = %2")
                .arg(FairnessFormat::number(referenceRate), FairnessFormat::number(m_fourFifths)),
            dashed);
    }
    m_rateAxis->setRange(0.0, std::min(1.0, top + 0.05));
    m_rateAxis->applyNiceNumbers(); // round ticks (0.2, 0.4, …) whatever the top rate
    QString title
        = tr("%1 by %2")
              .arg(stageLabel(report.request.stage), FairnessFormat::attributesText(report.request.attributes));
    if (hidden > 0)
        title += tr(" (%n suppressed groups not drawn)", nullptr, hidden);
    chart()->setTitle(title);
}
