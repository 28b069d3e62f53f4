#include "review/reviewpage.h"

#include "review/agreementview.h"
#include "review/reviewconflictdialog.h"
#include "review/reviewdecisionbar.h"
#include "review/reviewfilterbar.h"
#include "review/reviewitemstack.h"
#include "review/reviewkeys.h"
#include "review/reviewqueuemodel.h"
#include "review/reviewservice.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

ReviewPage::ReviewPage(ReviewService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_queue(new ReviewQueueModel(service, this))
    , m_tabs(new QTabBar(this))
    , m_stack(new QStackedWidget(this))
    , m_area(new QWidget(this))
    , m_filters(new ReviewFilterBar(m_area))
    , m_queueView(new QTableView(m_area))
    , m_items(new ReviewItemStack(m_area))
    , m_decision(new ReviewDecisionBar(m_area))
    , m_agreement(new AgreementView(service, this))
    , m_conflicts(new ReviewConflictDialog(this))
    , m_keys(new ReviewKeys(m_area))
    , m_pending(new QLabel(this))
    , m_reload(new QTimer(this))
    , m_who(new QLabel(this))
    , m_releaseAll(new QPushButton(tr("Release All Leases"), this))
{
    auto *title = new QLabel(tr("Review"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    title->setFont(titleFont);

    m_tabs->addTab(tr("Level 1"));
    m_tabs->addTab(tr("Level 2"));
    m_tabs->addTab(tr("Agreement"));
    m_tabs->setFocusPolicy(Qt::NoFocus);
    m_tabs->setDrawBase(false);
    connect(m_tabs, &QTabBar::currentChanged, this, [this](int index) { setMode(Mode(index)); });

    auto *claim = new QPushButton(tr("Claim Next Batch (C)"), this);
    claim->setObjectName(QStringLiteral("claimNext"));
    claim->setFocusPolicy(Qt::NoFocus);
    connect(claim, &QPushButton::clicked, this, &ReviewPage::claimNextBatch);
    auto *keys = new QPushButton(tr("Keys (?)"), this);
    keys->setFocusPolicy(Qt::NoFocus);
    m_pending->setObjectName(QStringLiteral("pendingDecisions"));
    m_releaseAll->setObjectName(QStringLiteral("releaseAll"));
    m_releaseAll->setFocusPolicy(Qt::NoFocus);
    m_releaseAll->setToolTip(tr("Return every reviewer's claimed items to the queue (admins only)"));
    m_releaseAll->hide();
    connect(m_releaseAll, &QPushButton::clicked, this, [this] {
        m_service->releaseAll(this, [this](const Result<void> &released) {
            m_decision->setMessage(released ? tr("Every lease was released; the items are back in the queue.")
                                            : tr("The leases were not released: %1").arg(released.error().message));
            m_reload->start();
        });
    });

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addSpacing(12);
    header->addWidget(m_tabs);
    header->addStretch(1);
    header->addWidget(m_who);
    header->addSpacing(12);
    header->addWidget(m_pending);
    header->addWidget(m_releaseAll);
    header->addWidget(claim);
    header->addWidget(keys);

    m_stack->addWidget(createReviewArea());
    m_stack->addWidget(m_agreement);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_stack, 1);

    m_conflicts->setAttribute(Qt::WA_ShowWithoutActivating); // the keyboard stays with the queue
    m_items->setNeighbours([this](const ReviewItem &item, bool sameJob) { return neighbours(item, sameJob); });
    m_reload->setSingleShot(true);
    m_reload->setInterval(250); // a burst of NOTIFYs and saves reloads once
    connect(m_reload, &QTimer::timeout, this, [this] {
        m_items->forgetStrips();
        m_queue->reload();
    });

    connect(m_queue, &ReviewQueueModel::loaded, this, &ReviewPage::onLoaded);
    connect(m_queue, &ReviewQueueModel::loadFailed, m_decision, &ReviewDecisionBar::setMessage);
    connect(m_queue, &ReviewQueueModel::countsChanged, m_filters, &ReviewFilterBar::setCounts);
    connect(m_queue, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &from, const QModelIndex &to, const QList<int> &roles) {
            // Only a change of the item itself refills the view; a group mark on the job column does not.
            if (!roles.isEmpty() && !roles.contains(Qt::DisplayRole))
                return;
            const QModelIndex current = m_queueView->currentIndex();
            if (current.isValid() && current.row() >= from.row() && current.row() <= to.row())
                m_items->refresh(m_queue->item(current.row()));
        });
    connect(
        m_queueView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ReviewPage::onCurrentChanged);
    connect(m_filters, &ReviewFilterBar::changed, this, &ReviewPage::applyFilter);
    connect(m_service, &ReviewService::queueChanged, m_reload, qOverload<>(&QTimer::start));
    connect(m_service, &ReviewService::decisionSaved, m_reload, qOverload<>(&QTimer::start));
    connect(m_service, &ReviewService::pendingChanged, this, &ReviewPage::setPending);
    connect(m_service, &ReviewService::journalFailed, m_decision, &ReviewDecisionBar::setMessage);
    connect(m_service, &ReviewService::conflict, this, [this](const ReviewConflict &conflict) {
        m_conflicts->addConflict(conflict);
        m_conflicts->show();
    });
    connect(keys, &QPushButton::clicked, m_keys, &ReviewKeys::cheatSheet);
    m_keys->watch(m_queueView);
    connectKeys();
    setPending(m_service->pendingCount());
}

ReviewPage::~ReviewPage() = default;

QWidget *ReviewPage::createReviewArea()
{
    m_queueView->setObjectName(QStringLiteral("reviewQueue"));
    m_queueView->setAccessibleName(tr("Review queue"));
    m_queueView->setModel(m_queue);
    m_queueView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_queueView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_queueView->verticalHeader()->hide();
    m_queueView->verticalHeader()->setDefaultSectionSize(m_queueView->fontMetrics().height() + 8);
    m_queueView->setWordWrap(false);
    m_queueView->setAlternatingRowColors(true);
    QHeaderView *header = m_queueView->horizontalHeader();
    // Widths fixed from the font, not ResizeToContents: that mode measures every row on each change, which
    // a key press cannot afford with a thousand rows loaded.
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(ReviewQueueModel::Job, QHeaderView::Stretch);
    header->setStretchLastSection(false);
    const QFontMetrics metrics = m_queueView->fontMetrics();
    const auto width = [&](const QString &sample) { return metrics.horizontalAdvance(sample) + 18; };
    header->resizeSection(ReviewQueueModel::Rank, width(QStringLiteral("Rank")));
    header->resizeSection(ReviewQueueModel::Freelancer, width(QStringLiteral("Thandiwe Nakamura")));
    header->resizeSection(ReviewQueueModel::Score, width(QStringLiteral("0.000")));
    header->resizeSection(
        ReviewQueueModel::State, width(ReviewQueueModel::stateName(ReviewState::WaitingLevel2)) / 2 + 30);
    header->resizeSection(ReviewQueueModel::Decision, width(QStringLiteral("Approve (strong)")));
    // The side-by-side view says these; the filters choose by them.
    for (int column : { int(ReviewQueueModel::Confidence), int(ReviewQueueModel::Version),
             int(ReviewQueueModel::Region), int(ReviewQueueModel::Category) })
        m_queueView->setColumnHidden(column, true);

    auto *right = new QWidget(m_area);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_items, 1);
    rightLayout->addWidget(m_decision);

    auto *split = new QSplitter(Qt::Horizontal, m_area);
    split->addWidget(m_queueView);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 5);
    split->setSizes({ 560, 940 });
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(m_area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filters);
    layout->addWidget(split, 1);
    return m_area;
}

