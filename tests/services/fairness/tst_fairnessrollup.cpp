// The fairness report's pre-aggregated cells (PostgreSQL migration 0013, SQLite 0012) against GROUP BY over the raw
// tables, on both backends: after the first proposals, more proposals and decisions, undone decisions,
// superseded and hired proposals, changed, removed and added audit attributes, regions and activity, a changed job
// region, a deleted freelancer run, deleted jobs, people and decisions, and (PostgreSQL) a truncated table. Every
// stage the cells answer, for single attributes, intersections, a period and one reviewer, and the ranking counts,
// must come out the same.
#include "db/databaseworker.h"
#include "db/postgresworkspace.h"
#include "fairness/fairnessqueries.h"
#include "fairness/fairnessrollup.h"
#include "support/importtestutil.h"

#include <QMutex>
#include <QSqlQuery>
#include <QThread>

#include <cmath>
#include <cstdarg>
#include <thread>

namespace {

QUuid id(int kind, int n)
{
    return QUuid(
        QStringLiteral("%1-0000-4000-8000-%2").arg(kind, 8, 10, QLatin1Char('0')).arg(n, 12, 10, QLatin1Char('0')));
}

// A fixed linear congruential sequence, so every run (and both backends) sees the same data.
struct Dice
{
    quint32 state = 12345;
    int roll(int sides)
    {
        state = state * 1664525u + 1013904223u;
        return int((state >> 8) % quint32(sides));
    }
};

const QDateTime Start(QDate(2026, 5, 4), QTime(10, 0), Qt::UTC);
constexpr int People = 60, Jobs = 12;
const QStringList AgeBands { QStringLiteral("18-29"), QStringLiteral("30-44"), QStringLiteral("45-59"),
    QStringLiteral("60+") };
const QStringList Places { QStringLiteral("eu-west"), QStringLiteral("na-east"), QString() };

} // namespace

#define COMPARE_CELLS(when)                                                                                            \
    do {                                                                                                               \
        const Result<int> compared = compareAll(when);                                                                 \
        QVERIFY2(compared.ok(), qPrintable(compared.errorMessage()));                                                  \
        QVERIFY(*compared >= 70);                                                                                      \
    } while (false)

