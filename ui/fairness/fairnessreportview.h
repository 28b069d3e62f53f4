#pragma once

#include "fairness/fairnessrecords.h"

#include <QWidget>

class FairnessGroupModel;
class FairnessRateChart;
class QLabel;
class QTableView;

// One report as a reader takes it in: what was asked (stage, attribute, reference, period, minimum size),
// the written summary, the per-group table and the rate chart. The Fairness page shows the current report in
// one, and two of them side by side to compare saved reports.
class FairnessReportView : public QWidget
{
    Q_OBJECT
public:
    explicit FairnessReportView(QWidget *parent = nullptr);

    void setReport(const FairnessReport &report);
    void clear(const QString &placeholder = QString());
    // Side by side there is half the width: only the group, n, rate, ratio and flag columns.
    void setCompact(bool compact);

    FairnessGroupModel *groups() const { return m_groups; }
    QTableView *table() const { return m_table; }
    FairnessRateChart *chart() const { return m_chart; }
    QString headingText() const;
    QString summaryText() const; // the summary sentences as shown, one per line

    // "Approved at level 1 · age band · reference: highest rate (30-44) · all time · n ≥ 30"
    static QString parametersText(const FairnessReport &report);

private:
    QLabel *m_heading;
    QLabel *m_summary;
    FairnessGroupModel *m_groups;
    QTableView *m_table;
    FairnessRateChart *m_chart;
    bool m_compact = false;
};