void ReviewPage::connectKeys()
{
    connect(m_keys, &ReviewKeys::decisionChosen, this, [this](ReviewDecision decision) {
        m_decision->choose(decision);
        m_decision->setMessage({});
    });
    connect(m_keys, &ReviewKeys::reasonChosen, this, [this](int number) {
        if (!m_decision->chooseReason(number))
            m_decision->setMessage(m_decision->decision() ? tr("There is no reason %1 for this decision.").arg(number)
                                                          : tr("Choose a decision first: A, R or F."));
    });
    connect(m_keys, &ReviewKeys::confirmed, this, &ReviewPage::confirm);
    connect(m_keys, &ReviewKeys::next, this, [this] { step(1); });
    connect(m_keys, &ReviewKeys::previous, this, [this] { step(-1); });
    connect(m_keys, &ReviewKeys::undo, this, &ReviewPage::undo);
    connect(m_keys, &ReviewKeys::claim, this, &ReviewPage::claimNextBatch);
    connect(m_keys, &ReviewKeys::cleared, this, [this] { m_decision->reset(); });
    connect(m_keys, &ReviewKeys::note, this, [this] { m_decision->noteEdit()->setFocus(Qt::ShortcutFocusReason); });
    connect(m_decision, &ReviewDecisionBar::noteDone, this, [this](bool confirmNow) {
        focusQueue();
        if (confirmNow)
            confirm();
    });
    connect(m_keys, &ReviewKeys::cheatSheet, this, [this] {
        auto *sheet = findChild<ReviewCheatSheet *>();
        if (sheet && sheet->isVisible()) {
            sheet->close();
            return;
        }
        if (!sheet) {
            sheet = new ReviewCheatSheet(this);
            // Back to the queue, in the window that holds it, so the next key is a review key again.
            connect(sheet, &QDialog::finished, this, [this] {
                window()->activateWindow();
                focusQueue();
            });
        }
        sheet->open();
    });
}

