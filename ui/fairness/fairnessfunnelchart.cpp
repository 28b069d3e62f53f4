#include "fairness/fairnessfunnelchart.h"

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

namespace {
// Distinguishable in print as well as on screen (Okabe–Ito order).
const QList<QColor> GroupColours { QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00), QColor(0x00, 0x9e, 0x73),
    QColor(0xcc, 0x79, 0xa7), QColor(0x56, 0xb4, 0xe9), QColor(0xd5, 0x5e, 0x00), QColor(0x99, 0x99, 0x99),
    QColor(0xf0, 0xe4, 0x42) };
} // namespace

FairnessFunnelChart::FairnessFunnelChart(QWidget *parent)
    : QChartView(parent)
    , m_stageAxis(new QBarCategoryAxis)
    , m_ratioAxis(new QValueAxis)
{
    setUpFairnessChart(this, m_stageAxis, m_ratioAxis, tr("Impact ratio to the reference"), 1);
    clear();
}

void FairnessFunnelChart::clear()
{
    chart()->removeAllSeries();
    m_stageAxis->clear();
    m_ratioAxis->setRange(0.0, 1.4);
    m_stages = 0;
    m_groups = 0;
    chart()->setTitle(tr("Build a report to see where a disparity enters"));
}

void FairnessFunnelChart::setReport(const FairnessReport &report)
{
    clear();
    const QList<FairnessReport> stages = report.stages.isEmpty() ? QList<FairnessReport> { report } : report.stages;
    // Groups in the order of their first appearance, so each keeps one colour across the stages.
    QStringList groups;
    for (const FairnessReport &stage : stages) {
        for (const GroupOutcome &g : stage.groups) {
            if (!groups.contains(g.group))
                groups << g.group;
        }
    }
    if (groups.isEmpty())
        return;
    QStringList categories;
    for (const FairnessReport &stage : stages)
        categories << stageLabel(stage.request.stage);

    auto *series = new QBarSeries;
    double top = 1.3;
    for (int i = 0; i < groups.size(); ++i) {
        auto *set = new QBarSet(groups.at(i));
        const QColor colour = GroupColours.at(i % GroupColours.size());
        set->setColor(colour);
        set->setBorderColor(colour.darker(130));
        bool drawn = false;
        for (const FairnessReport &stage : stages) {
            double value = 0.0;
            for (const GroupOutcome &g : stage.groups) {
                if (g.group != groups.at(i) || g.suppressed)
                    continue;
                value = g.isReference ? 1.0 : g.impactRatio;
                drawn = drawn || std::isfinite(value);
            }
            set->append(std::isfinite(value) ? value : 0.0);
            top = std::max(top, std::isfinite(value) ? value : 0.0);
        }
        if (!drawn)
            set->setLabel(tr("%1 (suppressed)").arg(groups.at(i)));
        series->append(set);
    }
    chart()->addSeries(series);
    m_stageAxis->append(categories);
    series->attachAxis(m_stageAxis);
    series->attachAxis(m_ratioAxis);

    const double left = -0.5;
    const double right = double(stages.size()) - 0.5;
    for (const auto &[level, name] : { std::pair { 0.8, tr("Fair band 0.8–1.25") }, std::pair { 1.25, QString() } }) {
        auto *line = new QLineSeries;
        line->append(left, level);
        line->append(right, level);
        line->setPen(QPen(QColor(0xc0, 0x39, 0x2b), 1.5, Qt::DashLine));
        line->setName(name);
        chart()->addSeries(line);
        line->attachAxis(m_stageAxis);
        line->attachAxis(m_ratioAxis);
        if (name.isEmpty()) {
            for (QLegendMarker *marker : chart()->legend()->markers(line))
                marker->setVisible(false);
        }
    }
    m_ratioAxis->setRange(0.0, top + 0.1);
    m_ratioAxis->applyNiceNumbers();
    m_stages = int(stages.size());
    m_groups = int(groups.size());
    chart()->setTitle(tr("%1 across the stages: impact ratio per group")
                          .arg(FairnessFormat::attributesText(report.request.attributes)));
}
