#include "review/reviewoutbox.h"

#include "db/databaseworker.h"
#include "review/decisionjournal.h"
#include "review/reviewconfig.h"
#include "review/reviewstore.h"

#include <QTimer>

// What writing one journalled record came to.
struct ReviewOutbox::Outcome
{
    QUuid id;
    ReviewStore::Outcome outcome = ReviewStore::Outcome::Saved;
    std::optional<ReviewConflict> conflict;
};

struct ReviewOutbox::Batch
{
    QList<Outcome> outcomes;
    bool interrupted = false; // the batch as a whole failed (the connection went): nothing of it was committed
};

ReviewOutbox::ReviewOutbox(DatabaseWorker *db, const QString &journalDir, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_journal(std::make_unique<DecisionJournal>(journalDir))
    , m_retry(new QTimer(this))
{
    m_retry->setSingleShot(true);
    m_retry->setInterval(RetryMs);
    connect(m_retry, &QTimer::timeout, this, &ReviewOutbox::flush);
    if (Result<void> opened = m_journal->open(); !opened) {
        m_error = opened.errorMessage();
        QTimer::singleShot(0, this, [this] { Q_EMIT journalFailed(m_error); });
    }
    if (m_db)
        connect(m_db, &DatabaseWorker::reconnected, this, &ReviewOutbox::flush);
    if (m_journal->pendingCount() > 0)
        QTimer::singleShot(0, this, &ReviewOutbox::flush);
}

ReviewOutbox::~ReviewOutbox() = default;

bool ReviewOutbox::append(const ReviewRecord &record)
{
    if (Result<void> ok = m_journal->append(record); !ok) {
        m_error = ok.errorMessage();
        Q_EMIT journalFailed(m_error);
        return false;
    }
    m_error.clear();
    Q_EMIT pendingChanged(pendingCount());
    QTimer::singleShot(0, this, &ReviewOutbox::flush);
    return true;
}

std::optional<ReviewRecord> ReviewOutbox::record(const QUuid &id) const
{
    return m_journal->record(id);
}

int ReviewOutbox::pendingCount() const
{
    return m_journal->pendingCount();
}

void ReviewOutbox::flush()
{
    if (!m_db)
        return;
    if (m_flushing) {
        m_flushAgain = true;
        return;
    }
    QList<ReviewRecord> records = m_journal->pending().mid(0, FlushBatch);
    if (records.isEmpty())
        return;
    m_flushing = true;
    m_flushAgain = false;
    m_retry->stop();
    const QString fallback = m_reviewer;
    // On the background lane. A record the database refuses for itself (a role that may not decide at this
    // level, a deleted proposal) becomes a conflict, so one bad record never blocks the ones behind it.
    auto write = [records, fallback](Repository &r) mutable -> Result<Batch> {
        const QString reviewer = fallback.isEmpty() ? ReviewConfig::defaultReviewer(r) : fallback;
        for (ReviewRecord &record : records)
            if (record.reviewer.isEmpty())
                record.reviewer = reviewer;
        Batch batch;
        Result<QList<Result<ReviewStore::WriteResult>>> written = ReviewStore::writeBatch(r, records);
        if (!written) {
            batch.interrupted = true;
            return batch;
        }
        for (qsizetype i = 0; i < records.size() && i < written->size(); ++i) {
            const Result<ReviewStore::WriteResult> &one = written->at(i);
            if (one)
                batch.outcomes << Outcome { records[i].id, one->outcome, one->conflict };
            else
                batch.outcomes << Outcome { records[i].id, ReviewStore::Outcome::Conflict,
                    ReviewConflict { records[i], std::nullopt,
                        tr("The database refused this decision: %1").arg(one.errorMessage()) } };
        }
        return batch;
    };
    m_db->call(
        this, std::move(write),
        [this](const Result<Batch> &result) {
            m_flushing = false;
            if (!result) {
                m_retry->start(); // no workspace, or it went away meanwhile
                return;
            }
            settle(result->outcomes, result->interrupted);
        },
        DatabaseWorker::Lane::Background);
}

void ReviewOutbox::settle(const QList<Outcome> &outcomes, bool interrupted)
{
    QList<QUuid> saved;
    for (const Outcome &o : outcomes)
        if (o.outcome != ReviewStore::Outcome::Conflict)
            saved << o.id;
    if (Result<void> ok = m_journal->markSent(saved); !ok) {
        m_error = ok.errorMessage();
        Q_EMIT journalFailed(m_error);
    }
    for (const Outcome &o : outcomes) {
        if (o.outcome == ReviewStore::Outcome::Conflict) {
            if (Result<void> ok = m_journal->markConflict(o.id); !ok)
                Q_EMIT journalFailed(ok.errorMessage());
            if (o.conflict)
                Q_EMIT conflict(*o.conflict);
        } else {
            Q_EMIT decisionSaved(o.id);
        }
    }
    Q_EMIT pendingChanged(pendingCount());
    if (!outcomes.isEmpty())
        Q_EMIT written();
    if (interrupted)
        m_retry->start();
    else if (m_flushAgain || (pendingCount() > 0 && !outcomes.isEmpty()))
        QTimer::singleShot(0, this, &ReviewOutbox::flush);
}