void ReviewPage::loadAccess()
{
    m_service->access(this, [this](const Result<ReviewAccess> &access) {
        if (!access) {
            m_decision->setMessage(tr("Your role could not be read: %1").arg(access.error().message));
            return;
        }
        m_access = *access;
        // The name decisions are recorded under: the service's reviewer when one was set.
        const QString who = m_service->reviewer().isEmpty() ? m_access.reviewer : m_service->reviewer();
        m_who->setText(tr("Deciding as %1").arg(who));
        m_releaseAll->setVisible(m_access.isAdmin);
    });
}

bool ReviewPage::mayDecide()
{
    if (level() == 2 ? m_access.canDecideLevel2 : m_access.canDecide)
        return true;
    m_decision->setMessage(level() == 2 ? tr("Your role may read level 2 but not decide there.")
                                        : tr("Your role may read the queue but not decide."));
    return false;
}

void ReviewPage::load()
{
    loadAccess();
    m_service->reasonCodes(this, [this](const Result<QList<ReasonCode>> &reasons) {
        if (!reasons) {
            m_decision->setMessage(tr("The reason codes could not be read: %1").arg(reasons.error().message));
            return;
        }
        m_reasons = *reasons;
        m_decision->setReasons(m_reasons);
        QHash<QString, QString> labels;
        for (const ReasonCode &reason : m_reasons)
            labels.insert(reason.code, reason.label);
        m_items->setReasons(labels);
    });
    applyFilter();
    if (m_mode == Mode::Agreement)
        m_agreement->refresh();
    focusQueue();
}

void ReviewPage::setMatchService(MatchService *matches)
{
    m_items->setMatchService(matches);
}

void ReviewPage::setMode(Mode mode)
{
    const bool levelChanged = level() != (mode == Mode::Level2 ? 2 : 1);
    m_mode = mode;
    if (m_tabs->currentIndex() != int(mode)) {
        const QSignalBlocker blocker(m_tabs);
        m_tabs->setCurrentIndex(int(mode));
    }
    m_keys->setEnabled(mode != Mode::Agreement);
    if (mode == Mode::Agreement) {
        m_stack->setCurrentWidget(m_agreement);
        m_agreement->refresh();
        return;
    }
    m_stack->setCurrentWidget(m_area);
    if (levelChanged) {
        // Level 2 reads everything routed to it; level 1 starts with what nobody decided yet.
        m_filters->setState(mode == Mode::Level2 ? std::nullopt : std::optional(ReviewState::Unreviewed));
        m_decision->reset();
        m_undo.clear(); // an undo belongs to the level it was decided at
        applyFilter();
    }
    focusQueue();
}

void ReviewPage::applyFilter()
{
    m_items->clear(tr("Loading the queue…"));
    m_queue->setFilter(m_filters->filter(level()));
}

void ReviewPage::onLoaded()
{
    m_filters->learn(m_queue->items());
    if (!m_selectAfterLoad.isNull()) {
        const int row = m_queue->rowOf(m_selectAfterLoad);
        if (row >= 0) {
            m_selectAfterLoad = {};
            selectRow(row);
            return;
        }
    }
    if (m_queue->rowCount() == 0) {
        m_items->clear(level() == 2 ? tr("Nothing waits for level 2 under these filters.")
                                    : tr("No item under these filters. Claim a batch (C) or change the filters."));
        return;
    }
    if (!m_queueView->currentIndex().isValid())
        selectRow(0);
    else
        prepareNext();
}

