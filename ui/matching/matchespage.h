#pragma once

#include <QUuid>
#include <QWidget>

class MatchCandidateModel;
class MatchDetailPanel;
class MatchJobListModel;
class MatchService;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QToolButton;
class TaskRunner;
struct MatchRunRecord;
template<typename T> class Result;

// The Matches page: the jobs with filters and the bias badge; the selected job's ranked candidates with
// each component as a bar next to its weight; why the selected candidate ranks where it does; the reverse
// view from a freelancer; match runs (all open jobs, this job, the selected jobs) as tasks; an alert when
// proposals went out for a job whose bias review is still pending.
class MatchesPage : public QWidget
{
    Q_OBJECT
public:
    MatchesPage(MatchService *service, TaskRunner *tasks, QWidget *parent = nullptr);

    void load(); // the workspace opened or changed

    enum class RunScope { OpenJobs, CurrentJob, SelectedJobs };
    quint64 runMatching(RunScope scope); // the task id, 0 when nothing to run

    MatchJobListModel *jobs() const { return m_jobs; }
    MatchCandidateModel *candidates() const { return m_candidates; }
    QTableView *jobView() const { return m_jobView; }
    QTableView *candidateView() const { return m_candidateView; }
    MatchDetailPanel *detail() const { return m_detail; }
    QString alertText() const; // empty when no alert is shown
    QString runStatusText() const;
    void selectJob(int row);
    void selectCandidate(int row);
    void showFreelancer(const QUuid &freelancerId);
    void backToJob();

Q_SIGNALS:
    void busyChanged(bool busy);
    void runFinished(bool ok);

private:
    QWidget *createFilterBar();
    QWidget *createCandidateArea();
    void applyFilter();
    void loadVersions();
    void loadAlerts();
    void onJobChanged();
    void onCandidateChanged();
    void onRunDone(const Result<MatchRunRecord> &result);
    QString actor() const;

    MatchService *m_service;
    TaskRunner *m_tasks;
    MatchJobListModel *m_jobs;
    MatchCandidateModel *m_candidates;
    QLineEdit *m_search;
    QComboBox *m_status;
    QComboBox *m_region;
    QComboBox *m_category;
    QCheckBox *m_biasOnly;
    QToolButton *m_run;
    QWidget *m_alert;
    QLabel *m_alertText;
    QTableView *m_jobView;
    QLabel *m_candidateTitle;
    QPushButton *m_back;
    QTableView *m_candidateView;
    MatchDetailPanel *m_detail;
    QLabel *m_runStatus;
    QUuid m_lastJob;
    quint64 m_runTask = 0;
};
