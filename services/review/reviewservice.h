#pragma once

#include "core/reply.h"
#include "review/reviewrecords.h"

#include <QObject>
#include <QUuid>

class DatabaseWorker;
class ReviewOutbox;
class TaskRunner;
struct ChangeNotice;

// The review console's service: the queue, leases, decisions, level 2 and agreement. Lives on the UI thread;
// holds the database worker and task runner it is given (not owned). The Reply calls run one database call on
// the worker's interactive lane and answer on `context`'s thread (see Reply); no SQL outside services.
//
// Decisions never get lost: decide()/undo()/decideBulk() append each record to the local journal (fsync'd, in
// `journalDir`) and return its client-made id at once; the journalled records are then written in order on the
// background lane (ai.match_reviews + audit log, one transaction, idempotent by id). While the database is
// away they wait (pendingChanged); on DatabaseWorker::reconnected and on start they are sent again. A record
// that no longer applies comes back as conflict() with both decisions, and leaves the pending count.
//
// Each workspace has its own journal (journalDirFor), so decisions made on one are never sent to another: the
// window calls setJournalDir() whenever a workspace opens. Without a journal directory nothing can be decided.
class ReviewService : public QObject
{
    Q_OBJECT
public:
    ReviewService(DatabaseWorker *db, TaskRunner *tasks, const QString &journalDir, QObject *parent = nullptr);
    ~ReviewService() override;

    // `root`/<a hash of the workspace identity>: the journal folder of one workspace (WorkspaceSession::identity).
    static QString journalDirFor(const QString &root, const QString &workspaceIdentity);
    // Opens the journal in `dir` (and sends what an earlier session left there); the previous journal stays on
    // disk as it is, its unsent records kept for when its workspace opens again. Empty: no journal.
    void setJournalDir(const QString &dir);
    QString journalDir() const { return m_journalDir; }

    // Who decides: the database role on PostgreSQL (its policies refuse any other name), the OS user for a local
    // workspace. Empty: that default, which reviewer() returns once the service has read it from the database.
    void setReviewer(const QString &name);
    QString reviewer() const { return m_reviewer.isEmpty() ? m_defaultReviewer : m_reviewer; }
    // The reviewer name and what the connected role may do (level 1, level 2, admin).
    void access(QObject *context, Reply<ReviewAccess> done);

    // Items matching the filter (level 1 or 2), grouped by job in ranking order, with lease and state.
    void queue(QObject *context, const ReviewQueueFilter &filter, Reply<QList<ReviewItem>> done) const;
    // How many items are in each state under the filter (its own `state` is ignored).
    void counts(QObject *context, const ReviewQueueFilter &filter, Reply<ReviewCounts> done) const;
    // Leases up to `batch` free items of the level to this reviewer (lease minutes from the settings) and
    // returns them. Never hands an item another reviewer holds (PostgreSQL: FOR UPDATE SKIP LOCKED).
    void claimNext(QObject *context, int batch, int level, Reply<QList<ReviewItem>> done);
    // Releases these leases: the reviewer's own; an admin's release frees anyone's.
    void release(QObject *context, const QList<QUuid> &matchIds, Reply<void> done);
    // Releases every lease of anyone (admin only; the database refuses others).
    void releaseAll(QObject *context, Reply<void> done);
    void reasonCodes(QObject *context, Reply<QList<ReasonCode>> done) const;
    // Adds, changes or (active false) retires a reason code; admins only on PostgreSQL.
    void saveReasonCode(QObject *context, const ReasonCode &code, bool active, Reply<void> done);
    void settings(QObject *context, Reply<ReviewSettings> done) const;
    void saveSettings(QObject *context, const ReviewSettings &settings, Reply<void> done);

    // Journals the decision and returns its id (null if the journal cannot be written or the reason code is not
    // one of the list's codes for this decision: nothing was recorded, and journalError() says why). Level 1 or 2.
    // An empty reason code means none was given.
    QUuid decide(
        const QUuid &matchId, ReviewDecision decision, const QString &reasonCode, const QString &note, int level);
    // Appends a record superseding `recordId` (one of this service's journalled records, or one in the
    // database this reviewer made). Null id if unknown.
    QUuid undo(const QUuid &recordId);
    QList<QUuid> decideBulk(const QList<QUuid> &matchIds, ReviewDecision decision, const QString &reasonCode,
        const QString &note, int level);
    int pendingCount() const; // journalled, not yet in the database (conflicts excluded)
    // Why the last decide()/undo() returned a null id, or the journal's last error; empty when all is well.
    QString journalError() const { return m_journalError; }

    // Cohen's κ per pair, Fleiss' κ and Krippendorff's α with intervals, per-reviewer statistics.
    void agreement(QObject *context, Reply<AgreementReport> done) const;
    // The same as CSV text (one section per table), for export.
    static QString agreementCsv(const AgreementReport &report);

Q_SIGNALS:
    void pendingChanged(int pending);
    void decisionSaved(const QUuid &recordId);
    void conflict(const ReviewConflict &conflict);
    void queueChanged(); // others decided (NOTIFY on ai.match_reviews) or a lease changed
    void journalFailed(const QString &message); // the journal could not be written or read

private:
    void onChange(const ChangeNotice &notice);
    QUuid append(const ReviewRecord &record);
    QString reasonProblem(ReviewDecision decision, const QString &reasonCode) const;

    DatabaseWorker *m_db;
    TaskRunner *m_tasks;
    QString m_reviewer;
    QString m_defaultReviewer; // read from the open workspace (ReviewConfig::defaultReviewer)
    QString m_journalError;
    QString m_journalDir;
    ReviewOutbox *m_outbox = nullptr; // the journal and its writing; a child; null without a journal directory
    mutable QList<ReasonCode> m_reasonCodes; // the active list as last read, to refuse a code the list does not hold
};
