#include "db/databaseworker.h"
#include "review/decisionjournal.h"
#include "review/reviewconfig.h"
#include "review/reviewleases.h"
#include "review/reviewqueries.h"
#include "review/reviewservice.h"
#include "review/reviewstore.h"
#include "support/importtestutil.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>

#include <latch>
#include <mutex>
#include <thread>

// The review room through a DatabaseWorker as the console uses it: the queue, leases (exclusive, expiring,
// concurrent on PostgreSQL), decisions with their audit entries written once, undo, level-2 routing, stale
// decisions as conflicts, the local journal across restarts and outages, and the database's own role checks.
// SQLite and PostgreSQL.
class TestReviewService : public QObject
{
    Q_OBJECT
public:
    explicit TestReviewService(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    static inline const QString DbName = QStringLiteral("reviewservice"); // sextant_reviewservice_test
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    QList<QUuid> m_jobs;
    QList<QUuid> m_matches; // job-major, ranking order: the queue's order

    bool pg() const { return m_backend == SqlDialect::Postgres; }
    static QUuid id(int n)
    {
        return QUuid(QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0')));
    }

    Result<void> seed(Repository &r)
    {
        const QDateTime t(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);
        QList<User> users { User { id(1), QStringLiteral("client@example.org"), QStringLiteral("Client"),
            QStringLiteral("user_client"), true, t, QStringLiteral("eu-west") } };
        QList<FreelancerProfile> profiles;
        for (int i = 0; i < 6; ++i) {
            users << User { id(100 + i), QStringLiteral("f%1@example.org").arg(i),
                QStringLiteral("Freelancer %1").arg(i), QStringLiteral("user_freelancer"), true, t,
                QStringLiteral("eu-west") };
            profiles << FreelancerProfile { id(100 + i), QStringLiteral("Engineer %1").arg(i),
                QStringLiteral("Bio %1").arg(i), { QStringLiteral("Rust"), QStringLiteral("Go") }, 40.0 + i, 3 + i, 0.9,
                QStringLiteral("Lisbon"), QStringLiteral("Europe/Lisbon") };
        }
        QList<Job> jobs;
        QList<MatchResult> matches;
        for (int j = 0; j < 3; ++j) {
            Job job;
            job.id = id(200 + j);
            job.title = QStringLiteral("Job %1").arg(j);
            job.description = QStringLiteral("Build things %1").arg(j);
            job.budget = 1000 * (j + 1);
            job.category = j == 2 ? QStringLiteral("design") : QStringLiteral("dev");
            job.requiredSkills = { QStringLiteral("Rust") };
            job.status = QStringLiteral("open");
            job.clientId = id(1);
            job.region = QStringLiteral("eu-west");
            job.createdAt = t.addDays(j);
            jobs << job;
            for (int f = 0; f < 6; ++f) {
                MatchResult m;
                m.id = id(1000 + 10 * j + f);
                m.jobId = job.id;
                m.freelancerId = id(100 + f);
                m.score = 0.9 - 0.1 * f;
                m.confidence = 0.8;
                m.ranking = f + 1;
                m.modelVersion = QStringLiteral("sextant-1");
                m.createdAt = t;
                matches << m;
            }
        }
        for (const auto &write : std::initializer_list<std::function<Result<void>()>> {
                 [&] { return r.insertUsers(users); }, [&] { return r.insertFreelancerProfiles(profiles); },
                 [&] { return r.insertJobs(jobs); }, [&] { return r.insertMatches(matches); } }) {
            if (Result<void> w = write(); !w)
                return w;
        }
        // Deterministic queues: no double review and no level-2 sample unless a test asks for them.
        return ReviewConfig::saveSettings(r, ReviewSettings { 0.0, 0.0, 15 }, QStringLiteral("tester"));
    }

    template<typename F> auto onWorker(F f) { return m_worker->runAndWait(std::move(f)); }

    qint64 count(const QString &sql)
    {
        return onWorker([sql](Repository &r) -> Result<qint64> {
            QSqlQuery q(r.database());
            if (!q.exec(sql) || !q.next())
                return Repository::queryError(q, QStringLiteral("count"));
            return q.value(0).toLongLong();
        }).value();
    }

    bool exec(const QString &sql)
    {
        return onWorker([sql](Repository &r) -> Result<void> {
            QSqlQuery q(r.database());
            if (!q.exec(sql))
                return Repository::queryError(q, sql);
            return {};
        }).ok();
    }

    QString table(const char *name) const
    {
        return pg() ? QStringLiteral("ai.%1").arg(QLatin1String(name))
                    : QStringLiteral("ai_%1").arg(QLatin1String(name));
    }

    QString quoted(const QUuid &u) const
    {
        return QLatin1Char('\'') + u.toString(QUuid::WithoutBraces) + QLatin1Char('\'');
    }

    // Every lease ends now, as if their time had passed.
    bool expireLeases()
    {
        return exec(
            QStringLiteral("UPDATE %1 SET expires_at = %2")
                .arg(table("review_leases"),
                    pg() ? QStringLiteral("now() - interval '1 hour'") : QStringLiteral("'2000-01-01T00:00:00.000Z'")));
    }

    QList<QUuid> claim(const QString &who, int batch, int level = 1)
    {
        Result<QList<QUuid>> ids
            = onWorker([who, batch, level](Repository &r) { return ReviewLeases::claimNext(r, who, batch, level); });
        if (!ids)
            qWarning("%s", qPrintable(ids.errorMessage()));
        return ids ? *ids : QList<QUuid>();
    }

    static ReviewRecord record(const QUuid &match, const QString &who, ReviewDecision d, int level = 1)
    {
        ReviewRecord r;
        r.id = QUuid::createUuid();
        r.matchId = match;
        r.reviewer = who;
        r.decision = d;
        r.reasonCode = d == ReviewDecision::Approve ? QStringLiteral("strong_fit")
            : d == ReviewDecision::Reject           ? QStringLiteral("skills_gap")
                                                    : QStringLiteral("second_opinion");
        r.decidedAt = QDateTime::currentDateTimeUtc();
        r.level = level;
        return r;
    }

    Result<ReviewStore::WriteResult> write(const ReviewRecord &rec)
    {
        return onWorker([rec](Repository &r) { return ReviewStore::write(r, rec); });
    }

    QString routeOf(const QUuid &match)
    {
        return onWorker([this, match](Repository &r) -> Result<QString> {
            QSqlQuery q(r.database());
            if (!q.exec(QStringLiteral("SELECT reason FROM %1 WHERE match_id = %2")
                            .arg(table("review_routes"), quoted(match))))
                return Repository::queryError(q, QStringLiteral("route"));
            return q.next() ? q.value(0).toString() : QString();
        }).value();
    }

    Result<void> saveSettings(double rate, double share)
    {
        return onWorker([rate, share](Repository &r) {
            return ReviewConfig::saveSettings(r, ReviewSettings { rate, share, 15 }, QStringLiteral("tester"));
        });
    }

    std::optional<PostgresSettings> pgSettings() const
    {
        std::optional<PostgresSettings> s = TestServers::lookup(TestServers::Server::Postgres).settings;
        if (s)
            s->database = QStringLiteral("sextant_%1_test").arg(DbName);
        return s;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> opened = openWorkerOnFreshWorkspace(*m_worker, m_backend, m_dir, DbName);
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        const Result<void> seeded
            = onWorker([this](Repository &r) { return r.inTransaction([&] { return seed(r); }); });
        QVERIFY2(seeded.ok(), qPrintable(seeded.errorMessage()));
        m_jobs = { id(200), id(201), id(202) };
        m_matches.clear();
        for (int j = 0; j < 3; ++j)
            for (int f = 0; f < 6; ++f)
                m_matches << id(1000 + 10 * j + f);
        QDir(m_dir.filePath(QStringLiteral("journal"))).removeRecursively();
    }

    void cleanup() { m_worker.reset(); }

    void migrationSeedsReasonsAndSettings()
    {
        Result<QList<ReasonCode>> codes = onWorker([](Repository &r) { return ReviewConfig::reasonCodes(r); });
        QVERIFY2(codes, qPrintable(codes.errorMessage()));
        for (ReviewDecision d : { ReviewDecision::Approve, ReviewDecision::Reject, ReviewDecision::Flag })
            QVERIFY(std::any_of(codes->cbegin(), codes->cend(), [d](const ReasonCode &c) { return c.appliesTo == d; }));
        QCOMPARE(codes->first().code, QStringLiteral("strong_fit"));
        // The list is configurable: a new code, a changed label, a retired code; a bad code writes nothing.
        QVERIFY(onWorker([](Repository &r) {
            return ReviewConfig::saveReasonCode(r,
                ReasonCode { QStringLiteral("too_junior"), QStringLiteral("Too junior"), ReviewDecision::Reject, 9 },
                true, QStringLiteral("tester"));
        }));
        QVERIFY(onWorker([](Repository &r) {
            return ReviewConfig::saveReasonCode(r,
                ReasonCode { QStringLiteral("stale"), QStringLiteral("Stale"), ReviewDecision::Reject, 5 }, false,
                QStringLiteral("tester"));
        }));
        const Result<void> badCode = onWorker([](Repository &r) {
            return ReviewConfig::saveReasonCode(r,
                ReasonCode { QStringLiteral("Bad Code"), QStringLiteral("x"), ReviewDecision::Flag, 1 }, true,
                QStringLiteral("tester"));
        });
        QCOMPARE(badCode.error().code, Error::InvalidInput);
        Result<QList<ReasonCode>> edited = onWorker([](Repository &r) { return ReviewConfig::reasonCodes(r); });
        QCOMPARE(edited->size(), codes->size()); // one added, one retired
        QVERIFY(std::any_of(edited->cbegin(), edited->cend(),
            [](const ReasonCode &c) { return c.code == QLatin1String("too_junior"); }));
        QVERIFY(std::none_of(
            edited->cbegin(), edited->cend(), [](const ReasonCode &c) { return c.code == QLatin1String("stale"); }));
        QCOMPARE(onWorker([](Repository &r) -> Result<qint64> {
            return auditCount(r, QStringLiteral("review_reason.update"));
        }).value(),
            2);

        const Result<void> bad = saveSettings(1.5, 0);
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, Error::InvalidInput);
        QVERIFY(saveSettings(0.25, 0.5));
        Result<ReviewSettings> s = onWorker([](Repository &r) { return ReviewConfig::settings(r); });
        QCOMPARE(s->level2SampleRate, 0.25);
        QCOMPARE(s->doubleReviewShare, 0.5);
    }

    void queueHoldsJobAndFreelancerInRankingOrder()
    {
        const QString me = QStringLiteral("alice");
        Result<QList<ReviewItem>> items = onWorker([me](Repository &r) { return ReviewQueries::queue(r, {}, me); });
        QVERIFY2(items, qPrintable(items.errorMessage()));
        QCOMPARE(items->size(), 18);
        for (qsizetype i = 0; i < items->size(); ++i)
            QCOMPARE(items->at(i).matchId, m_matches[i]);
        const ReviewItem &first = items->first();
        QCOMPARE(first.jobTitle, QStringLiteral("Job 0"));
        QCOMPARE(first.jobSkills, QStringList { QStringLiteral("Rust") });
        QCOMPARE(first.freelancerName, QStringLiteral("Freelancer 0"));
        QCOMPARE(first.freelancerTimezone, QStringLiteral("Europe/Lisbon"));
        QCOMPARE(first.experienceYears, 3);
        QCOMPARE(first.ranking, 1);
        QCOMPARE(first.state, ReviewState::Unreviewed);

        ReviewQueueFilter design;
        design.category = QStringLiteral("design");
        Result<ReviewCounts> counts
            = onWorker([me, design](Repository &r) { return ReviewQueries::counts(r, design, me); });
        QVERIFY(counts);
        QCOMPARE(counts->unreviewed, 6);
    }

    void claimIsExclusiveAndExpires()
    {
        const QList<QUuid> alice = claim(QStringLiteral("alice"), 5);
        QCOMPARE(alice, m_matches.mid(0, 5));
        const QList<QUuid> bob = claim(QStringLiteral("bob"), 10);
        QCOMPARE(bob, m_matches.mid(5, 10));
        Result<ReviewCounts> counts
            = onWorker([](Repository &r) { return ReviewQueries::counts(r, {}, QStringLiteral("alice")); });
        QCOMPARE(counts->mine, 5);
        QCOMPARE(counts->unreviewed, 13); // bob's ten and the three left
        QCOMPARE(claim(QStringLiteral("carol"), 50).size(), 3);
        QVERIFY(claim(QStringLiteral("carol"), 50).isEmpty());

        QVERIFY(expireLeases());
        const QList<QUuid> again = claim(QStringLiteral("dave"), 50);
        QCOMPARE(again.size(), 18); // expired leases are free again
        QCOMPARE(
            count(QStringLiteral("SELECT count(*) FROM %1 WHERE reviewer = 'dave'").arg(table("review_leases"))), 18);

        // Release: one's own only; an admin (the owner here) releases anyone's.
        Result<int> none = onWorker(
            [this](Repository &r) { return ReviewLeases::release(r, m_matches, QStringLiteral("eve"), false); });
        QCOMPARE(*none, 0);
        Result<int> mine = onWorker([this](Repository &r) {
            return ReviewLeases::release(r, m_matches.mid(0, 2), QStringLiteral("dave"), false);
        });
        QCOMPARE(*mine, 2);
        Result<int> all = onWorker([](Repository &r) { return ReviewLeases::release(r, {}, QString(), true); });
        QCOMPARE(*all, 16);
        QVERIFY(!onWorker([](Repository &r) { return ReviewLeases::claimNext(r, QStringLiteral("x"), 0, 1); }).ok());
    }

    // Ten claimers on ten connections at once, batches of three until the queue is empty: every item is leased
    // exactly once (FOR UPDATE SKIP LOCKED, and the lease table's key behind it).
    void concurrentClaimersNeverShare()
    {
        if (!pg())
            QSKIP("SQLite has one writer: claims cannot overlap");
        const std::optional<PostgresSettings> settings = pgSettings();
        QVERIFY(settings);
        constexpr int Claimers = 10;
        std::latch start(Claimers);
        std::mutex guard;
        QList<QUuid> all;
        QStringList errors;
        std::vector<std::thread> threads;
        for (int c = 0; c < Claimers; ++c) {
            threads.emplace_back([&, c] {
                const QString who = QStringLiteral("claimer%1").arg(c);
                {
                    Result<std::unique_ptr<Repository>> repo
                        = PostgresWorkspace::open(*settings, who, PostgresWorkspace::Migrations::RequireCurrent);
                    start.arrive_and_wait();
                    if (!repo) {
                        std::lock_guard lock(guard);
                        errors << repo.errorMessage();
                        return;
                    }
                    for (int round = 0; round < 20; ++round) {
                        Result<QList<QUuid>> got = ReviewLeases::claimNext(**repo, who, 3, 1);
                        std::lock_guard lock(guard);
                        if (!got) {
                            errors << got.errorMessage();
                            break;
                        }
                        all += *got;
                        if (got->isEmpty())
                            break;
                    }
                }
                QSqlDatabase::removeDatabase(who);
            });
        }
        for (std::thread &t : threads)
            t.join();
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(all.size(), 18);
        QCOMPARE(QSet<QUuid>(all.cbegin(), all.cend()).size(), 18);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM ai.review_leases")), 18);
    }

    void decisionWritesReviewAndAuditOnce()
    {
        QCOMPARE(claim(QStringLiteral("alice"), 1), m_matches.mid(0, 1));
        const ReviewRecord rec = record(m_matches[0], QStringLiteral("alice"), ReviewDecision::Approve);
        Result<ReviewStore::WriteResult> first = write(rec);
        QVERIFY2(first, qPrintable(first.errorMessage()));
        QCOMPARE(first->outcome, ReviewStore::Outcome::Saved);
        Result<ReviewStore::WriteResult> second = write(rec); // the journal sent it again after a lost reply
        QCOMPARE(second->outcome, ReviewStore::Outcome::AlreadySaved);
        const QString reviews = SqlDialect(m_backend).table(Table::MatchReviews);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 WHERE id = %2").arg(reviews, quoted(rec.id))), 1);
        QCOMPARE(onWorker([](Repository &r) -> Result<qint64> {
            return auditCount(r, QStringLiteral("match_review.decide"));
        }).value(),
            1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1").arg(table("review_leases"))), 0); // released
        Result<QList<ReviewItem>> items = onWorker(
            [this](Repository &r) { return ReviewQueries::items(r, { m_matches[0] }, 1, QStringLiteral("alice")); });
        QCOMPARE(items->first().state, ReviewState::Decided);
        QCOMPARE(items->first().decisions.size(), 1);
        QCOMPARE(items->first().decisions.first().reasonCode, QStringLiteral("strong_fit"));
        ReviewQueueFilter decided;
        decided.state = ReviewState::Decided;
        Result<QList<ReviewItem>> done
            = onWorker([decided](Repository &r) { return ReviewQueries::queue(r, decided, QStringLiteral("bob")); });
        QCOMPARE(done->size(), 1);
        QCOMPARE(done->first().matchId, m_matches[0]);
        Result<ReviewCounts> counts
            = onWorker([](Repository &r) { return ReviewQueries::counts(r, {}, QStringLiteral("bob")); });
        QCOMPARE(counts->decided, 1);
        QCOMPARE(counts->unreviewed, 17);
        // Bad input writes nothing.
        ReviewRecord bad = record(m_matches[1], QStringLiteral("alice"), ReviewDecision::Reject, 3);
        QVERIFY(!write(bad));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1").arg(reviews)), 1);
    }

    void undoAppendsASupersedingRecord()
    {
        const ReviewRecord rec = record(m_matches[3], QStringLiteral("alice"), ReviewDecision::Reject);
        QCOMPARE(write(rec)->outcome, ReviewStore::Outcome::Saved);
        ReviewRecord undo;
        undo.id = QUuid::createUuid();
        undo.supersedes = rec.id;
        undo.reviewer = QStringLiteral("alice");
        undo.decidedAt = QDateTime::currentDateTimeUtc();
        QCOMPARE(write(undo)->outcome, ReviewStore::Outcome::Saved);
        const QString reviews = SqlDialect(m_backend).table(Table::MatchReviews);
        QCOMPARE(
            count(QStringLiteral("SELECT count(*) FROM %1 WHERE match_id = %2").arg(reviews, quoted(m_matches[3]))), 2);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 WHERE supersedes = %2 AND decision = 'reject'")
                           .arg(reviews, quoted(rec.id))),
            1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 WHERE match_id = %2")
                           .arg(table("review_current"), quoted(m_matches[3]))),
            0);
        QVERIFY(claim(QStringLiteral("alice"), 18).contains(m_matches[3])); // back in the queue
        ReviewRecord twice = undo;
        twice.id = QUuid::createUuid();
        Result<ReviewStore::WriteResult> again = write(twice);
        QCOMPARE(again->outcome, ReviewStore::Outcome::Conflict);
        QCOMPARE(again->conflict->theirs->id, undo.id);
        // The table itself refuses a change to a stored review.
        QVERIFY(!exec(QStringLiteral("UPDATE %1 SET decision = 'approve' WHERE id = %2").arg(reviews, quoted(rec.id))));
    }

    // The unreviewed queue is read as "every proposal but the settled ones" (so a million proposals stop at the
    // limit): it must hold exactly the items whose own state is unreviewed, in ranking order.
    void unreviewedQueueHoldsExactlyTheUnreviewedItems()
    {
        const QString me = QStringLiteral("alice");
        QCOMPARE(claim(me, 2), m_matches.mid(0, 2)); // mine
        QCOMPARE(claim(QStringLiteral("bob"), 1), m_matches.mid(2, 1)); // bob's lease: still unreviewed for alice
        QCOMPARE(write(record(m_matches[3], QStringLiteral("carol"), ReviewDecision::Reject))->outcome,
            ReviewStore::Outcome::Saved); // decided
        QCOMPARE(write(record(m_matches[4], QStringLiteral("carol"), ReviewDecision::Flag))->outcome,
            ReviewStore::Outcome::Saved); // flagged
        const ReviewRecord undone = record(m_matches[5], QStringLiteral("carol"), ReviewDecision::Approve);
        QCOMPARE(write(undone)->outcome, ReviewStore::Outcome::Saved);
        ReviewRecord undo;
        undo.id = QUuid::createUuid();
        undo.supersedes = undone.id;
        undo.reviewer = QStringLiteral("carol");
        undo.decidedAt = QDateTime::currentDateTimeUtc();
        QCOMPARE(write(undo)->outcome, ReviewStore::Outcome::Saved); // undone: unreviewed again

        Result<QList<ReviewItem>> all = onWorker([me](Repository &r) { return ReviewQueries::queue(r, {}, me); });
        QVERIFY2(all, qPrintable(all.errorMessage()));
        QCOMPARE(all->size(), 18);
        QList<QUuid> expected;
        for (const ReviewItem &item : *all)
            if (item.state == ReviewState::Unreviewed)
                expected << item.matchId;
        QCOMPARE(expected.size(), 14); // 18 less two of mine, one decided, one flagged
        QVERIFY(expected.contains(m_matches[2]));
        QVERIFY(expected.contains(m_matches[5]));

        ReviewQueueFilter unreviewed;
        unreviewed.state = ReviewState::Unreviewed;
        Result<QList<ReviewItem>> queue
            = onWorker([me, unreviewed](Repository &r) { return ReviewQueries::queue(r, unreviewed, me); });
        QVERIFY2(queue, qPrintable(queue.errorMessage()));
        QList<QUuid> got;
        for (const ReviewItem &item : *queue) {
            QCOMPARE(item.state, ReviewState::Unreviewed);
            got << item.matchId;
        }
        QCOMPARE(got, expected);
        unreviewed.limit = 4;
        queue = onWorker([me, unreviewed](Repository &r) { return ReviewQueries::queue(r, unreviewed, me); });
        QCOMPARE(queue->size(), 4);
        QCOMPARE(queue->at(0).matchId, m_matches[2]);
        QCOMPARE(queue->at(1).matchId, m_matches[5]); // past the settled 3 and 4
        Result<ReviewCounts> counts = onWorker([me](Repository &r) { return ReviewQueries::counts(r, {}, me); });
        QCOMPARE(counts->unreviewed, 14);
        QCOMPARE(counts->mine, 2);
        QCOMPARE(counts->decided, 1);
        QCOMPARE(counts->flagged, 1);
    }

    void levelTwoRoutingAndFinality()
    {
        QCOMPARE(write(record(m_matches[0], QStringLiteral("alice"), ReviewDecision::Flag))->outcome,
            ReviewStore::Outcome::Saved);
        QCOMPARE(routeOf(m_matches[0]), QStringLiteral("flag"));
        QCOMPARE(write(record(m_matches[1], QStringLiteral("alice"), ReviewDecision::Approve))->outcome,
            ReviewStore::Outcome::Saved);
        QVERIFY(routeOf(m_matches[1]).isEmpty()); // sample rate 0
        QVERIFY(!claim(QStringLiteral("bob"), 18).contains(m_matches[0])); // routed items leave level 1
        QVERIFY(onWorker([](Repository &r) { return ReviewLeases::release(r, {}, QString(), true); }).ok());

        QCOMPARE(claim(QStringLiteral("lead"), 10, 2), QList<QUuid> { m_matches[0] });
        Result<QList<ReviewItem>> level2 = onWorker([](Repository &r) {
            ReviewQueueFilter f;
            f.level = 2;
            return ReviewQueries::queue(r, f, QStringLiteral("lead"));
        });
        QCOMPARE(level2->size(), 1);
        QCOMPARE(level2->first().state, ReviewState::Mine);
        QCOMPARE(level2->first().decisions.first().reviewer, QStringLiteral("alice")); // level 2 sees level 1
        const ReviewRecord final = record(m_matches[0], QStringLiteral("lead"), ReviewDecision::Reject, 2);
        QCOMPARE(write(final)->outcome, ReviewStore::Outcome::Saved);
        Result<ReviewStore::WriteResult> late
            = write(record(m_matches[0], QStringLiteral("bob"), ReviewDecision::Approve));
        QCOMPARE(late->outcome, ReviewStore::Outcome::Conflict);
        QCOMPARE(late->conflict->theirs->id, final.id);

        // Sample: with rate 1 every undisputed level-1 decision goes to level 2.
        QVERIFY(saveSettings(1.0, 0.0));
        QCOMPARE(write(record(m_matches[2], QStringLiteral("alice"), ReviewDecision::Approve))->outcome,
            ReviewStore::Outcome::Saved);
        QCOMPARE(routeOf(m_matches[2]), QStringLiteral("sample"));

        // Double review: two blind level-1 reviewers; a disagreement goes to level 2.
        QVERIFY(saveSettings(0.0, 1.0));
        QVERIFY(onWorker([](Repository &r) { return ReviewLeases::release(r, {}, QString(), true); }).ok());
        const QList<QUuid> a = claim(QStringLiteral("ann"), 1);
        QCOMPARE(a.size(), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 WHERE match_id = %2")
                           .arg(table("review_assignments"), quoted(a[0]))),
            1);
        QCOMPARE(
            write(record(a[0], QStringLiteral("ann"), ReviewDecision::Approve))->outcome, ReviewStore::Outcome::Saved);
        QVERIFY(routeOf(a[0]).isEmpty()); // waits for the second reviewer
        QVERIFY(!claim(QStringLiteral("ann"), 18).contains(a[0]));
        QVERIFY(onWorker([](Repository &r) { return ReviewLeases::release(r, {}, QString(), true); }).ok());
        QCOMPARE(claim(QStringLiteral("ben"), 1), a);
        Result<QList<ReviewItem>> blind
            = onWorker([a](Repository &r) { return ReviewQueries::items(r, a, 1, QStringLiteral("ben")); });
        QVERIFY(blind->first().decisions.isEmpty()); // ben does not see ann's decision
        QCOMPARE(
            write(record(a[0], QStringLiteral("ben"), ReviewDecision::Reject))->outcome, ReviewStore::Outcome::Saved);
        QCOMPARE(routeOf(a[0]), QStringLiteral("disagreement"));
    }

    // A decision made under a lease that ran out and went to someone else is a conflict with both decisions,
    // shown through the service's signal and kept out of the pending count; it writes nothing.
    void staleDecisionRaisesConflict()
    {
        QCOMPARE(claim(QStringLiteral("alice"), 1), m_matches.mid(0, 1));
        QVERIFY(expireLeases());
        QCOMPARE(claim(QStringLiteral("bob"), 1), m_matches.mid(0, 1));
        ReviewService service(m_worker.get(), nullptr, m_dir.filePath(QStringLiteral("journal")));
        service.setReviewer(QStringLiteral("alice"));
        QSignalSpy conflicts(&service, &ReviewService::conflict);
        const QUuid mine
            = service.decide(m_matches[0], ReviewDecision::Approve, QStringLiteral("strong_fit"), QString(), 1);
        QVERIFY(!mine.isNull());
        QTRY_COMPARE(conflicts.count(), 1);
        const ReviewConflict c = conflicts.first().first().value<ReviewConflict>();
        QCOMPARE(c.mine.id, mine);
        QVERIFY2(c.reason.contains(QLatin1String("bob")), qPrintable(c.reason));
        QCOMPARE(service.pendingCount(), 0);
        const QString reviews = SqlDialect(m_backend).table(Table::MatchReviews);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1").arg(reviews)), 0);

        // Bob decides; alice's second try is a conflict that names bob's decision.
        QCOMPARE(write(record(m_matches[0], QStringLiteral("bob"), ReviewDecision::Reject))->outcome,
            ReviewStore::Outcome::Saved);
        service.decide(m_matches[0], ReviewDecision::Approve, QStringLiteral("strong_fit"), QString(), 1);
        QTRY_COMPARE(conflicts.count(), 2);
        const ReviewConflict second = conflicts.last().first().value<ReviewConflict>();
        QVERIFY(second.theirs);
        QCOMPARE(second.theirs->reviewer, QStringLiteral("bob"));
        QCOMPARE(second.theirs->decision, ReviewDecision::Reject);
    }

    // Decisions made with no database are journalled; the next start sends them, once, in order.
    void journalSurvivesARestart()
    {
        const QString dir = m_dir.filePath(QStringLiteral("journal"));
        QList<QUuid> made;
        {
            DatabaseWorker closed; // no workspace open: every write fails and waits
            ReviewService offline(&closed, nullptr, dir);
            offline.setReviewer(QStringLiteral("alice"));
            QSignalSpy pending(&offline, &ReviewService::pendingChanged);
            for (int i = 0; i < 3; ++i)
                made << offline.decide(m_matches[i], ReviewDecision::Approve, QStringLiteral("strong_fit"),
                    QStringLiteral("n%1").arg(i), 1);
            made << offline.undo(made[1]);
            QCOMPARE(offline.pendingCount(), 4);
            QCOMPARE(pending.last().first().toInt(), 4);
        }
        DecisionJournal journal(dir);
        QVERIFY(journal.open());
        QCOMPARE(journal.pendingCount(), 4);
        QCOMPARE(journal.pending().at(3).supersedes, made[1]);

        ReviewService online(m_worker.get(), nullptr, dir);
        QSignalSpy saved(&online, &ReviewService::decisionSaved);
        QCOMPARE(online.pendingCount(), 4);
        QTRY_COMPARE(online.pendingCount(), 0);
        QCOMPARE(saved.count(), 4);
        const QString reviews = SqlDialect(m_backend).table(Table::MatchReviews);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1").arg(reviews)), 4);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1").arg(table("review_current"))), 2);

        // The journal knows they are in: a third start sends nothing again.
        ReviewService third(m_worker.get(), nullptr, dir);
        QCOMPARE(third.pendingCount(), 0);
        QCOMPARE(onWorker([](Repository &r) -> Result<qint64> {
            return auditCount(r, QStringLiteral("match_review.decide"));
        }).value(),
            3);
    }

    // Each workspace keeps its own journal: decisions journalled for one are never sent to another that is open
    // meanwhile; they go out when their own journal is opened again.
    void journalBelongsToItsWorkspace()
    {
        const QString root = m_dir.filePath(QStringLiteral("journals"));
        const QString mine = ReviewService::journalDirFor(root, QStringLiteral("sqlite:/data/a.sqlite"));
        const QString other = ReviewService::journalDirFor(root, QStringLiteral("sqlite:/data/b.sqlite"));
        QVERIFY(mine != other);
        QCOMPARE(ReviewService::journalDirFor(root, QStringLiteral("sqlite:/data/a.sqlite")), mine);
        const QString reviews = SqlDialect(m_backend).table(Table::MatchReviews);

        ReviewService service(m_worker.get(), nullptr, QString());
        service.setReviewer(QStringLiteral("alice"));
        QVERIFY(service.decide(m_matches[0], ReviewDecision::Approve, QString(), QString(), 1).isNull());
        QVERIFY(!service.journalError().isEmpty()); // no journal yet: nothing recorded, and it says so
        {
            DatabaseWorker closed; // the other workspace, away
            ReviewService away(&closed, nullptr, other);
            away.setReviewer(QStringLiteral("alice"));
            QVERIFY(!away.decide(m_matches[1], ReviewDecision::Reject, QString(), QString(), 1).isNull());
            QCOMPARE(away.pendingCount(), 1);
        }
        QSignalSpy pending(&service, &ReviewService::pendingChanged);
        service.setJournalDir(mine);
        QCOMPARE(service.pendingCount(), 0);
        QVERIFY(!service.decide(m_matches[0], ReviewDecision::Approve, QString(), QString(), 1).isNull());
        QTRY_COMPARE(service.pendingCount(), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1").arg(reviews)), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 WHERE match_id = %2").arg(reviews, quoted(m_matches[1]))),
            0);

        service.setJournalDir(other); // its workspace is back
        QCOMPARE(pending.last().first().toInt(), 1);
        QTRY_COMPARE(service.pendingCount(), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 WHERE match_id = %2").arg(reviews, quoted(m_matches[1]))),
            1);
    }

    // A reason code must be one of the workspace's codes and one for the decision: the database refuses the others
    // whoever writes them, and the service refuses them before they reach the journal once it has read the list.
    void reasonCodesAreChecked()
    {
        ReviewRecord unknown = record(m_matches[0], QStringLiteral("alice"), ReviewDecision::Approve);
        unknown.reasonCode = QStringLiteral("made_up");
        Result<ReviewStore::WriteResult> refused = write(unknown);
        QVERIFY(!refused);
        QVERIFY2(refused.errorMessage().contains(QLatin1String("made_up")), qPrintable(refused.errorMessage()));
        ReviewRecord crossed = record(m_matches[0], QStringLiteral("alice"), ReviewDecision::Approve);
        crossed.reasonCode = QStringLiteral("skills_gap"); // a reason to reject
        QVERIFY(!write(crossed));
        const QString reviews = SqlDialect(m_backend).table(Table::MatchReviews);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1").arg(reviews)), 0);
        QCOMPARE(onWorker([](Repository &r) -> Result<qint64> {
            return auditCount(r, QStringLiteral("match_review.decide"));
        }).value(),
            0);

        ReviewService service(m_worker.get(), nullptr, m_dir.filePath(QStringLiteral("journal")));
        service.setReviewer(QStringLiteral("alice"));
        bool listed = false;
        service.reasonCodes(&service, [&](const Result<QList<ReasonCode>> &codes) { listed = codes && !codes->isEmpty(); });
        QTRY_VERIFY(listed);
        QVERIFY(service.decide(m_matches[0], ReviewDecision::Approve, QStringLiteral("made_up"), QString(), 1).isNull());
        QVERIFY2(service.journalError().contains(QLatin1String("made_up")), qPrintable(service.journalError()));
        QVERIFY(
            service.decide(m_matches[0], ReviewDecision::Approve, QStringLiteral("skills_gap"), QString(), 1).isNull());
        QCOMPARE(service.pendingCount(), 0);
        QVERIFY(
            !service.decide(m_matches[0], ReviewDecision::Approve, QStringLiteral("strong_fit"), QString(), 1).isNull());
        QTRY_COMPARE(count(QStringLiteral("SELECT count(*) FROM %1").arg(reviews)), 1);
    }

    // A torn last line (a crash mid-append) is skipped; the decisions before it stay.
    void journalIgnoresATornLine()
    {
        const QString dir = m_dir.filePath(QStringLiteral("journal"));
        {
            DecisionJournal j(dir);
            QVERIFY(j.open());
            QVERIFY(j.append(record(m_matches[0], QStringLiteral("alice"), ReviewDecision::Flag)));
        }
        QFile f(QDir(dir).filePath(DecisionJournal::FileName));
        QVERIFY(f.open(QIODevice::Append));
        f.write("{\"t\":\"decision\",\"id\":\"12");
        f.close();
        DecisionJournal j(dir);
        QVERIFY(j.open());
        QCOMPARE(j.pendingCount(), 1);
        QVERIFY(j.append(record(m_matches[1], QStringLiteral("alice"), ReviewDecision::Reject)));
        DecisionJournal reread(dir);
        QVERIFY(reread.open());
        QCOMPARE(reread.pendingCount(), 2);
    }

    void agreementFromDoubleReviews()
    {
        // Six items decided by both alice and bob: they agree on four (κ computed by hand below).
        const ReviewDecision a[] = { ReviewDecision::Approve, ReviewDecision::Approve, ReviewDecision::Reject,
            ReviewDecision::Reject, ReviewDecision::Approve, ReviewDecision::Reject };
        const ReviewDecision b[] = { ReviewDecision::Approve, ReviewDecision::Approve, ReviewDecision::Reject,
            ReviewDecision::Reject, ReviewDecision::Reject, ReviewDecision::Approve };
        for (int i = 0; i < 6; ++i) {
            QVERIFY(exec(
                QStringLiteral("INSERT INTO %1 (match_id, slot, reviewer, assigned_at) VALUES (%2, 1, 'alice', %3)")
                    .arg(table("review_assignments"), quoted(m_matches[i]),
                        pg() ? QStringLiteral("now()") : QStringLiteral("'2026-03-02T10:00:00.000Z'"))));
            QCOMPARE(write(record(m_matches[i], QStringLiteral("alice"), a[i]))->outcome, ReviewStore::Outcome::Saved);
            QCOMPARE(write(record(m_matches[i], QStringLiteral("bob"), b[i]))->outcome, ReviewStore::Outcome::Saved);
        }
        ReviewService service(m_worker.get(), nullptr, m_dir.filePath(QStringLiteral("journal")));
        std::optional<Result<AgreementReport>> report;
        service.agreement(this, [&report](const Result<AgreementReport> &r) { report = r; });
        QTRY_VERIFY(report.has_value());
        QVERIFY2(*report, qPrintable(report->errorMessage()));
        QCOMPARE((*report)->items, 6);
        QCOMPARE((*report)->pairs.size(), 1);
        const PairAgreement &pair = (*report)->pairs.first();
        QCOMPARE(pair.reviewerA, QStringLiteral("alice"));
        QCOMPARE(pair.items, 6);
        // p_o = 4/6, marginals ½ and ½ for both: p_e = ½, κ = (⅔ − ½) / ½ = ⅓.
        QVERIFY(std::fabs(pair.kappa - 1.0 / 3.0) < 1e-12);
        QVERIFY(pair.low <= pair.kappa && pair.kappa <= pair.high);
        QCOMPARE((*report)->reviewers.size(), 2);
        const QString csv = ReviewService::agreementCsv(**report);
        QVERIFY(csv.startsWith(QLatin1String("section,reviewer_a,reviewer_b,items,kappa")));
        QVERIFY(csv.contains(QLatin1String("cohen_kappa,alice,bob,6,0.3333")));
    }

    // The database refuses, not only the UI: a viewer cannot decide, a level-1 reviewer cannot decide or lease at
    // level 2, a level-2 reviewer can.
    void rolesAreEnforcedByTheDatabase()
    {
        if (!pg())
            QSKIP("a local file has no roles");
        std::optional<PostgresSettings> settings = pgSettings();
        QVERIFY(settings);
        QStringList ddl;
        for (const auto &[login, role] :
            { std::pair { "sx_review_viewer", "sextant_viewer" }, std::pair { "sx_review_l1", "sextant_reviewer" },
                std::pair { "sx_review_l2", "sextant_reviewer_l2" } })
            ddl << QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1') THEN "
                                  "CREATE ROLE %1 LOGIN; END IF; END $$")
                       .arg(QLatin1String(login))
                << QStringLiteral("GRANT %2 TO %1").arg(QLatin1String(login), QLatin1String(role));
        QVERIFY(runSql(*settings, ddl));
        QVERIFY(write(record(m_matches[5], QStringLiteral("owner"), ReviewDecision::Flag)));
        QCOMPARE(routeOf(m_matches[5]), QStringLiteral("flag"));

        const auto as = [&](const QString &user, const std::function<void(Repository &)> &body) {
            PostgresSettings s = *settings;
            s.user = user;
            {
                Result<std::unique_ptr<Repository>> repo = PostgresWorkspace::open(
                    s, QLatin1String("review-") + user, PostgresWorkspace::Migrations::RequireCurrent);
                QVERIFY2(repo, qPrintable(repo.errorMessage()));
                body(**repo);
            }
            QSqlDatabase::removeDatabase(QLatin1String("review-") + user);
        };
        as(QStringLiteral("sx_review_viewer"), [&](Repository &r) {
            Result<ReviewAccess> access = ReviewConfig::access(r);
            QVERIFY2(access, qPrintable(access.errorMessage()));
            QCOMPARE(access->reviewer, QStringLiteral("sx_review_viewer"));
            QVERIFY(!access->canDecide && !access->canDecideLevel2 && !access->isAdmin);
            Result<ReviewStore::WriteResult> w = ReviewStore::write(
                r, record(m_matches[0], QStringLiteral("sx_review_viewer"), ReviewDecision::Approve));
            QVERIFY(!w);
            QVERIFY2(w.errorMessage().contains(QLatin1String("permission denied")), qPrintable(w.errorMessage()));
            QVERIFY(!ReviewLeases::claimNext(r, QStringLiteral("sx_review_viewer"), 1, 1));
            QVERIFY(ReviewQueries::queue(r, {}, QStringLiteral("sx_review_viewer"))); // but reads the queue
        });
        as(QStringLiteral("sx_review_l1"), [&](Repository &r) {
            Result<ReviewAccess> access = ReviewConfig::access(r);
            QVERIFY(access->canDecide && !access->canDecideLevel2 && !access->isAdmin);
            QVERIFY(!ReviewLeases::claimNext(r, QStringLiteral("sx_review_l1"), 1, 2)); // no level-2 lease
            Result<ReviewStore::WriteResult> w2 = ReviewStore::write(
                r, record(m_matches[5], QStringLiteral("sx_review_l1"), ReviewDecision::Approve, 2));
            QVERIFY(!w2);
            QVERIFY2(w2.errorMessage().contains(QLatin1String("row-level security")), qPrintable(w2.errorMessage()));
            Result<QList<QUuid>> mine = ReviewLeases::claimNext(r, QStringLiteral("sx_review_l1"), 2, 1);
            QVERIFY2(mine, qPrintable(mine.errorMessage()));
            QCOMPARE(mine->size(), 2);
            Result<ReviewStore::WriteResult> w1
                = ReviewStore::write(r, record(mine->first(), QStringLiteral("sx_review_l1"), ReviewDecision::Approve));
            QVERIFY2(w1, qPrintable(w1.errorMessage()));
            QCOMPARE(w1->outcome, ReviewStore::Outcome::Saved);
            Result<ReviewStore::WriteResult> forged
                = ReviewStore::write(r, record(m_matches[12], QStringLiteral("someone_else"), ReviewDecision::Approve));
            QVERIFY(!forged); // not in another reviewer's name
            QVERIFY2(
                forged.errorMessage().contains(QLatin1String("row-level security")), qPrintable(forged.errorMessage()));
        });
        as(QStringLiteral("sx_review_l2"), [&](Repository &r) {
            Result<ReviewAccess> access = ReviewConfig::access(r);
            QVERIFY(access->canDecide && access->canDecideLevel2 && !access->isAdmin);
            QCOMPARE(*ReviewLeases::claimNext(r, QStringLiteral("sx_review_l2"), 5, 2), QList<QUuid> { m_matches[5] });
            Result<ReviewStore::WriteResult> w = ReviewStore::write(
                r, record(m_matches[5], QStringLiteral("sx_review_l2"), ReviewDecision::Reject, 2));
            QVERIFY2(w, qPrintable(w.errorMessage()));
            QCOMPARE(w->outcome, ReviewStore::Outcome::Saved);
        });
    }

    // The database goes away mid-session (its connections cut and refused, as when the server stops): the operator
    // keeps deciding the items already claimed, the decisions wait in the journal, and once the database is back
    // every one of them is written exactly once.
    void decisionsDuringAnOutageAreWrittenOnce()
    {
        if (!pg())
            QSKIP("a local file does not go away");
        std::optional<PostgresSettings> admin = pgSettings();
        QVERIFY(admin);
        const QString database = admin->database;
        admin->database = QStringLiteral("postgres");
        ReviewService service(m_worker.get(), nullptr, m_dir.filePath(QStringLiteral("journal")));
        service.setReviewer(QStringLiteral("alice"));
        std::optional<Result<QList<ReviewItem>>> claimed;
        service.claimNext(this, 8, 1, [&claimed](const Result<QList<ReviewItem>> &r) { claimed = r; });
        QTRY_VERIFY(claimed.has_value());
        QVERIFY2(*claimed, qPrintable(claimed->errorMessage()));
        QCOMPARE((*claimed)->size(), 8);

        QSignalSpy lost(m_worker.get(), &DatabaseWorker::connectionLost);
        QSignalSpy back(m_worker.get(), &DatabaseWorker::reconnected);
        QSignalSpy saved(&service, &ReviewService::decisionSaved);
        QVERIFY(runSql(*admin,
            { QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS false").arg(database),
                QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1'")
                    .arg(database) }));
        QTRY_VERIFY_WITH_TIMEOUT(lost.count() >= 1, 15000);
        QList<QUuid> made;
        for (const ReviewItem &item : **claimed)
            made << service.decide(item.matchId, ReviewDecision::Reject, QStringLiteral("skills_gap"), QString(), 1);
        made << service.undo(made[2]);
        QCOMPARE(service.pendingCount(), 9);
        QTest::qWait(1500); // attempts fail meanwhile and must leave every decision waiting
        QCOMPARE(service.pendingCount(), 9);
        QCOMPARE(saved.count(), 0);

        QVERIFY(runSql(*admin, { QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS true").arg(database) }));
        QTRY_VERIFY_WITH_TIMEOUT(back.count() >= 1, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(service.pendingCount(), 0, 30000);
        QCOMPARE(saved.count(), 9);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM ai.match_reviews")), 9);
        QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT id) FROM ai.match_reviews")), 9);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM ai.review_current")), 7);
        QCOMPARE(onWorker([](Repository &r) -> Result<qint64> {
            return auditCount(r, QStringLiteral("match_review.decide"));
        }).value(),
            8);
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestReviewService>(argc, argv);
}

#include "tst_reviewservice.moc"
