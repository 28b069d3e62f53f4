#include "review/reviewservice.h"

#include "db/databaseworker.h"
#include "review/reviewagreement.h"
#include "review/reviewconfig.h"
#include "review/reviewleases.h"
#include "review/reviewoutbox.h"
#include "review/reviewqueries.h"
#include "review/reviewstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QPointer>
#include <QTimer>

ReviewService::ReviewService(DatabaseWorker *db, TaskRunner *tasks, const QString &journalDir, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_tasks(tasks)
{
    if (m_db) {
        connect(m_db, &DatabaseWorker::changed, this, &ReviewService::onChange);
        // Learn the default reviewer name early, so journalled decisions carry it even if the server goes away.
        QTimer::singleShot(0, this, [this] { access(this, [](const Result<ReviewAccess> &) {}); });
    }
    setJournalDir(journalDir);
}

ReviewService::~ReviewService() = default;

QString ReviewService::journalDirFor(const QString &root, const QString &workspaceIdentity)
{
    const QByteArray hash = QCryptographicHash::hash(workspaceIdentity.toUtf8(), QCryptographicHash::Sha256);
    return root + QLatin1Char('/') + QString::fromLatin1(hash.toHex().left(24));
}

void ReviewService::setJournalDir(const QString &dir)
{
    if (dir == m_journalDir && (m_outbox || dir.isEmpty()))
        return;
    // Deleting the outbox drops its reply if a batch is on its way: that batch is either committed (and found
    // there by id next time) or not, and stays unsent in its journal either way.
    delete m_outbox;
    m_outbox = nullptr;
    m_journalDir = dir;
    if (!dir.isEmpty()) {
        m_outbox = new ReviewOutbox(m_db, dir, this);
        m_outbox->setReviewer(m_reviewer);
        connect(m_outbox, &ReviewOutbox::pendingChanged, this, &ReviewService::pendingChanged);
        connect(m_outbox, &ReviewOutbox::decisionSaved, this, &ReviewService::decisionSaved);
        connect(m_outbox, &ReviewOutbox::conflict, this, &ReviewService::conflict);
        connect(m_outbox, &ReviewOutbox::journalFailed, this, &ReviewService::journalFailed);
        // A local file sends no NOTIFY, and the server's may come later.
        connect(m_outbox, &ReviewOutbox::written, this, &ReviewService::queueChanged);
    }
    m_reasonCodes.clear(); // another workspace's list
    Q_EMIT pendingChanged(pendingCount());
}

void ReviewService::setReviewer(const QString &name)
{
    m_reviewer = name.trimmed();
    if (m_outbox)
        m_outbox->setReviewer(m_reviewer);
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
    QPointer<const ReviewService> self(this);
    m_db->call(
        context, [](Repository &r) { return ReviewConfig::reasonCodes(r); },
        [self, done = std::move(done)](const Result<QList<ReasonCode>> &codes) {
            if (codes && self)
                self->m_reasonCodes = *codes;
            done(codes);
        });
}

void ReviewService::saveReasonCode(QObject *context, const ReasonCode &code, bool active, Reply<void> done)
{
    const QString me = m_reviewer;
    m_db->call(
        context,
        [code, active, me](Repository &r) {
            return ReviewConfig::saveReasonCode(r, code, active, me.isEmpty() ? ReviewConfig::defaultReviewer(r) : me);
        },
        std::move(done));
    m_reasonCodes.clear(); // the list changes: check against it again once it is read
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

QUuid ReviewService::append(const ReviewRecord &record)
{
    if (!m_outbox) {
        m_journalError = tr("No workspace is open, so there is nowhere to record the decision.");
        return {};
    }
    if (!m_outbox->append(record)) {
        m_journalError = m_outbox->error();
        return {};
    }
    m_journalError.clear();
    return record.id;
}

QUuid ReviewService::decide(
    const QUuid &matchId, ReviewDecision decision, const QString &reasonCode, const QString &note, int level)
{
    if (matchId.isNull() || (level != 1 && level != 2) || note.size() > ReviewStore::MaxNote) {
        m_journalError = tr("A decision needs a proposal, a level of 1 or 2 and a note of at most %1 characters.")
                             .arg(ReviewStore::MaxNote);
        return {};
    }
    if (const QString problem = reasonProblem(decision, reasonCode); !problem.isEmpty()) {
        m_journalError = problem;
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
    if (const auto target = m_outbox ? m_outbox->record(recordId) : std::nullopt) {
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
    return m_outbox ? m_outbox->pendingCount() : 0;
}

QString ReviewService::reasonProblem(ReviewDecision decision, const QString &reasonCode) const
{
    if (reasonCode.isEmpty() || m_reasonCodes.isEmpty())
        return {}; // none given, or the list is not known yet: the database checks it when the decision is written
    for (const ReasonCode &code : m_reasonCodes)
        if (code.code == reasonCode)
            return code.appliesTo == decision ? QString()
                                              : tr("The reason “%1” is not one for this decision.").arg(code.label);
    return tr("“%1” is not in this workspace's list of reasons.").arg(reasonCode);
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

void ReviewService::onChange(const ChangeNotice &notice)
{
    if (notice.table == QLatin1String("match_reviews") || notice.table == QLatin1String("review_leases"))
        Q_EMIT queueChanged();
}
