#pragma once

#include "matching/matchservice.h"

#include <QSet>
#include <QWidget>

#include <functional>

class LearningChart;
class ModelVersionModel;
class QComboBox;
class QGroupBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class ReplayComparison;
class SuggestionView;
class TaskRunner;
class VersionEditor;
struct TaskInfo;

// The model registry: ai.model_versions of one type (embedding, matching, bias, learning) with which is
// active, deployed and retired. For matching versions it drafts new versions (weights that must sum to 1,
// threshold, top-k; from the selected version or from scratch), activates or retires one after a
// confirmation that names the version active now, replays one or two versions against the operators'
// reviews, fits suggested weights, and charts the recorded learning metrics of the selected version.
// Replays and fits run as tasks (Tasks panel; the page shows their progress and can cancel them).
// The service and the runner are not owned; actions are recorded under the OS user's name.
class ModelRegistryPage : public QWidget
{
    Q_OBJECT
public:
    ModelRegistryPage(MatchService *service, TaskRunner *tasks, QWidget *parent = nullptr);

    // Lists the versions of the chosen type (again).
    void load();

    // "embedding", "matching", "bias" or "learning".
    QString modelType() const;
    void setModelType(const QString &modelType);
    // The selected versions, in table order.
    QList<RegistryVersion> selectedVersions() const;
    // Selects the rows of these versions (the first becomes current); ids not listed are ignored.
    void selectVersions(const QList<QUuid> &ids);
    bool isBusy() const { return !m_taskIds.isEmpty(); }
    static QString actor(); // $USER, or "operator"

    ModelVersionModel *versionModel() const { return m_model; }
    QTableView *versionTable() const { return m_table; }
    VersionEditor *editor() const { return m_editor; }
    ReplayComparison *replayComparison() const { return m_replays; }
    SuggestionView *suggestionView() const { return m_suggestion; }
    LearningChart *learningChart() const { return m_chart; }

public Q_SLOTS:
    void newFromSelected();
    void newFromScratch();
    void confirmActivate(); // opens the confirmation (window-modal, open()); the answer acts
    void confirmRetire();
    void replaySelected();
    void compareSelected(); // exactly two selected
    void suggestWeights();
    void cancelTasks();

Q_SIGNALS:
    void versionsLoaded();
    void versionCreated(const RegistryVersion &version);
    void versionActivated(const QUuid &id);
    void versionRetired(const QUuid &id);
    void replaysShown(int count); // the replay table shows this many versions
    void suggestionShown(const RegistryVersion &draft);
    void historyLoaded();
    void busyChanged(bool busy);
    void actionFailed(const QString &message); // translated; also shown on the page

private:
    QWidget *createActions();
    QWidget *createTaskRow();
    void onVersionsLoaded();
    void updateActions();
    void loadHistory();
    void saveDraft(const MatchingVersionDraft &draft);
    // A window-modal question whose button `confirmText` runs `action`; Cancel (the default) does nothing.
    void askThenDo(const QString &objectName, const QString &title, const QString &text, const QString &confirmText,
        const std::function<void()> &action);
    void activate(const RegistryVersion &version);
    void retire(const RegistryVersion &version);
    RegistryVersion activeVersion() const; // null id when none is listed
    void startReplays(const QList<RegistryVersion> &versions);
    void trackTask(quint64 id);
    void onTaskChanged(const TaskInfo &task);
    void untrackTask(quint64 id);
    void showError(const QString &message);
    void showMessage(const QString &message);

    MatchService *m_service;
    TaskRunner *m_tasks;
    ModelVersionModel *m_model;
    QComboBox *m_type;
    QTableView *m_table;
    QGroupBox *m_editorBox;
    VersionEditor *m_editor;
    QTabWidget *m_results;
    ReplayComparison *m_replays;
    SuggestionView *m_suggestion;
    LearningChart *m_chart;
    QLabel *m_error;
    QLabel *m_message;
    QWidget *m_taskRow = nullptr;
    QLabel *m_taskStatus = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_newFromSelected = nullptr, *m_newFromScratch = nullptr, *m_activate = nullptr, *m_retire = nullptr,
                *m_replay = nullptr, *m_compare = nullptr, *m_suggest = nullptr;
    QList<QUuid> m_keepSelection; // re-selected after the model reloads
    QSet<quint64> m_taskIds; // this page's running tasks
    quint64 m_replayGeneration = 0;
    QList<ReplayReport> m_pendingReports;
    QList<QUuid> m_pendingOrder;
    quint64 m_historyGeneration = 0;
};
