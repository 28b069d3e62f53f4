#pragma once

#include "fairness/fairnessrecords.h"

#include <QWidget>

class JobRankingModel;
class QLabel;
class QTableView;
class QTableWidget;

// The ranking measures taken on each job's own ranking, beside the pooled ones: for NDKL, rND, skew@k and the
// exposure/merit ratio of the protected group, the pooled value and the mean, median and worst over the measured
// jobs; how many jobs were not measured and why; and the worst jobs (sortable), as far as the privacy rule of
// PerJobRanking lets the report name them. Every measure's tooltip says what it means. Values only.
class PerJobRankingView : public QWidget
{
    Q_OBJECT
public:
    explicit PerJobRankingView(QWidget *parent = nullptr);

    void setReport(const FairnessReport &report);
    void clear();

    QTableWidget *figures() const { return m_figures; }
    QTableView *worstJobs() const { return m_worst; }
    JobRankingModel *worstModel() const { return m_model; }
    QString countsText() const; // the measured / not measured sentence as shown
    QString withheldText() const; // empty when every measured job could be named

private:
    QLabel *m_counts;
    QTableWidget *m_figures;
    QLabel *m_worstTitle;
    JobRankingModel *m_model;
    QTableView *m_worst;
    QLabel *m_withheld;
};
