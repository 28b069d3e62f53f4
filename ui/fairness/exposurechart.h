#pragma once

#include "fairness/fairnessrecords.h"

#include <QChartView>

class QBarCategoryAxis;
class QValueAxis;

// Ranking fairness per group: the mean position-discounted exposure 1/log2(1 + rank) of its proposals in the
// engine's rankings beside their mean merit (the engine's score); each group's label carries its disparate
// treatment ratio against the reference (1 = exposure in proportion to merit, Singh & Joachims 2018) and the
// title NDKL and rND over the jobs.
class ExposureChart : public QChartView
{
    Q_OBJECT
public:
    explicit ExposureChart(QWidget *parent = nullptr);

    void setRanking(const RankingSummary &ranking, const QString &attributeText);
    void clear();

    int groupCount() const { return m_groups; }

private:
    QBarCategoryAxis *m_groupAxis;
    QValueAxis *m_shareAxis;
    int m_groups = 0;
};
