#pragma once

#include "matching/matchservice.h"

#include <QWidget>

class QLabel;
class QTableWidget;

// One or two replays side by side: precision@k, NDCG@k and ROC AUC of each version's score (the Overall
// row) and of each component alone (the other rows), with how many reviewed pairs stood behind them. Of
// two versions, the better figure of each pair is bold.
class ReplayComparison : public QWidget
{
    Q_OBJECT
public:
    enum Metric { PrecisionAtK, NdcgAtK, RocAuc, MetricCount };

    explicit ReplayComparison(QWidget *parent = nullptr);

    void setReports(const QList<ReplayReport> &reports); // at most two are shown
    void clear();

    QList<ReplayReport> reports() const { return m_reports; }
    QTableWidget *table() const { return m_table; }
    QLabel *summaryLabel() const { return m_summary; }

private:
    QList<ReplayReport> m_reports;
    QLabel *m_summary;
    QTableWidget *m_table;
};