class TestFairnessRollup : public QObject
{
    Q_OBJECT
public:
    explicit TestFairnessRollup(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    Dice m_dice;
    int m_nextMatch = 0, m_nextReview = 0;

    // One statement; `:u…` names are uuids, everything else binds as given.
    static Result<void> exec(Repository &r, QString sql, const QVariantMap &binds = {})
    {
        const SqlDialect &d = r.dialect();
        for (auto it = binds.begin(); it != binds.end(); ++it)
            if (it.key().startsWith(QLatin1Char('u')))
                sql.replace(QLatin1Char(':') + it.key() + QLatin1Char(' '),
                    d.placeholder(it.key(), SqlDialect::Uuid) + QLatin1Char(' '));
        QSqlQuery q(r.database());
        if (binds.isEmpty()) { // TRUNCATE cannot be prepared
            if (!q.exec(sql))
                return Repository::queryError(q, sql);
            return {};
        }
        if (!q.prepare(sql))
            return Repository::queryError(q, sql);
        for (auto it = binds.begin(); it != binds.end(); ++it) {
            if (it.key().startsWith(QLatin1Char('u')))
                q.bindValue(QLatin1Char(':') + it.key(), d.uuid(it.value().toUuid()));
            else if (it.value().typeId() == QMetaType::Bool)
                q.bindValue(QLatin1Char(':') + it.key(), d.boolean(it.value().toBool()));
            else if (it.value().typeId() == QMetaType::QDateTime)
                q.bindValue(QLatin1Char(':') + it.key(), d.time(it.value().toDateTime()));
            else
                q.bindValue(QLatin1Char(':') + it.key(), it.value());
        }
        if (!q.exec())
            return Repository::queryError(q, sql);
        return {};
    }

    Result<void> run(const std::function<Result<void>(Repository &)> &step)
    {
        return m_worker->runAndWait([&](Repository &r) { return r.inTransaction([&] { return step(r); }); });
    }

    // Proposals for `jobs` × random freelancers among the first `people`, with rankings (some missing, some past
    // 50), days, applications, hires, and level-1 decisions by one or two reviewers (and a level-2 one on some).
    Result<void> propose(Repository &r, int count, int people)
    {
        QList<MatchResult> matches;
        QList<MatchReview> reviews;
        for (int i = 0; i < count; ++i) {
            MatchResult m;
            m.id = id(3, m_nextMatch++);
            m.jobId = id(2, m_dice.roll(Jobs));
            m.freelancerId = id(1, m_dice.roll(people));
            m.score = 0.3 + 0.01 * m_dice.roll(60);
            m.confidence = 0.5;
            const int rank = m_dice.roll(14);
            m.ranking = rank == 13 ? 60 : rank; // 0 stands for "no ranking" below
            m.modelVersion = QStringLiteral("t");
            m.createdAt = Start.addDays(m_dice.roll(5)).addSecs(i);
            m.wasApplied = m_dice.roll(3) == 0;
            m.wasHired = m.wasApplied && m_dice.roll(2) == 0;
            matches << m;
            const int decided = m_dice.roll(10);
            for (int k = 0; k < (decided < 6 ? 1 : decided < 8 ? 2 : 0); ++k)
                reviews << MatchReview { id(4, m_nextReview++), m.id,
                    k == 0 ? QStringLiteral("rev-a") : QStringLiteral("rev-b"),
                    m_dice.roll(5) < 3 ? QStringLiteral("approve") : QStringLiteral("reject"), QString(), QString(),
                    m.createdAt.addSecs(60), 1 };
            if (decided == 5)
                reviews << MatchReview { id(4, m_nextReview++), m.id, QStringLiteral("rev-l2"),
                    QStringLiteral("approve"), QString(), QString(), m.createdAt.addSecs(120), 2 };
        }
        if (Result<void> w = r.insertMatches(matches); !w)
            return w;
        const SqlDialect &d = r.dialect();
        for (const MatchResult &m : matches)
            if (m.ranking == 0)
                if (Result<void> w = exec(r,
                        QLatin1String("UPDATE ") + d.table(Table::MatchResults)
                            + QLatin1String(" SET ranking = NULL WHERE id = :um "),
                        { { QStringLiteral("um"), m.id } });
                    !w)
                    return w;
        return r.insertMatchReviews(reviews);
    }

    Result<void> seed(Repository &r)
    {
        QList<User> users { User { id(9, 0), QStringLiteral("client@example.org"), QStringLiteral("Client"),
            QStringLiteral("user_client"), true, Start, QStringLiteral("eu") } };
        QList<FreelancerProfile> profiles;
        for (int p = 0; p < People + 20; ++p) {
            users << User { id(1, p), QStringLiteral("f%1@example.org").arg(p), QStringLiteral("F%1").arg(p),
                QStringLiteral("user_freelancer"), p % 17 != 3, Start, QStringLiteral("eu") };
            if (p % 11 != 5) // a few freelancers without a profile: never in the Proposed stage's population
                profiles << FreelancerProfile { id(1, p), QStringLiteral("Dev"), QString(), {}, 40, 3, 0.9,
                    Places[p % 3], QString() };
        }
        QList<Job> jobs;
        for (int j = 0; j < Jobs; ++j) {
            Job job;
            job.id = id(2, j);
            job.title = QStringLiteral("Job %1").arg(j);
            job.budget = 100;
            job.status = QStringLiteral("open");
            job.clientId = id(9, 0);
            job.region = Places[(j + 1) % 3];
            job.createdAt = Start;
            jobs << job;
        }
        if (Result<void> w = r.insertUsers(users); !w)
            return w;
        if (Result<void> w = r.insertFreelancerProfiles(profiles); !w)
            return w;
        if (Result<void> w = r.insertJobs(jobs); !w)
            return w;
        const SqlDialect &d = r.dialect();
        const QString runs = QLatin1String("INSERT INTO ") + d.table(Table::MatchRuns)
            + QLatin1String(
                " (id, scope, model_version, started_by, started_at) VALUES (:ur , :scope, 't', 'test', :at)");
        for (int k = 0; k < 2; ++k)
            if (Result<void> w = exec(r, runs,
                    { { QStringLiteral("ur"), id(5, k) },
                        { QStringLiteral("scope"), k ? QStringLiteral("freelancer") : QStringLiteral("job") },
                        { QStringLiteral("at"), Start } });
                !w)
                return w;
        if (Result<void> w = propose(r, 300, People); !w)
            return w;
        // Some proposals came from a job's run, some from a freelancer's (no job's ranking), a few are superseded.
        for (int m = 0; m < 300; m += 7)
            if (Result<void> w = exec(r,
                    QLatin1String("UPDATE ") + d.table(Table::MatchResults)
                        + QLatin1String(" SET run_id = :ur WHERE id = :um "),
                    { { QStringLiteral("ur"), id(5, m % 2) }, { QStringLiteral("um"), id(3, m) } });
                !w)
                return w;
        // The attributes arrive after the proposals, so every freelancer moves between classes once.
        QList<AuditAttribute> attributes;
        for (int p = 0; p < People; ++p) {
            if (p % 9 != 4)
                attributes << AuditAttribute { id(1, p), QStringLiteral("age_band"), AgeBands[p % 4] };
            if (p % 5 != 2)
                attributes << AuditAttribute { id(1, p), QStringLiteral("gender"),
                    p % 2 ? QStringLiteral("f") : QStringLiteral("m") };
        }
        return r.insertAuditAttributes(attributes);
    }

    QList<FairnessRequest> requests() const
    {
        QList<FairnessRequest> all;
        const QList<QStringList> attributeSets { { QStringLiteral("age_band") }, { regionAttribute() },
            { jobRegionAttribute() }, { QStringLiteral("gender"), QStringLiteral("age_band") },
            { jobRegionAttribute(), QStringLiteral("gender") } };
        for (const QStringList &a : attributeSets) {
            for (int variant = 0; variant < 3; ++variant) {
                FairnessRequest q;
                q.attributes = a;
                q.topK = 5;
                if (variant == 1) {
                    q.from = Start.date().addDays(1);
                    q.to = Start.date().addDays(3);
                }
                if (variant == 2)
                    q.reviewer = QStringLiteral("rev-b");
                all << q;
            }
        }
        return all;
    }

    static Error fail(const char *format, ...)
    {
        va_list args;
        va_start(args, format);
        const QString message = QString::vasprintf(format, args);
        va_end(args);
        return makeError(Error::Database, message);
    }

    static QString describe(const FairnessRequest &q, FairnessStage s)
    {
        return QStringLiteral("%1 by %2, %3..%4, reviewer '%5'")
            .arg(stageKey(s), q.attributes.join(QLatin1Char('+')), q.from.toString(Qt::ISODate),
                q.to.toString(Qt::ISODate), q.reviewer);
    }

    // Every request and stage the cells answer, cells against raw: the number of comparisons made, or the first
    // difference.
    Result<int> compareAll(const char *when)
    {
        int compared = 0;
        for (FairnessRequest q : requests()) {
            for (FairnessStage s : { FairnessStage::Proposed, FairnessStage::ShownTopK, FairnessStage::ApprovedL1,
                     FairnessStage::Applied, FairnessStage::Hired }) {
                q.stage = s;
                if (!FairnessQueries::validate(q).ok())
                    continue;
                const auto pair = m_worker->runAndWait(
                    [q, s](Repository &r)
                        -> Result<QPair<QList<FairnessQueries::GroupCount>, QList<FairnessQueries::GroupCount>>> {
                        if (!FairnessRollup::answers(q, s))
                            return makeError(Error::InvalidInput, QStringLiteral("not answered"));
                        auto cells = FairnessRollup::stageCounts(r, q, s);
                        if (!cells)
                            return makeError(Error::Database, QStringLiteral("refused"));
                        if (!*cells)
                            return cells->error();
                        auto raw = FairnessQueries::rawStageCounts(r, q, s);
                        if (!raw)
                            return raw.error();
                        return qMakePair(**cells, *raw);
                    });
                if (!pair && pair.error().code == Error::InvalidInput)
                    continue;
                const QString what = QString::fromLatin1(when) + QLatin1String(": ") + describe(q, s);
                if (!pair)
                    return fail("%s: %s", qPrintable(what), qPrintable(pair.errorMessage()));
                const auto &[cells, raw] = *pair;
                if (cells.size() != raw.size())
                    return fail("%s: %d groups from the cells, %d from the raw tables", qPrintable(what),
                        int(cells.size()), int(raw.size()));
                for (qsizetype i = 0; i < raw.size(); ++i) {
                    const auto &a = cells[i];
                    const auto &b = raw[i];
                    if (a.group != b.group || a.n != b.n || a.selected != b.selected || a.positives != b.positives
                        || a.positivesSelected != b.positivesSelected)
                        return fail("%s: group %s: cells %lld/%lld/%lld/%lld, raw %s %lld/%lld/%lld/%lld",
                            qPrintable(what), qPrintable(a.group), a.n, a.selected, a.positives, a.positivesSelected,
                            qPrintable(b.group), b.n, b.selected, b.positives, b.positivesSelected);
                }
                ++compared;
            }
            const auto ranking = m_worker->runAndWait(
                [q](Repository &r) -> Result<QPair<FairnessQueries::RankingCounts, FairnessQueries::RankingCounts>> {
                    auto cells = FairnessRollup::rankingCounts(r, q);
                    if (!cells)
                        return makeError(Error::Database, QStringLiteral("refused"));
                    if (!*cells)
                        return cells->error();
                    auto raw = FairnessQueries::rawRankingCounts(r, q);
                    if (!raw)
                        return raw.error();
                    return qMakePair(**cells, *raw);
                });
            const QString what
                = QString::fromLatin1(when) + QLatin1String(": ranking ") + describe(q, FairnessStage::ShownTopK);
            if (!ranking)
                return fail("%s: %s", qPrintable(what), qPrintable(ranking.errorMessage()));
            auto cells = ranking->first.cells, raw = ranking->second.cells;
            const auto order = [](const FairnessQueries::PositionCount &a, const FairnessQueries::PositionCount &b) {
                return std::tie(a.group, a.position) < std::tie(b.group, b.position);
            };
            std::sort(cells.begin(), cells.end(), order);
            std::sort(raw.begin(), raw.end(), order);
            if (ranking->first.jobs != ranking->second.jobs || cells.size() != raw.size())
                return fail("%s: %d jobs, %d cells from the cells; %d jobs, %d cells raw", qPrintable(what),
                    ranking->first.jobs, int(cells.size()), ranking->second.jobs, int(raw.size()));
            for (qsizetype i = 0; i < raw.size(); ++i)
                if (cells[i].group != raw[i].group || cells[i].position != raw[i].position
                    || cells[i].count != raw[i].count || std::fabs(cells[i].scoreSum - raw[i].scoreSum) > 1e-9)
                    return fail("%s: position cell %d differs", qPrintable(what), int(i));
            ++compared;
        }
        return compared;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_dice = Dice();
        m_nextMatch = m_nextReview = 0;
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> opened
            = openWorkerOnFreshWorkspace(*m_worker, m_backend, m_dir, QStringLiteral("fairnessrollup"));
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        const Result<void> seeded = run([this](Repository &r) { return seed(r); });
        QVERIFY2(seeded.ok(), qPrintable(seeded.errorMessage()));
    }

    void cleanup() { m_worker.reset(); }

    // PostgreSQL only: writers of the rollups at the same time, as when two operators start match runs while an
    // attribute import runs. Three "match runs" (each transaction: proposals for jobs in two statements, in opposite
    // job orders, then some of them superseded) and one "attribute import" (a band changed for a fifth of the
    // people), each on its own connection and thread, six transactions each. Before migration 0017 about half of
    // such transactions ended in PostgreSQL's deadlock detector; now every one commits, and the rollups and each
    // job's ranking agree with the raw tables.
    void concurrentWritersTakeTurns()
    {
        if (m_backend != SqlDialect::Postgres)
            QSKIP("one writer at a time is all SQLite allows");
        const std::optional<PostgresSettings> server = testPostgres();
        QVERIFY(server);
        PostgresSettings settings = *server;
        settings.database = QStringLiteral("sextant_fairnessrollup_test");
        const auto tables = m_worker->runAndWait([](Repository &r) -> Result<QStringList> {
            const SqlDialect &d = r.dialect();
            return QStringList { d.table(Table::MatchResults), d.table(Table::AuditAttributes), d.table(Table::Jobs) };
        });
        QVERIFY(tables.ok());
        const QString matches = tables->at(0), attributes = tables->at(1), jobs = tables->at(2);

        const QString proposals = QLatin1String("INSERT INTO ") + matches
            + QLatin1String(" (id, job_id, freelancer_id, score, confidence, ranking, model_version) "
                            "SELECT gen_random_uuid(), j.id, f.user_id, random(), 0.5, 1 + (random() * 9)::int, "
                            "'concurrent' FROM (SELECT id FROM ")
            + jobs + QLatin1String(" ORDER BY %1 LIMIT 6 OFFSET %2) j CROSS JOIN LATERAL (SELECT user_id FROM ")
            + attributes
            + QLatin1String(" WHERE attribute = 'age_band' ORDER BY random() LIMIT 4) f");
        const QString supersede = QLatin1String("UPDATE ") + matches
            + QLatin1String(" SET superseded_at = now() WHERE superseded_at IS NULL AND model_version = 'concurrent' "
                            "AND random() < 0.3");
        const QString moveBands = QLatin1String("UPDATE ") + attributes
            + QLatin1String(" SET value = CASE value WHEN '18-29' THEN '30-44' WHEN '30-44' THEN '18-29' ELSE value "
                            "END WHERE attribute = 'age_band' AND user_id IN (SELECT user_id FROM ")
            + attributes + QLatin1String(" WHERE attribute = 'age_band' ORDER BY random() LIMIT 12)");

        std::atomic<int> committed { 0 };
        QMutex failuresMutex;
        QStringList failures;
        const auto writer = [&](int index, QStringList statements) {
            const QString name = QStringLiteral("rollup-writer-%1").arg(index);
            {
                Result<std::unique_ptr<Repository>> repo
                    = PostgresWorkspace::open(settings, name, PostgresWorkspace::Migrations::RequireCurrent);
                if (!repo) {
                    const QMutexLocker lock(&failuresMutex);
                    failures << repo.errorMessage();
                    return;
                }
                for (int round = 0; round < 6; ++round) {
                    const Result<void> done = (*repo)->inTransaction([&]() -> Result<void> {
                        for (const QString &sql : statements) {
                            QSqlQuery q((*repo)->database());
                            if (!q.exec(sql))
                                return Repository::queryError(q, QStringLiteral("writer %1").arg(index));
                            QThread::msleep(20); // the transaction stays open while the others write
                        }
                        return {};
                    });
                    if (done) {
                        ++committed;
                    } else {
                        const QMutexLocker lock(&failuresMutex);
                        failures << done.errorMessage();
                    }
                }
                repo->reset();
            }
            QSqlDatabase::removeDatabase(name);
        };
        std::vector<std::thread> threads;
        for (int i = 0; i < 3; ++i) {
            const QString order = i % 2 ? QStringLiteral("id DESC") : QStringLiteral("id");
            threads.emplace_back(writer, i,
                QStringList { proposals.arg(order).arg(0), proposals.arg(order).arg(6), supersede });
        }
        threads.emplace_back(writer, 3, QStringList { moveBands, moveBands });
        for (std::thread &t : threads)
            t.join();
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QCOMPARE(committed.load(), 24);

        COMPARE_CELLS("after four concurrent writers");
        // Each job's ranking (migration 0015) against the same string built from the raw tables.
        const auto disagreeing = m_worker->runAndWait([](Repository &r) -> Result<qint64> {
            const SqlDialect &d = r.dialect();
            const QString ai = d.table(Table::MatchResults).section(QLatin1Char('.'), 0, 0);
            QSqlQuery q(r.database());
            const QString fresh = QLatin1String("SELECT m.job_id, (m.created_at AT TIME ZONE 'UTC')::date AS day, "
                                                "string_agg(m.ranking || ':' || f.class_id || ':' || m.score::float8::text, "
                                                "',' ORDER BY m.ranking, m.id) AS items FROM ")
                + d.table(Table::MatchResults) + QLatin1String(" m JOIN ") + ai
                + QLatin1String(".fairness_people f ON f.user_id = m.freelancer_id WHERE m.superseded_at IS NULL "
                                "AND m.ranking BETWEEN 1 AND 50 AND (m.run_id IS NULL OR m.run_id NOT IN (SELECT run_id "
                                "FROM ")
                + ai + QLatin1String(".fairness_freelancer_runs)) GROUP BY 1, 2");
            const QString kept = QLatin1String("SELECT job_id, day, items FROM ") + ai
                + QLatin1String(".fairness_job_rankings");
            if (!q.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM (%1 EXCEPT %2) a) + (SELECT COUNT(*) FROM (%2 "
                                       "EXCEPT %1) b)")
                        .arg(fresh, kept))
                || !q.next())
                return Repository::queryError(q, QStringLiteral("job rankings against the raw tables"));
            return q.value(0).toLongLong();
        });
        QVERIFY2(disagreeing.ok(), qPrintable(disagreeing.errorMessage()));
        QCOMPARE(*disagreeing, 0);
    }

