#include "review/reviewservice.h"

#include "db/databaseworker.h"
#include "review/decisionjournal.h"
#include "review/reviewagreement.h"
#include "review/reviewconfig.h"
#include "review/reviewleases.h"
#include "review/reviewqueries.h"
#include "review/reviewstore.h"

#include <QPointer>
#include <QTimer>

namespace {

constexpr int FlushBatch = 200; // journalled records written per background call
constexpr int RetryMs = 5000; // while the database is away, try again this often (and on reconnect)
constexpr int MaxNote = 4000;

// What writing one journalled record came to.
struct Sent
{
    QUuid id;
    ReviewStore::Outcome outcome = ReviewStore::Outcome::Saved;
    std::optional<ReviewConflict> conflict;
};

struct FlushResult
{
    QList<Sent> sent;
    bool interrupted = false; // the connection went: the rest waits for the next attempt
};

// On the background lane: writes the records in order, in one transaction. A record the database refuses for
// itself (a role that may not decide at this level, a deleted proposal) becomes a conflict, so one bad record
// never blocks the ones behind it; if the batch as a whole fails (the connection went), nothing is marked.
FlushResult writeInOrder(Repository &repository, QList<ReviewRecord> records, const QString &fallbackReviewer)
{
    FlushResult out;
    const QString reviewer = fallbackReviewer.isEmpty() ? ReviewConfig::defaultReviewer(repository) : fallbackReviewer;
    for (ReviewRecord &record : records)
        if (record.reviewer.isEmpty())
            record.reviewer = reviewer;
    Result<QList<Result<ReviewStore::WriteResult>>> written = ReviewStore::writeBatch(repository, records);
    if (!written) {
        // Nothing of the batch was committed; the whole of it is tried again later.
        out.interrupted = true;
        return out;
    }
    for (qsizetype i = 0; i < records.size() && i < written->size(); ++i) {
        const Result<ReviewStore::WriteResult> &one = written->at(i);
        if (one)
            out.sent << Sent { records[i].id, one->outcome, one->conflict };
        else
            out.sent << Sent { records[i].id, ReviewStore::Outcome::Conflict,
                ReviewConflict { records[i], std::nullopt,
                    ReviewService::tr("The database refused this decision: %1").arg(one.errorMessage()) } };
    }
    return out;
}

} // namespace

