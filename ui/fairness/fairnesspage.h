#pragma once

#include "core/result.h"
#include "fairness/fairnessrecords.h"

#include <QWidget>

class BiasQueuePage;
class ExposureChart;
class FairnessHistoryView;
class FairnessReportView;
class FairnessService;
class FairnessStageView;
class PerJobRankingView;
class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QToolButton;
class TaskProgressRow;
class TaskRunner;

// The Fairness page (issue 18): the outcome fairness report — choose the stage, the attribute (or the
// intersection of two), the reference group, the period and the minimum group size, Build as a task — shown as
// the written summary, the per-group table and the rate chart; where a disparity enters (the same attribute at
// proposed → approved → hired); exposure against merit in the engine's rankings, pooled and per job (mean,
// median, worst and the worst jobs the privacy rule lets it name); the saved reports (open,
// compare two); exports to PDF, HTML and CSV; and the text bias queue. Only group counts ever reach the page;
// when the database refuses the audit attributes to this connection's role, the page says so and why.
class FairnessPage : public QWidget
{
    Q_OBJECT
public:
    FairnessPage(FairnessService *service, TaskRunner *tasks, QWidget *parent = nullptr);

    void load(); // the workspace opened or changed: attributes, history, bias queue

    enum class Tab { Report, Stages, Ranking, History, BiasQueue };
    void showTab(Tab tab);

    void setRequest(const FairnessRequest &request); // fills the controls
    FairnessRequest request() const; // as the controls say
    quint64 buildReport(); // the task id, 0 when it could not start (the page says why)
    void showReport(const FairnessReport &report);
    void openReport(const QUuid &id); // a saved report, as it was computed
    const FairnessReport &currentReport() const { return m_report; }

    Result<void> exportPdf(const QString &path) const;
    Result<void> exportHtml(const QString &path) const;
    Result<void> exportCsv(const QString &path) const;

    FairnessReportView *reportView() const { return m_reportView; }
    FairnessStageView *stageView() const { return m_stageView; }
    ExposureChart *exposureChart() const { return m_exposure; }
    PerJobRankingView *perJobRanking() const { return m_perJob; }
    FairnessHistoryView *history() const { return m_history; }
    BiasQueuePage *biasQueue() const { return m_biasQueue; }
    QStringList attributeNames() const; // as offered in the attribute choice
    QString accessText() const; // the refusal explained; empty while access is fine
    QString errorText() const;

Q_SIGNALS:
    void busyChanged(bool busy);
    void attributesLoaded(bool ok);
    void reportBuilt(bool ok);
    void reportOpened(const QUuid &id);

private:
    QWidget *createControls();
    QWidget *createRankingTab();
    void loadAttributes();
    void onReportDone(const Result<FairnessReport> &report);
    void showRefusal(const QString &message);
    void showError(const QString &message);
    void updateActions();
    void exportAs(const QString &format);
    QString actor() const;

    FairnessService *m_service;
    TaskRunner *m_tasks;
    FairnessReport m_report;
    QComboBox *m_stage;
    QComboBox *m_attribute;
    QComboBox *m_second;
    QComboBox *m_reference;
    QComboBox *m_chosen;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QSpinBox *m_minSize;
    QSpinBox *m_topK;
    QPushButton *m_build;
    QToolButton *m_export;
    TaskProgressRow *m_taskRow;
    QLabel *m_error;
    QTabWidget *m_tabs;
    QStackedWidget *m_reportStack;
    QLabel *m_access;
    FairnessReportView *m_reportView;
    FairnessStageView *m_stageView;
    ExposureChart *m_exposure;
    PerJobRankingView *m_perJob;
    QLabel *m_rankingText;
    FairnessHistoryView *m_history;
    BiasQueuePage *m_biasQueue;
    bool m_refused = false;
};
