#pragma once

#include "fairness/fairnessrecords.h"

#include <QChartView>

class QBarCategoryAxis;
class QValueAxis;

// One stage's selection rate per group as bars with their 95 % Wilson interval as whiskers, the reference
// group's rate, and the four-fifths line (0.8 × the reference rate) a bar must reach. Flagged groups are drawn
// in red; a suppressed group keeps its place on the axis, labelled as suppressed, with no bar.
class FairnessRateChart : public QChartView
{
    Q_OBJECT
public:
    explicit FairnessRateChart(QWidget *parent = nullptr);

    void setReport(const FairnessReport &report);
    void clear();

    int barCount() const { return m_bars; } // groups drawn with a bar, for tests
    double fourFifthsLevel() const { return m_fourFifths; } // NaN when no reference

private:
    QBarCategoryAxis *m_groupAxis;
    QValueAxis *m_rateAxis;
    int m_bars = 0;
    double m_fourFifths = 0;
};
