#pragma once

#include "archetypes/strategyrecords.h"

#include <QUuid>
#include <QWidget>

class PriorityRowModel;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTimer;
class RankMoveModel;
class StrategyEditor;
class StrategyListModel;
class StrategyService;
class StrategySimulator;
class TaskProgressRow;
class TaskRunner;

// Priority & strategies: the weighting strategies and an editor for one (weights that must add up to 1); under
// the edited strategy the top memories by decayed priority with each archetype's weighted contribution, the share
// of long-term and core memories, and the memories whose priority falls under a chosen floor within N days; the
// preview (Kendall's τ of the top 1,000, the memories that move most and why, how many cross the floor), apply
// and undo as tasks; and the simulator beside them.
class ArchetypePriorityView : public QWidget
{
    Q_OBJECT
public:
    ArchetypePriorityView(StrategyService *service, TaskRunner *tasks, QWidget *parent = nullptr);

    void load();
    void selectStrategy(int row);
    void newStrategy(); // a copy of the edited weights under a new name, not saved yet
    void save();
    void removeSelected();
    void preview();
    void apply();
    void undoLastApply();

    StrategyEditor *editor() const { return m_editor; }
    StrategyListModel *strategies() const { return m_strategies; }
    PriorityRowModel *top() const { return m_top; }
    PriorityRowModel *atRisk() const { return m_atRisk; }
    RankMoveModel *movesUp() const { return m_up; }
    RankMoveModel *movesDown() const { return m_down; }
    StrategySimulator *simulator() const { return m_simulator; }
    QTabWidget *lists() const { return m_lists; }
    QString previewText() const;
    QString countsText() const;
    QString message() const;
    QUuid lastBatch() const { return m_lastBatch; }
    bool isTaskRunning() const;

Q_SIGNALS:
    void busyChanged(bool busy);
    void strategiesLoaded();
    void prioritiesLoaded(bool ok);
    void saved(bool ok);
    void previewed(bool ok);
    void applied(bool ok);
    void undone(bool ok);

private:
    QWidget *createStrategyPanel();
    QWidget *createListsPanel();
    void loadStrategies(const QUuid &select = {}, const QString &name = {});
    void loadApplications();
    void loadPriorities(int limit);
    void updateActions();
    void setPending(int delta);
    void say(const QString &text, bool error = false);
    static QString actor();

    StrategyService *m_service;
    StrategyListModel *m_strategies;
    QTableView *m_strategyTable;
    StrategyEditor *m_editor;
    QPushButton *m_new;
    QPushButton *m_save;
    QPushButton *m_delete;
    QPushButton *m_preview;
    QPushButton *m_apply;
    QPushButton *m_undo;
    TaskProgressRow *m_progress;
    QLabel *m_message;
    QLabel *m_previewSummary;
    RankMoveModel *m_up;
    RankMoveModel *m_down;
    QDoubleSpinBox *m_floor;
    QSpinBox *m_days;
    QLabel *m_counts;
    PriorityRowModel *m_top;
    PriorityRowModel *m_atRisk;
    StrategySimulator *m_simulator;
    QTabWidget *m_lists;
    QTimer *m_reprioritize;
    QUuid m_lastBatch;
    QString m_lastBatchName;
    quint64 m_priorityGeneration = 0;
    int m_pending = 0;
    bool m_running = false;
    bool m_edited = false; // the editor holds changes not saved
    bool m_listing = false; // the list reselects after a reload: the editor stays as it is
};
