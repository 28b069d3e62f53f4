#include "review/reviewservice.h"

#include "db/databaseworker.h"
#include "review/decisionjournal.h"

namespace {

Error notYet()
{
    return makeError(Error::Internal, QStringLiteral("Not implemented yet."));
}

} // namespace

ReviewService::ReviewService(DatabaseWorker *db, TaskRunner *tasks, const QString &journalDir, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_tasks(tasks)
    , m_journal(std::make_unique<DecisionJournal>(journalDir))
{
}

ReviewService::~ReviewService() = default;

void ReviewService::setReviewer(const QString &name)
{
    m_reviewer = name;
}

void ReviewService::queue(QObject *, const ReviewQueueFilter &, Reply<QList<ReviewItem>> done) const
{
    done(notYet());
}

void ReviewService::counts(QObject *, const ReviewQueueFilter &, Reply<ReviewCounts> done) const
{
    done(notYet());
}

void ReviewService::claimNext(QObject *, int, int, Reply<QList<ReviewItem>> done)
{
    done(notYet());
}

void ReviewService::release(QObject *, const QList<QUuid> &, Reply<void> done)
{
    done(notYet());
}

void ReviewService::releaseAll(QObject *, Reply<void> done)
{
    done(notYet());
}

void ReviewService::reasonCodes(QObject *, Reply<QList<ReasonCode>> done) const
{
    done(notYet());
}

void ReviewService::settings(QObject *, Reply<ReviewSettings> done) const
{
    done(notYet());
}

void ReviewService::saveSettings(QObject *, const ReviewSettings &, Reply<void> done)
{
    done(notYet());
}

QUuid ReviewService::decide(const QUuid &, ReviewDecision, const QString &, const QString &, int)
{
    return {};
}

QUuid ReviewService::undo(const QUuid &)
{
    return {};
}

QList<QUuid> ReviewService::decideBulk(const QList<QUuid> &, ReviewDecision, const QString &, const QString &, int)
{
    return {};
}

int ReviewService::pendingCount() const
{
    return 0;
}

void ReviewService::agreement(QObject *, Reply<AgreementReport> done) const
{
    done(notYet());
}

QString ReviewService::agreementCsv(const AgreementReport &)
{
    return {};
}

void ReviewService::flush() { }

void ReviewService::onChange(const ChangeNotice &) { }

QUuid ReviewService::append(ReviewRecord)
{
    return {};
}