void ReviewPage::selectRow(int row)
{
    if (row < 0 || row >= m_queue->rowCount())
        return;
    const QModelIndex index = m_queue->index(row, ReviewQueueModel::Freelancer);
    m_queueView->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_queueView->scrollTo(index);
}

void ReviewPage::focusQueue()
{
    if (m_mode != Mode::Agreement)
        m_queueView->setFocus(Qt::OtherFocusReason);
}

void ReviewPage::onCurrentChanged()
{
    const QModelIndex current = m_queueView->currentIndex();
    if (!current.isValid())
        return;
    const ReviewItem &item = m_queue->item(current.row());
    m_items->showItem(item);
    Q_EMIT itemShown(item.matchId);
    // Fill the hidden view once this one is on screen: the paint goes first.
    QTimer::singleShot(0, this, &ReviewPage::prepareNext);
}

void ReviewPage::prepareNext()
{
    const int row = m_queueView->currentIndex().row();
    if (row >= 0 && row + 1 < m_queue->rowCount())
        m_items->prepare(m_queue->item(row + 1));
    // Near the end of the loaded rows: ask for the next page before J gets there (after a reload in flight).
    if (row + 5 >= m_queue->rowCount())
        m_queue->requestMore();
}

void ReviewPage::step(int delta)
{
    const int row = m_queueView->currentIndex().row() + delta;
    if (row < 0 || row >= m_queue->rowCount()) {
        m_decision->setMessage(
            delta > 0 ? tr("This is the last item under these filters.") : tr("This is the first item."));
        return;
    }
    selectRow(row);
}

QUuid ReviewPage::currentMatchId() const
{
    const QModelIndex current = m_queueView->currentIndex();
    return current.isValid() ? m_queue->item(current.row()).matchId : QUuid();
}

ReviewItemView *ReviewPage::currentItemView() const
{
    return m_items->current();
}

ReviewRecord ReviewPage::localRecord(const QUuid &id, const QUuid &matchId) const
{
    ReviewRecord record;
    record.id = id;
    record.matchId = matchId;
    record.reviewer = m_service->reviewer();
    record.decision = *m_decision->decision();
    record.reasonCode = m_decision->reasonCode();
    record.note = m_decision->note();
    record.decidedAt = QDateTime::currentDateTimeUtc();
    record.level = level();
    return record;
}

void ReviewPage::confirm()
{
    if (!mayDecide())
        return;
    if (!m_decision->decision()) {
        m_decision->setMessage(tr("Choose a decision first: A approve, R reject, F flag."));
        return;
    }
    if (m_decision->needsReason()) {
        m_decision->setMessage(tr("Choose a reason with its digit first."));
        return;
    }
    QList<QUuid> selected;
    for (const QModelIndex &index : m_queueView->selectionModel()->selectedRows())
        selected << m_queue->item(index.row()).matchId;
    if (selected.size() > 1) {
        decideSelection(selected);
        return;
    }
    const QUuid matchId = currentMatchId();
    if (matchId.isNull())
        return;
    const QUuid id
        = m_service->decide(matchId, *m_decision->decision(), m_decision->reasonCode(), m_decision->note(), level());
    if (id.isNull()) {
        m_decision->setMessage(tr("The decision was not recorded: %1").arg(m_service->journalError()));
        return;
    }
    const ReviewRecord record = localRecord(id, matchId);
    const int row = m_queueView->currentIndex().row();
    m_undo << Done { { id }, { matchId } };
    m_decision->reset();
    // Move first, so the prepared view is swapped in before the row's own repaint is queued.
    if (row + 1 < m_queue->rowCount())
        selectRow(row + 1);
    m_queue->applyDecision(record);
    m_decision->setMessage(
        tr("%1: %2 — U undoes it.")
            .arg(ReviewQueueModel::decisionName(record.decision),
                m_queue->rowOf(matchId) >= 0 ? m_queue->item(m_queue->rowOf(matchId)).freelancerName : QString()));
}