ReviewService::ReviewService(DatabaseWorker *db, TaskRunner *tasks, const QString &journalDir, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_tasks(tasks)
    , m_journal(std::make_unique<DecisionJournal>(journalDir))
    , m_retry(new QTimer(this))
{
    m_retry->setSingleShot(true);
    m_retry->setInterval(RetryMs);
    connect(m_retry, &QTimer::timeout, this, &ReviewService::flush);
    if (Result<void> opened = m_journal->open(); !opened) {
        m_journalError = opened.errorMessage();
        QTimer::singleShot(0, this, [this] { Q_EMIT journalFailed(m_journalError); });
    }
    if (m_db) {
        connect(m_db, &DatabaseWorker::changed, this, &ReviewService::onChange);
        connect(m_db, &DatabaseWorker::reconnected, this, &ReviewService::flush);
        // Learn the default reviewer name early, so journalled decisions carry it even if the server goes away.
        QTimer::singleShot(0, this, [this] { access(this, [](const Result<ReviewAccess> &) {}); });
    }
    // Decisions left from the last session go out as soon as the event loop runs.
    if (m_journal->pendingCount() > 0)
        QTimer::singleShot(0, this, &ReviewService::flush);
}

ReviewService::~ReviewService() = default;

void ReviewService::setReviewer(const QString &name)
{
    m_reviewer = name.trimmed();
}

void ReviewService::access(QObject *context, Reply<ReviewAccess> done)
{
    QPointer<ReviewService> self(this);
    m_db->call(
        context, [](Repository &r) { return ReviewConfig::access(r); },
        [self, done = std::move(done)](const Result<ReviewAccess> &result) {
            if (result && self)
                self->m_defaultReviewer = result->reviewer;
            done(result);
        });
}

void ReviewService::queue(QObject *context, const ReviewQueueFilter &filter, Reply<QList<ReviewItem>> done) const
{
    const QString me = m_reviewer;
    m_db->call(
        context,
        [filter, me](Repository &r) {
            return ReviewQueries::queue(r, filter, me.isEmpty() ? ReviewConfig::defaultReviewer(r) : me);
        },
        std::move(done));
}

void ReviewService::counts(QObject *context, const ReviewQueueFilter &filter, Reply<ReviewCounts> done) const
{
    const QString me = m_reviewer;
    m_db->call(
        context,
        [filter, me](Repository &r) {
            return ReviewQueries::counts(r, filter, me.isEmpty() ? ReviewConfig::defaultReviewer(r) : me);
        },
        std::move(done));
}

void ReviewService::claimNext(QObject *context, int batch, int level, Reply<QList<ReviewItem>> done)
{
    const QString me = m_reviewer;
    QPointer<ReviewService> self(this);
    m_db->call(
        context,
        [batch, level, me](Repository &r) -> Result<QList<ReviewItem>> {
            const QString who = me.isEmpty() ? ReviewConfig::defaultReviewer(r) : me;
            Result<QList<QUuid>> ids = ReviewLeases::claimNext(r, who, batch, level);
            if (!ids)
                return ids.error();
            return ReviewQueries::items(r, *ids, level, who);
        },
        [self, done = std::move(done)](const Result<QList<ReviewItem>> &result) {
            if (result && !result->isEmpty() && self)
                Q_EMIT self->queueChanged();
            done(result);
        });
}

void ReviewService::release(QObject *context, const QList<QUuid> &matchIds, Reply<void> done)
{
    const QString me = m_reviewer;
    QPointer<ReviewService> self(this);
    m_db->call(
        context,
        [matchIds, me](Repository &r) -> Result<void> {
            if (matchIds.isEmpty())
                return {};
            Result<bool> admin = ReviewConfig::isAdmin(r);
            if (!admin)
                return admin.error();
            Result<int> n
                = ReviewLeases::release(r, matchIds, me.isEmpty() ? ReviewConfig::defaultReviewer(r) : me, *admin);
            if (!n)
                return n.error();
            return {};
        },
        [self, done = std::move(done)](const Result<void> &result) {
            if (result && self)
                Q_EMIT self->queueChanged();
            done(result);
        });
}

void ReviewService::releaseAll(QObject *context, Reply<void> done)
{
    QPointer<ReviewService> self(this);
    m_db->call(
        context,
        [](Repository &r) -> Result<void> {
            Result<bool> admin = ReviewConfig::isAdmin(r);
            if (!admin)
                return admin.error();
            if (!*admin)
                return makeError(Error::InvalidInput, tr("Only an administrator can release everyone's leases."));
            Result<int> n = ReviewLeases::release(r, {}, QString(), true);
            if (!n)
                return n.error();
            return {};
        },
        [self, done = std::move(done)](const Result<void> &result) {
            if (result && self)
                Q_EMIT self->queueChanged();
            done(result);
        });
}

void ReviewService::reasonCodes(QObject *context, Reply<QList<ReasonCode>> done) const
{
    m_db->call(
        context, [](Repository &r) { return ReviewConfig::reasonCodes(r); }, std::move(done));
}

void ReviewService::settings(QObject *context, Reply<ReviewSettings> done) const
{
    m_db->call(
        context, [](Repository &r) { return ReviewConfig::settings(r); }, std::move(done));
}

void ReviewService::saveSettings(QObject *context, const ReviewSettings &settings, Reply<void> done)
{
    const QString me = m_reviewer;
    m_db->call(
        context,
        [settings, me](Repository &r) {
            return ReviewConfig::saveSettings(r, settings, me.isEmpty() ? ReviewConfig::defaultReviewer(r) : me);
        },
        std::move(done));
}

QUuid ReviewService::append(ReviewRecord record)
{
    if (Result<void> ok = m_journal->append(record); !ok) {
        m_journalError = ok.errorMessage();
        Q_EMIT journalFailed(m_journalError);
        return {};
    }
    m_journalError.clear();
    Q_EMIT pendingChanged(pendingCount());
    QTimer::singleShot(0, this, &ReviewService::flush);
    return record.id;
}

QUuid ReviewService::decide(
    const QUuid &matchId, ReviewDecision decision, const QString &reasonCode, const QString &note, int level)
{
    if (matchId.isNull() || (level != 1 && level != 2) || note.size() > MaxNote) {
        m_journalError
            = tr("A decision needs a proposal, a level of 1 or 2 and a note of at most %1 characters.").arg(MaxNote);
        return {};
    }
    ReviewRecord r;
    r.id = QUuid::createUuid();
    r.matchId = matchId;
    r.reviewer = reviewer();
    r.decision = decision;
    r.reasonCode = reasonCode;
    r.note = note;
    r.decidedAt = QDateTime::currentDateTimeUtc();
    r.level = level;
    return append(r);
}

QUuid ReviewService::undo(const QUuid &recordId)
{
    if (recordId.isNull()) {
        m_journalError = tr("There is no decision to undo.");
        return {};
    }
    ReviewRecord r;
    r.id = QUuid::createUuid();
    r.supersedes = recordId;
    r.reviewer = reviewer();
    r.decidedAt = QDateTime::currentDateTimeUtc();
    r.level = 1;
    // What it undoes, where this journal knows it; the writer takes it from the database otherwise.
    if (const auto target = m_journal->record(recordId)) {
        if (target->isUndo()) {
            m_journalError = tr("An undo cannot itself be undone; decide again instead.");
            return {};
        }
        r.matchId = target->matchId;
        r.decision = target->decision;
        r.reasonCode = target->reasonCode;
        r.level = target->level;
    }
    return append(r);
}

QList<QUuid> ReviewService::decideBulk(
    const QList<QUuid> &matchIds, ReviewDecision decision, const QString &reasonCode, const QString &note, int level)
{
    QList<QUuid> ids;
    for (const QUuid &matchId : matchIds) {
        const QUuid id = decide(matchId, decision, reasonCode, note, level);
        if (id.isNull())
            break; // the journal failed: say so once, do not half-record the rest silently
        ids << id;
    }
    return ids;
}

int ReviewService::pendingCount() const
{
    return m_journal->pendingCount();
}

void ReviewService::agreement(QObject *context, Reply<AgreementReport> done) const
{
    m_db->call(
        context,
        [](Repository &r) -> Result<AgreementReport> {
            Result<QList<ReviewRecord>> decisions = ReviewQueries::decisionsInForce(r);
            if (!decisions)
                return decisions.error();
            return ReviewAgreement::compute(*decisions);
        },
        std::move(done));
}

QString ReviewService::agreementCsv(const AgreementReport &report)
{
    return ReviewAgreement::csv(report);
}

void ReviewService::flush()
{
    if (!m_db)
        return;
    if (m_flushing) {
        m_flushAgain = true;
        return;
    }
    const QList<ReviewRecord> records = m_journal->pending().mid(0, FlushBatch);
    if (records.isEmpty())
        return;
    m_flushing = true;
    m_flushAgain = false;
    m_retry->stop();
    const QString me = m_reviewer;
    m_db->call(
        this, [records, me](Repository &r) -> Result<FlushResult> { return writeInOrder(r, records, me); },
        [this](const Result<FlushResult> &result) {
            m_flushing = false;
            bool again = m_flushAgain;
            if (!result) {
                m_retry->start(); // no workspace, or it went away: try again later
                return;
            }
            QList<QUuid> saved;
            for (const Sent &s : result->sent)
                if (s.outcome != ReviewStore::Outcome::Conflict)
                    saved << s.id;
            if (Result<void> ok = m_journal->markSent(saved); !ok) {
                m_journalError = ok.errorMessage();
                Q_EMIT journalFailed(m_journalError);
            }
            for (const Sent &s : result->sent) {
                if (s.outcome == ReviewStore::Outcome::Conflict) {
                    if (Result<void> ok = m_journal->markConflict(s.id); !ok)
                        Q_EMIT journalFailed(ok.errorMessage());
                    if (s.conflict)
                        Q_EMIT conflict(*s.conflict);
                } else {
                    Q_EMIT decisionSaved(s.id);
                }
            }
            Q_EMIT pendingChanged(pendingCount());
            if (!result->sent.isEmpty())
                Q_EMIT queueChanged(); // a local file sends no NOTIFY, and the server's may come later
            if (result->interrupted)
                m_retry->start();
            else if (again || (pendingCount() > 0 && !result->sent.isEmpty()))
                QTimer::singleShot(0, this, &ReviewService::flush);
        },
        DatabaseWorker::Lane::Background);
}

void ReviewService::onChange(const ChangeNotice &notice)
{
    if (notice.table == QLatin1String("match_reviews") || notice.table == QLatin1String("review_leases"))
        Q_EMIT queueChanged();
}