    // The cells hold what the seed made, and a group with few people is there (suppression happens later).
    void cellsMatchTheRawCounts()
    {
        COMPARE_CELLS("after the seed");
        const auto counts = m_worker->runAndWait([](Repository &r) {
            FairnessRequest q;
            q.attributes = { QStringLiteral("age_band") };
            return FairnessQueries::stageCounts(r, q, FairnessStage::ApprovedL1);
        });
        QVERIFY2(counts.ok(), qPrintable(counts.errorMessage()));
        QCOMPARE(counts->size(), 5); // four bands and "(not recorded)"
    }

    void cellsFollowEveryChange()
    {
        // More proposals and decisions, among them people who have no attributes or profile yet.
        QVERIFY(run([this](Repository &r) { return propose(r, 120, People + 20); }).ok());
        COMPARE_CELLS("after more proposals");

        // Undo: a row that supersedes a decision takes it out of force.
        QVERIFY(run([this](Repository &r) -> Result<void> {
            const QString sql = QLatin1String("INSERT INTO ") + r.dialect().table(Table::MatchReviews)
                + QLatin1String(
                    " (id, match_id, reviewer, decision, decided_at, level, supersedes) SELECT :uid , match_id, "
                    "reviewer, decision, decided_at, level, id FROM ")
                + r.dialect().table(Table::MatchReviews) + QLatin1String(" WHERE id = :uold ");
            for (int k = 0; k < 40; k += 3)
                if (Result<void> w
                    = exec(r, sql, { { QStringLiteral("uid"), id(6, k) }, { QStringLiteral("uold"), id(4, k) } });
                    !w)
                    return w;
            return {};
        }).ok());
        COMPARE_CELLS("after undone decisions");

        // The matcher supersedes proposals; applications, hires and rankings change.
        QVERIFY(run([this](Repository &r) -> Result<void> {
            const QString t = r.dialect().table(Table::MatchResults);
            for (int m = 0; m < 120; m += 4) {
                QString set = m % 8 == 0 ? QStringLiteral("superseded_at = :at")
                    : m % 8 == 4         ? QStringLiteral("was_hired = :yes, was_applied = :yes")
                                         : QStringLiteral("ranking = 2");
                if (m % 12 == 0)
                    set = QStringLiteral("ranking = 1, was_applied = :no");
                QVariantMap binds { { QStringLiteral("um"), id(3, m) } };
                if (set.contains(QLatin1String(":at")))
                    binds.insert(QStringLiteral("at"), Start.addDays(9));
                if (set.contains(QLatin1String(":yes")))
                    binds.insert(QStringLiteral("yes"), true);
                if (set.contains(QLatin1String(":no")))
                    binds.insert(QStringLiteral("no"), false);
                if (Result<void> w = exec(r,
                        QLatin1String("UPDATE ") + t + QLatin1String(" SET ") + set + QLatin1String(" WHERE id = :um "),
                        binds);
                    !w)
                    return w;
            }
            return {};
        }).ok());
        COMPARE_CELLS("after superseded and hired proposals");

        // People change: attribute values, removed and new attributes, regions, activity, a removed profile.
        QVERIFY(run([this](Repository &r) -> Result<void> {
            const SqlDialect &d = r.dialect();
            const QString attrs = d.table(Table::AuditAttributes), profiles = d.table(Table::FreelancerProfiles);
            for (int p = 0; p < 8; ++p)
                if (Result<void> w = exec(r,
                        QLatin1String("UPDATE ") + attrs
                            + QLatin1String(" SET value = '60+' WHERE user_id = :up AND attribute = 'age_band'"),
                        { { QStringLiteral("up"), id(1, p) } });
                    !w)
                    return w;
            if (Result<void> w = exec(r, QLatin1String("DELETE FROM ") + attrs + QLatin1String(" WHERE user_id = :up "),
                    { { QStringLiteral("up"), id(1, 10) } });
                !w)
                return w;
            if (Result<void> w = r.insertAuditAttributes(
                    { AuditAttribute { id(1, People + 3), QStringLiteral("age_band"), AgeBands[1] } });
                !w)
                return w;
            if (Result<void> w = exec(r,
                    QLatin1String("UPDATE ") + profiles + QLatin1String(" SET location = 'apac' WHERE user_id = :up "),
                    { { QStringLiteral("up"), id(1, 12) } });
                !w)
                return w;
            if (Result<void> w
                = exec(r, QLatin1String("DELETE FROM ") + profiles + QLatin1String(" WHERE user_id = :up "),
                    { { QStringLiteral("up"), id(1, 13) } });
                !w)
                return w;
            return exec(r,
                QLatin1String("UPDATE ") + d.table(Table::Users)
                    + QLatin1String(" SET is_active = :no WHERE id = :up "),
                { { QStringLiteral("up"), id(1, 14) }, { QStringLiteral("no"), false } });
        }).ok());
        COMPARE_CELLS("after changed people");

        // A job moves region; the freelancer run is deleted (its proposals' run_id becomes NULL: now a job's ranking).
        QVERIFY(run([this](Repository &r) -> Result<void> {
            const SqlDialect &d = r.dialect();
            if (Result<void> w = exec(r,
                    QLatin1String("UPDATE ") + d.table(Table::Jobs)
                        + QLatin1String(" SET region = 'apac' WHERE id = :uj "),
                    { { QStringLiteral("uj"), id(2, 3) } });
                !w)
                return w;
            return exec(r,
                QLatin1String("DELETE FROM ") + d.table(Table::MatchRuns) + QLatin1String(" WHERE id = :ur "),
                { { QStringLiteral("ur"), id(5, 1) } });
        }).ok());
        COMPARE_CELLS("after a moved job and a deleted run");

        // Deletions: a job and a person with their proposals and decisions (cascades), and decisions on their own.
        QVERIFY(run([this](Repository &r) -> Result<void> {
            const SqlDialect &d = r.dialect();
            if (Result<void> w = exec(r,
                    QLatin1String("DELETE FROM ") + d.table(Table::MatchReviews)
                        + QLatin1String(" WHERE id = :ua OR id = :ub "),
                    { { QStringLiteral("ua"), id(6, 3) }, { QStringLiteral("ub"), id(4, 50) } });
                !w)
                return w;
            if (Result<void> w
                = exec(r, QLatin1String("DELETE FROM ") + d.table(Table::Jobs) + QLatin1String(" WHERE id = :uj "),
                    { { QStringLiteral("uj"), id(2, 5) } });
                !w)
                return w;
            return exec(r, QLatin1String("DELETE FROM ") + d.table(Table::Users) + QLatin1String(" WHERE id = :up "),
                { { QStringLiteral("up"), id(1, 21) } });
        }).ok());
        COMPARE_CELLS("after deletions");

        // PostgreSQL: a TRUNCATE fires no delete trigger; the cells are counted again from what is left.
        if (m_backend == SqlDialect::Postgres) {
            QVERIFY(run([](Repository &r) {
                return exec(r, QLatin1String("TRUNCATE ") + r.dialect().table(Table::MatchReviews));
            }).ok());
            COMPARE_CELLS("after a truncated decision table");
            QVERIFY(run([](Repository &r) {
                const QString reviews = r.dialect().table(Table::MatchReviews);
                return exec(r,
                    QLatin1String("INSERT INTO ") + reviews
                        + QLatin1String(
                            " (id, match_id, reviewer, decision, decided_at, level) SELECT gen_random_uuid(), id, "
                            "'rev-a', CASE WHEN ranking % 2 = 0 THEN 'approve' ELSE 'reject' END, now(), 1 FROM ")
                        + r.dialect().table(Table::MatchResults) + QLatin1String(" WHERE ranking IS NOT NULL"));
            }).ok());
            COMPARE_CELLS("after decisions following the truncate");
        }
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestFairnessRollup>(argc, argv);
}
#include "tst_fairnessrollup.moc"
