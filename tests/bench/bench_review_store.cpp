// Bench rows of the review group that the services can measure on their own:
//   review.claim_50_x10_postgres  ten reviewers on ten connections claiming batches of 50 at once (ReviewLeases::
//                                 claimNext, FOR UPDATE SKIP LOCKED), median ms per claim, p95 and claimed_twice
//                                 (items leased to two reviewers; must be 0) in quality=
//   review.queue_1m_postgres      the first page of the level-1 queue (200 items), its counts and one claim of 50 on
//                                 1,000,000 current proposals (--quick: 100,000), ms; counts and claim in quality=
//   review.outbox_{sqlite,postgres}  decisions/s that ReviewService writes from its journal when the database comes
//                                 back (review + audit entry + routing, one transaction each, idempotent), against
//                                 Repository::insertMatchReviews of as many rows in one transaction as baseline
//
// bench_review_store [--quick] [postgres connection string of an empty database]: SQLite always; PostgreSQL when a
// connection string is given (tests/bench/run passes a fresh database on the SEXTANT_TEST_PG server).
#include "db/databaseworker.h"
#include "db/postgresworkspace.h"
#include "db/sqliteworkspace.h"
#include "review/decisionjournal.h"
#include "review/reviewconfig.h"
#include "review/reviewleases.h"
#include "review/reviewqueries.h"
#include "review/reviewservice.h"
#include "review/reviewstore.h"
#include "reviewbenchseed.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <latch>
#include <mutex>
#include <thread>

namespace {

QTextStream out(stdout);

// `jobs` × `perJob` current proposals, ranked per job.
Result<QList<QUuid>> seed(Repository &repository, int jobs, int perJob)
{
    const QDateTime t = QDateTime::currentDateTimeUtc();
    // Unique addresses: both rows seed the same PostgreSQL database.
    // -> QString: with QT_USE_QSTRINGBUILDER the sum is a builder holding the temporary toString() (AddressSanitizer:
    // stack-use-after-scope when the caller converted it).
    const auto email = [](const QUuid &id) -> QString {
        return id.toString(QUuid::WithoutBraces) + QLatin1String("@example.org");
    };
    const QUuid client = QUuid::createUuid();
    QList<User> users { User { client, email(client), QStringLiteral("Client"), QStringLiteral("user_client"), true, t,
        QStringLiteral("eu-west") } };
    QList<FreelancerProfile> profiles;
    for (int i = 0; i < perJob; ++i) {
        const QUuid id = QUuid::createUuid();
        users << User { id, email(id), QStringLiteral("F %1").arg(i), QStringLiteral("user_freelancer"), true, t,
            QStringLiteral("eu-west") };
        profiles << FreelancerProfile { users.last().id, QStringLiteral("Engineer"), QString(),
            { QStringLiteral("Rust") }, 50, 5, 0.9, QStringLiteral("Lisbon"), QStringLiteral("Europe/Lisbon") };
    }
    QList<Job> list;
    QList<MatchResult> matches;
    QList<QUuid> ids;
    for (int j = 0; j < jobs; ++j) {
        Job job;
        job.id = QUuid::createUuid();
        job.title = QStringLiteral("Job %1").arg(j);
        job.description = QStringLiteral("Bench");
        job.budget = 1000;
        job.status = QStringLiteral("open");
        job.clientId = users.first().id;
        job.createdAt = t;
        list << job;
        for (int f = 0; f < perJob; ++f) {
            MatchResult m;
            m.id = QUuid::createUuid();
            m.jobId = job.id;
            m.freelancerId = users[f + 1].id;
            m.score = 1.0 - f / double(perJob);
            m.confidence = 0.8;
            m.ranking = f + 1;
            m.modelVersion = QStringLiteral("bench");
            m.createdAt = t;
            matches << m;
            ids << m.id;
        }
    }
    Result<void> done = repository.inTransaction([&]() -> Result<void> {
        for (const auto &write :
            std::initializer_list<std::function<Result<void>()>> { [&] { return repository.insertUsers(users); },
                [&] { return repository.insertFreelancerProfiles(profiles); },
                [&] { return repository.insertJobs(list); }, [&] { return repository.insertMatches(matches); } })
            if (Result<void> w = write(); !w)
                return w;
        // Every decision counts once: no double review, no level-2 sample.
        return ReviewConfig::saveSettings(repository, ReviewSettings { 0.0, 0.0, 15 }, QStringLiteral("bench"));
    });
    if (!done)
        return done.error();
    return ids;
}

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(q * double(v.size() - 1) + 0.5))];
}

