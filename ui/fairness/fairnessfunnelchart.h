#pragma once

#include "fairness/fairnessrecords.h"

#include <QChartView>

class QBarCategoryAxis;
class QValueAxis;

// Where a disparity enters: the same attribute at each stage of the funnel (proposed by the engine →
// approved at level 1 → hired) side by side, one bar per group showing its impact ratio to the reference at
// that stage, between the fair band's lines at 0.8 and 1.25. A gap that appears only after the engine's
// proposals comes from the decisions, not the model. Suppressed groups have no bar at that stage.
class FairnessFunnelChart : public QChartView
{
    Q_OBJECT
public:
    explicit FairnessFunnelChart(QWidget *parent = nullptr);

    void setReport(const FairnessReport &report); // draws report.stages (or the report alone without them)
    void clear();

    int stageCount() const { return m_stages; }
    int groupCount() const { return m_groups; }

private:
    QBarCategoryAxis *m_stageAxis;
    QValueAxis *m_ratioAxis;
    int m_stages = 0;
    int m_groups = 0;
};
