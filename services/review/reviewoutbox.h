#pragma once

#include "review/reviewrecords.h"

#include <QObject>

#include <memory>

class DatabaseWorker;
class DecisionJournal;
class QTimer;

// Gets journalled decisions into the database, each exactly once. Owns the DecisionJournal (in `journalDir`);
// append() makes a record durable on disk before it returns. The unsent records are written in order on the
// worker's background lane, a batch per transaction (ReviewStore::writeBatch, idempotent by record id), as soon as
// the event loop runs, on DatabaseWorker::reconnected and every RetryMs while the database is away; the records of
// an earlier session go out at construction. A record that no longer applies leaves the journal as conflict().
// Lives on the UI thread; the worker is not owned.
class ReviewOutbox : public QObject
{
    Q_OBJECT
public:
    static constexpr int FlushBatch = 200; // records per transaction
    static constexpr int RetryMs = 5000;

    ReviewOutbox(DatabaseWorker *db, const QString &journalDir, QObject *parent = nullptr);
    ~ReviewOutbox() override;

    // The name for records that carry none (the service's reviewer, or the database's default when empty).
    void setReviewer(const QString &name) { m_reviewer = name; }
    // Journals the record (fsync) and schedules its writing. False, with error() saying why, when the journal
    // cannot be written: then nothing was recorded.
    bool append(const ReviewRecord &record);
    std::optional<ReviewRecord> record(const QUuid &id) const; // one this journal holds
    int pendingCount() const;
    QString error() const { return m_error; }

    void flush(); // writes the next batch unless one is on its way

Q_SIGNALS:
    void pendingChanged(int pending);
    void decisionSaved(const QUuid &recordId);
    void conflict(const ReviewConflict &conflict);
    void journalFailed(const QString &message);
    void written(); // records reached the database (saved or found there already)

private:
    struct Outcome;
    struct Batch;
    void settle(const QList<Outcome> &outcomes, bool interrupted);

    DatabaseWorker *m_db;
    std::unique_ptr<DecisionJournal> m_journal;
    QTimer *m_retry;
    QString m_reviewer;
    QString m_error;
    bool m_flushing = false;
    bool m_flushAgain = false;
};