void ReviewPage::decideSelection(const QList<QUuid> &matchIds)
{
    const ReviewDecision decision = *m_decision->decision();
    const QString reason = m_decision->reasonCode();
    const QString note = m_decision->note();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Decide %n Items", nullptr, int(matchIds.size())),
        tr("%1 all %n selected items?", nullptr, int(matchIds.size())).arg(ReviewQueueModel::decisionName(decision)),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("bulkConfirm"));
    box->setInformativeText(reason.isEmpty() ? QString() : tr("Reason: %1").arg(reason));
    box->setDefaultButton(QMessageBox::Cancel); // Enter twice must not decide a crowd by accident
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, matchIds, decision, reason, note](int) {
        if (box->clickedButton() != box->button(QMessageBox::Yes)) {
            focusQueue();
            return;
        }
        const QList<QUuid> ids = m_service->decideBulk(matchIds, decision, reason, note, level());
        if (ids.size() != matchIds.size()) {
            m_decision->setMessage(tr("The decisions were not recorded: %1").arg(m_service->journalError()));
            return;
        }
        for (qsizetype i = 0; i < ids.size(); ++i) {
            ReviewRecord record = localRecord(ids.at(i), matchIds.at(i));
            record.decision = decision;
            record.reasonCode = reason;
            record.note = note;
            m_queue->applyDecision(record);
        }
        m_undo << Done { ids, matchIds };
        m_decision->reset();
        m_decision->setMessage(tr("%n items decided — U undoes them all.", nullptr, int(ids.size())));
        focusQueue();
    });
    box->open();
}

void ReviewPage::undo()
{
    if (m_undo.isEmpty()) {
        m_decision->setMessage(tr("Nothing to undo."));
        return;
    }
    const Done done = m_undo.takeLast();
    int undone = 0;
    for (qsizetype i = 0; i < done.recordIds.size(); ++i) {
        const QUuid id = m_service->undo(done.recordIds.at(i));
        if (id.isNull())
            continue;
        ReviewRecord record;
        record.id = id;
        record.matchId = done.matchIds.at(i);
        record.supersedes = done.recordIds.at(i);
        record.level = level();
        m_queue->applyDecision(record);
        ++undone;
    }
    if (undone == 0) {
        m_decision->setMessage(tr("The decision could not be undone: %1").arg(m_service->journalError()));
        return;
    }
    m_decision->setMessage(tr("%n decisions undone; the records that undo them are kept.", nullptr, undone));
    // Back to the (first) undone item, now or when the queue lists it again.
    const int row = m_queue->rowOf(done.matchIds.constFirst());
    if (row >= 0)
        selectRow(row);
    else
        m_selectAfterLoad = done.matchIds.constFirst();
}

void ReviewPage::claimNextBatch()
{
    if (m_mode == Mode::Agreement)
        return;
    m_decision->setMessage(tr("Claiming…"));
    m_service->claimNext(this, BatchSize, level(), [this](const Result<QList<ReviewItem>> &items) {
        if (!items) {
            m_decision->setMessage(tr("No batch was claimed: %1").arg(items.error().message));
            return;
        }
        m_decision->setMessage(items->isEmpty()
                ? tr("Nothing left to claim at this level.")
                : tr("Claimed %n items; they are yours until the lease ends.", nullptr, int(items->size())));
        if (!items->isEmpty())
            m_selectAfterLoad = items->constFirst().matchId;
        m_filters->setState(ReviewState::Mine);
        applyFilter();
        focusQueue();
    });
}

void ReviewPage::setPending(int pending)
{
    m_pending->setText(
        pending == 0 ? tr("All decisions saved") : tr("%n decisions waiting to be saved", nullptr, pending));
    Q_EMIT pendingChanged(pending);
}

QString ReviewPage::pendingText() const
{
    return m_pending->text();
}

QString ReviewPage::messageText() const
{
    return m_decision->findChild<QLabel *>(QStringLiteral("decisionMessage"))->text();
}

QList<ReviewStripEntry> ReviewPage::neighbours(const ReviewItem &item, bool sameJob) const
{
    QList<ReviewStripEntry> entries;
    for (const ReviewItem &other : m_queue->items()) {
        if (sameJob ? other.jobId != item.jobId : other.freelancerId != item.freelancerId)
            continue;
        const QString decision
            = other.decisions.isEmpty() ? QString() : decisionKey(other.decisions.constLast().decision);
        entries << ReviewStripEntry { other.matchId, other.ranking, sameJob ? other.freelancerName : other.jobTitle,
            other.score, decision };
    }
    return entries;
}
