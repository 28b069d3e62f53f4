#pragma once

#include "core/result.h"
#include "fairness/fairnessrecords.h"

#include <QWidget>

class FairnessHistoryModel;
class FairnessReportView;
class FairnessService;
class QLabel;
class QPushButton;
class QTableView;

// The saved reports, newest first: open one as the current report, or select two and compare them side by
// side (each as it was computed, with its own parameters and data fingerprint).
class FairnessHistoryView : public QWidget
{
    Q_OBJECT
public:
    explicit FairnessHistoryView(FairnessService *service, QWidget *parent = nullptr);

    void reload();
    void compare(const QUuid &left, const QUuid &right);

    FairnessHistoryModel *history() const { return m_history; }
    QTableView *table() const { return m_table; }
    FairnessReportView *left() const { return m_left; }
    FairnessReportView *right() const { return m_right; }

Q_SIGNALS:
    void loaded();
    void openRequested(const QUuid &reportId);
    void compared(); // both sides show their reports
    void failed(const QString &message); // translated

private:
    QList<QUuid> selectedIds() const;
    void showSide(FairnessReportView *side, quint64 generation, const Result<FairnessReport> &report);
    void updateActions();

    FairnessService *m_service;
    FairnessHistoryModel *m_history;
    QTableView *m_table;
    QPushButton *m_open;
    QPushButton *m_compare;
    QLabel *m_hint;
    QWidget *m_comparison;
    FairnessReportView *m_left;
    FairnessReportView *m_right;
    quint64 m_compareGeneration = 0;
    int m_compareWaiting = 0;
};
