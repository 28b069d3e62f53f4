#pragma once

#include "archetypes/dashboardrecords.h"

#include <QWidget>

class ArchetypeDashboardService;
class ArchetypeSeriesChart;
class DriftAlarmModel;
class QCheckBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class TaskProgressRow;
class TaskRunner;

// Drift: a recent window of evaluations against a baseline window (both chosen; by default the last 14 days
// against the 60 before), per archetype and metric with the KS test and the mean shift in baseline SDs, split by
// evaluator model and prompt version so a prompt change shows up as the cause. The test runs as a task (progress,
// Cancel); the alarms list is ordered by strength and the strongest alarm is said in a sentence above it. The
// chosen row's metric is drawn over both windows (shaded), so the shift can be seen where it starts.
class ArchetypeDriftView : public QWidget
{
    Q_OBJECT
public:
    ArchetypeDriftView(ArchetypeDashboardService *service, TaskRunner *tasks, QWidget *parent = nullptr);

    void load(); // sets the default windows the first time; the test runs on run()
    void run();
    void setWindows(const QDate &baselineFrom, const QDate &baselineTo, const QDate &recentFrom,
        const QDate &recentTo); // inclusive days
    DriftRequest request() const;
    DriftAlarmModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    ArchetypeSeriesChart *chart() const { return m_chart; }
    QString headline() const;
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(bool ok);
    void busyChanged(bool busy);
    void chartLoaded(bool ok);

private:
    void show(const QList<DriftRow> &rows);
    void showRow(const DriftRow &row);
    void setPending(int delta);

    ArchetypeDashboardService *m_service;
    QDateEdit *m_baselineFrom;
    QDateEdit *m_baselineTo;
    QDateEdit *m_recentFrom;
    QDateEdit *m_recentTo;
    QCheckBox *m_split;
    QCheckBox *m_alarmsOnly;
    QPushButton *m_run;
    TaskProgressRow *m_progress;
    QLabel *m_headline;
    QLabel *m_error;
    DriftAlarmModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    ArchetypeSeriesChart *m_chart;
    QLabel *m_chartNote;
    DriftRequest m_shownRequest; // the windows the table's rows were computed over
    quint64 m_generation = 0;
    quint64 m_chartGeneration = 0;
    int m_pending = 0;
    bool m_running = false;
    bool m_datesSet = false;
};
