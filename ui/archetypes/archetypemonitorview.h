#pragma once

#include <QWidget>

class ArchetypeDashboardService;
class EvaluationFailureModel;
class EvaluationMonitorModel;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class TaskProgressRow;
class TaskRunner;

// Evaluation monitor: evaluated, pending and failed per archetype, evaluator model and prompt version; the
// failures newest first with the chosen one's reason and raw reply as the model sent it; Retry Selected evaluates
// the selected failures' memories again as a task (progress, Cancel).
class ArchetypeMonitorView : public QWidget
{
    Q_OBJECT
public:
    ArchetypeMonitorView(ArchetypeDashboardService *service, TaskRunner *tasks, QWidget *parent = nullptr);

    void load();
    void setFailureArchetype(int archetype); // −1 = all
    void selectFailures(const QList<int> &rows);
    void retrySelected();

    EvaluationMonitorModel *monitorModel() const { return m_monitor; }
    EvaluationFailureModel *failureModel() const { return m_failures; }
    QTableView *failureTable() const { return m_failureTable; }
    QString totalsText() const;
    QString rawReplyText() const;
    QString reasonText() const;
    QString retryMessage() const;

Q_SIGNALS:
    void loaded(bool ok);
    void busyChanged(bool busy);
    void retryRunningChanged(bool running);
    void retryFinished(bool ok);

private:
    void loadFailures(int limit);
    void showDetail();
    void setPending(int delta);

    ArchetypeDashboardService *m_service;
    EvaluationMonitorModel *m_monitor;
    EvaluationFailureModel *m_failures;
    QLabel *m_totals;
    QTableView *m_monitorTable;
    QComboBox *m_archetype;
    QTableView *m_failureTable;
    QLabel *m_reason;
    QPlainTextEdit *m_raw;
    QPushButton *m_retry;
    TaskProgressRow *m_progress;
    QLabel *m_retryMessage;
    QLabel *m_error;
    quint64 m_monitorGeneration = 0;
    quint64 m_failureGeneration = 0;
    int m_pending = 0;
    bool m_retrying = false;
};