void claimRow(const PostgresSettings &settings, bool quick)
{
    const QString row = QStringLiteral("review.claim_50_x10_postgres");
    constexpr int Claimers = 10, Batch = 50;
    const int rounds = quick ? 2 : 6;
    {
        Result<std::unique_ptr<Repository>> owner = PostgresWorkspace::open(settings, QStringLiteral("bench-owner"));
        if (!owner) {
            out << "BENCH " << row << " error=\"" << owner.errorMessage() << "\"\n";
            return;
        }
        // Twice what the claims take, so the last round still finds free items behind the leased ones.
        if (Result<QList<QUuid>> ids = seed(**owner, 2 * Claimers * rounds, Batch); !ids) {
            out << "BENCH " << row << " error=\"" << ids.errorMessage() << "\"\n";
            return;
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-owner"));
    std::latch ready(Claimers);
    std::mutex guard;
    std::vector<double> ms;
    QList<QUuid> claimed;
    QStringList errors;
    std::vector<std::thread> threads;
    for (int c = 0; c < Claimers; ++c) {
        threads.emplace_back([&, c] {
            const QString who = QStringLiteral("bench-claimer-%1").arg(c);
            {
                Result<std::unique_ptr<Repository>> repo
                    = PostgresWorkspace::open(settings, who, PostgresWorkspace::Migrations::RequireCurrent);
                ready.arrive_and_wait();
                for (int r = 0; repo && r < rounds; ++r) {
                    QElapsedTimer clock;
                    clock.start();
                    Result<QList<QUuid>> got = ReviewLeases::claimNext(**repo, who, Batch, 1);
                    const double took = clock.nsecsElapsed() / 1e6;
                    std::lock_guard lock(guard);
                    if (!got) {
                        errors << got.errorMessage();
                        break;
                    }
                    ms.push_back(took);
                    claimed += *got;
                }
                if (!repo) {
                    std::lock_guard lock(guard);
                    errors << repo.errorMessage();
                }
            }
            QSqlDatabase::removeDatabase(who);
        });
    }
    for (std::thread &t : threads)
        t.join();
    if (!errors.isEmpty()) {
        out << "BENCH " << row << " error=\"" << errors.first() << "\"\n";
        return;
    }
    const int twice = int(claimed.size() - QSet<QUuid>(claimed.cbegin(), claimed.cend()).size());
    out << "BENCH " << row << " value=" << QString::number(percentile(ms, 0.5), 'f', 1)
        << "ms quality=p95=" << QString::number(percentile(ms, 0.95), 'f', 1) << "ms,claimed_twice=" << twice
        << ",claims=" << ms.size() << ",items=" << claimed.size() << ",expected_items=" << Claimers * rounds * Batch
        << "\n";
}

// Decisions journalled while the database was away, then written by a fresh ReviewService (as on the next start or
// on reconnect); baseline: the same number of review rows by Repository::insertMatchReviews in one transaction.
void outboxRow(const QString &row, DatabaseWorker::Opener opener, int decisions)
{
    DatabaseWorker worker;
    const Result<void> opened = worker.open(opener).result();
    if (!opened) {
        out << "BENCH " << row << " error=\"" << opened.errorMessage() << "\"\n";
        return;
    }
    Result<QList<QUuid>> ids = worker.runAndWait([decisions](Repository &r) { return seed(r, decisions / 25, 50); });
    if (!ids) {
        out << "BENCH " << row << " error=\"" << ids.errorMessage() << "\"\n";
        return;
    }
    QTemporaryDir dir;
    {
        DatabaseWorker closed;
        ReviewService offline(&closed, nullptr, dir.path());
        offline.setReviewer(QStringLiteral("bench"));
        for (int i = 0; i < decisions; ++i)
            offline.decide((*ids)[i], i % 3 ? ReviewDecision::Approve : ReviewDecision::Reject,
                QStringLiteral("strong_fit"), QString(), 1);
    }
    QElapsedTimer clock;
    clock.start();
    ReviewService online(&worker, nullptr, dir.path());
    while (online.pendingCount() > 0 && clock.elapsed() < 600000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const double seconds = clock.nsecsElapsed() / 1e9;
    const int left = online.pendingCount();

    QList<MatchReview> rows;
    for (int i = 0; i < decisions; ++i) {
        MatchReview r;
        r.id = QUuid::createUuid();
        r.matchId = (*ids)[decisions + i];
        r.reviewer = QStringLiteral("bench");
        r.decision = QStringLiteral("approve");
        r.decidedAt = QDateTime::currentDateTimeUtc();
        rows << r;
    }
    clock.restart();
    const Result<void> plain = worker.runAndWait([rows](Repository &r) { return r.insertMatchReviews(rows); });
    const double baseline = clock.nsecsElapsed() / 1e9;
    if (!plain || left > 0) {
        out << "BENCH " << row << " error=\""
            << (left ? QStringLiteral("%1 decisions not written").arg(left) : plain.errorMessage()) << "\"\n";
        return;
    }
    const double value = decisions / seconds, base = decisions / baseline;
    out << "BENCH " << row << " value=" << qRound64(value) << "decisions/s baseline=" << qRound64(base)
        << "rows/s ratio=" << QString::number(value / base, 'f', 3) << " quality=decisions=" << decisions << "\n";
}

// 1,000,000 proposals written by the server itself (generate_series), then the console's three reads.
void queueRow(const PostgresSettings &settings, bool quick)
{
    const int jobs = quick ? 2000 : 20000, perJob = 50;
    const QString row
        = QStringLiteral("review.queue_%1_postgres").arg(quick ? QStringLiteral("100k") : QStringLiteral("1m"));
    Result<std::unique_ptr<Repository>> repo = PostgresWorkspace::open(settings, QStringLiteral("bench-queue"));
    if (!repo) {
        out << "BENCH " << row << " error=\"" << repo.errorMessage() << "\"\n";
        return;
    }
    Repository &r = **repo;
    if (Result<void> seeded = seedProposalsOnServer(r, jobs, perJob); !seeded) {
        out << "BENCH " << row << " error=\"" << seeded.errorMessage() << "\"\n";
        return;
    }
    const QString me = QStringLiteral("bench-queue");
    QElapsedTimer clock;
    clock.start();
    Result<QList<ReviewItem>> page = ReviewQueries::queue(r, ReviewQueueFilter {}, me);
    const double pageMs = clock.nsecsElapsed() / 1e6;
    clock.restart();
    Result<ReviewCounts> counts = ReviewQueries::counts(r, ReviewQueueFilter {}, me);
    const double countsMs = clock.nsecsElapsed() / 1e6;
    clock.restart();
    Result<QList<QUuid>> claimed = ReviewLeases::claimNext(r, me, 50, 1);
    const double claimMs = clock.nsecsElapsed() / 1e6;
    if (!page || !counts || !claimed) {
        out << "BENCH " << row << " error=\""
            << (!page            ? page.errorMessage()
                       : !counts ? counts.errorMessage()
                                 : claimed.errorMessage())
            << "\"\n";
        return;
    }
    out << "BENCH " << row << " value=" << QString::number(pageMs, 'f', 1) << "ms quality=items=" << page->size()
        << ",counts_ms=" << QString::number(countsMs, 'f', 1) << ",claim_50_ms=" << QString::number(claimMs, 'f', 1)
        << ",proposals=" << jobs * perJob << "\n";
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const bool quick = args.removeAll(QStringLiteral("--quick")) > 0;
    const int decisions = quick ? 500 : 2000;
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("bench.sqlite"));
    outboxRow(
        QStringLiteral("review.outbox_sqlite"),
        [file]() { return SqliteWorkspace::open(file, QStringLiteral("bench-sqlite")); }, decisions);
    if (args.isEmpty()) {
        out << "BENCH review.outbox_postgres skipped=\"no server given\"\n";
        out << "BENCH review.claim_50_x10_postgres skipped=\"no server given\"\n";
        out << "BENCH review.queue_1m_postgres skipped=\"no server given\"\n";
        return 0;
    }
    const Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(args.first());
    if (!settings) {
        out << "BENCH review.outbox_postgres error=\"" << settings.errorMessage() << "\"\n";
        return 1;
    }
    const PostgresSettings pg = *settings;
    outboxRow(
        QStringLiteral("review.outbox_postgres"),
        [pg]() { return PostgresWorkspace::open(pg, QStringLiteral("bench-pg")); }, decisions);
    out.flush();
    claimRow(pg, quick);
    out.flush();
    queueRow(pg, quick);
    return 0;
}
