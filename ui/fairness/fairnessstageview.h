#pragma once

#include "fairness/fairnessrecords.h"

#include <QWidget>

class FairnessFunnelChart;
class QLabel;
class QTableWidget;

// "Where it enters": the report's attribute at proposed → approved at level 1 → hired side by side, as a chart
// of impact ratios per stage and a table with each group's rate and ratio per stage (flagged cells in red,
// suppressed cells say so). The report's summary says in words which stage the gap appears at.
class FairnessStageView : public QWidget
{
    Q_OBJECT
public:
    explicit FairnessStageView(QWidget *parent = nullptr);

    void setReport(const FairnessReport &report);
    void clear();

    FairnessFunnelChart *chart() const { return m_chart; }
    QTableWidget *table() const { return m_table; }
    QString cellText(const QString &group, FairnessStage stage) const; // as shown; empty when absent

private:
    QLabel *m_note;
    QTableWidget *m_table;
    FairnessFunnelChart *m_chart;
};
