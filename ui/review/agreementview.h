#pragma once

#include "review/reviewrecords.h"

#include <QWidget>

class PairAgreementModel;
class QBarCategoryAxis;
class QChartView;
class QLabel;
class QPushButton;
class QTableView;
class QValueAxis;
class ReviewService;
class ReviewerStatsModel;

// Agreement between reviewers: Cohen's κ per pair of level-1 reviewers and Fleiss' κ and Krippendorff's α
// overall, each with its 95 % interval; per reviewer their decisions, throughput, approval rate and
// agreement with level 2; a chart of κ per pair beside the overall figure; Export CSV.
class AgreementView : public QWidget
{
    Q_OBJECT
public:
    explicit AgreementView(ReviewService *service, QWidget *parent = nullptr);

    void refresh(); // asks the service again
    bool exportCsv(const QString &path); // false with statusText() saying why
    QString summaryText() const;
    QString statusText() const;
    PairAgreementModel *pairs() const { return m_pairs; }
    ReviewerStatsModel *reviewers() const { return m_reviewers; }
    const AgreementReport &report() const { return m_report; }

Q_SIGNALS:
    void refreshed(bool ok);

private:
    void showReport(const AgreementReport &report);
    void chooseExportFile();

    ReviewService *m_service;
    AgreementReport m_report;
    PairAgreementModel *m_pairs;
    ReviewerStatsModel *m_reviewers;
    QLabel *m_summary;
    QTableView *m_pairView;
    QTableView *m_reviewerView;
    QChartView *m_chart;
    QBarCategoryAxis *m_pairAxis;
    QValueAxis *m_kappaAxis;
    QPushButton *m_export;
    QLabel *m_status;
};
