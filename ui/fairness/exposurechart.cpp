#include "fairness/exposurechart.h"

#include "fairness/fairnesschartsetup.h"
#include "fairness/fairnessformat.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QValueAxis>

#include <algorithm>

ExposureChart::ExposureChart(QWidget *parent)
    : QChartView(parent)
    , m_groupAxis(new QBarCategoryAxis)
    , m_shareAxis(new QValueAxis)
{
    setUpFairnessChart(this, m_groupAxis, m_shareAxis, tr("Mean per proposal"), 2);
    clear();
}

void ExposureChart::clear()
{
    chart()->removeAllSeries();
    m_groupAxis->clear();
    m_shareAxis->setRange(0.0, 1.0);
    m_groups = 0;
    chart()->setTitle(tr("Build a report to compare exposure with merit"));
}

void ExposureChart::setRanking(const RankingSummary &ranking, const QString &attributeText)
{
    clear();
    if (ranking.groups.isEmpty()) {
        chart()->setTitle(tr("No ranked proposals to measure exposure on"));
        return;
    }
    auto *exposure = new QBarSet(tr("Mean exposure 1/log2(1 + rank)"));
    exposure->setColor(QColor(0x00, 0x72, 0xb2));
    auto *merit = new QBarSet(tr("Mean merit (the engine's score)"));
    merit->setColor(QColor(0xb0, 0xb0, 0xb0));
    QStringList categories;
    double top = 0.0;
    for (const RankingFairness &g : ranking.groups) {
        // The disparate treatment ratio against the reference group: 1 = exposure in proportion to merit.
        categories << tr("%1 (ratio %2)").arg(g.group, FairnessFormat::number(g.exposureToMerit));
        exposure->append(g.exposure);
        merit->append(g.merit);
        top = std::max({ top, g.exposure, g.merit });
    }
    auto *series = new QBarSeries;
    series->append(exposure);
    series->append(merit);
    chart()->addSeries(series);
    m_groupAxis->append(categories);
    series->attachAxis(m_groupAxis);
    series->attachAxis(m_shareAxis);
    m_shareAxis->setRange(0.0, top * 1.1);
    m_shareAxis->applyNiceNumbers();
    m_groups = int(ranking.groups.size());
    chart()->setTitle(tr("Exposure against merit by %1 over %n jobs (NDKL %2; rND of %3: %4)", nullptr, ranking.jobs)
                          .arg(attributeText, FairnessFormat::number(ranking.ndkl, 3), ranking.protectedGroup,
                              FairnessFormat::number(ranking.rnd, 3)));
}
