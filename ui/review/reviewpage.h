#pragma once

#include "review/reviewrecords.h"

#include <QUuid>
#include <QWidget>

class AgreementView;
class MatchService;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTabBar;
class QTableView;
class QTimer;
class ReviewConflictDialog;
class ReviewDecisionBar;
class ReviewFilterBar;
class ReviewItemStack;
class ReviewItemView;
class ReviewKeys;
class ReviewQueueModel;
class ReviewService;
struct ReviewStripEntry;

// The match review console (issue 17): the queue of proposed matches grouped by job with filters and
// counts per state; claiming a batch; the selected item side by side; decisions by keyboard alone
// (ReviewKeys: A/R/F, 1–9, Enter, J/K, U, ?), a bulk decision on a selection confirmed with its exact
// count; the level-2 queue with level 1's decisions; the agreement view. The next item is filled ahead
// (ReviewItemStack), so a decision's key press shows the next item without a refill. Decisions go
// through ReviewService (journalled first); the status line counts those not yet in the database.
class ReviewPage : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewPage(ReviewService *service, QWidget *parent = nullptr);
    ~ReviewPage() override;

    void load(); // the workspace opened or changed
    // Optional: the version weights beside the bars and the strips of other candidates and proposals
    // (without it the strips come from the queue's own rows and the bars show no weights).
    void setMatchService(MatchService *matches);

    enum class Mode { Level1, Level2, Agreement };
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    int level() const { return m_mode == Mode::Level2 ? 2 : 1; }

    void claimNextBatch();
    static constexpr int BatchSize = 25;

    ReviewQueueModel *queue() const { return m_queue; }
    QTableView *queueView() const { return m_queueView; }
    ReviewItemView *currentItemView() const;
    ReviewItemStack *itemStack() const { return m_items; }
    ReviewDecisionBar *decisionBar() const { return m_decision; }
    ReviewFilterBar *filters() const { return m_filters; }
    AgreementView *agreement() const { return m_agreement; }
    ReviewConflictDialog *conflicts() const { return m_conflicts; }
    QString pendingText() const;
    QString messageText() const;
    QUuid currentMatchId() const;
    int undoDepth() const { return int(m_undo.size()); }

Q_SIGNALS:
    void pendingChanged(int pending); // for the window's status bar: decisions not yet in the database
    void itemShown(const QUuid &matchId); // the side-by-side view now shows this item

private:
    struct Done
    {
        QList<QUuid> recordIds;
        QList<QUuid> matchIds;
    };

    QWidget *createReviewArea();
    void connectKeys();
    void applyFilter();
    void onLoaded();
    void onCurrentChanged();
    void prepareNext();
    void step(int delta);
    void confirm();
    void decideSelection(const QList<QUuid> &matchIds);
    void undo();
    void setPending(int pending);
    void focusQueue();
    void loadAccess();
    bool mayDecide();
    void selectRow(int row);
    ReviewRecord localRecord(const QUuid &id, const QUuid &matchId) const;
    QList<ReviewStripEntry> neighbours(const ReviewItem &item, bool sameJob) const;

    ReviewService *m_service;
    ReviewQueueModel *m_queue;
    Mode m_mode = Mode::Level1;
    QTabBar *m_tabs;
    QStackedWidget *m_stack;
    QWidget *m_area;
    ReviewFilterBar *m_filters;
    QTableView *m_queueView;
    ReviewItemStack *m_items;
    ReviewDecisionBar *m_decision;
    AgreementView *m_agreement;
    ReviewConflictDialog *m_conflicts;
    ReviewKeys *m_keys;
    QLabel *m_pending;
    QTimer *m_reload;
    QList<Done> m_undo;
    QUuid m_selectAfterLoad; // an undone item to return to once the queue shows it again
    QList<ReasonCode> m_reasons;
    ReviewAccess m_access; // what the role may do; the database refuses the rest anyway
    QLabel *m_who;
    QPushButton *m_releaseAll;
};
