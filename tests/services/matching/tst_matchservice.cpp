#include "db/databaseworker.h"
#include "matching/learningstore.h"
#include "matching/matchfactors.h"
#include "matching/matchqueries.h"
#include "matching/matchservice.h"
#include "matching/modelregistry.h"
#include "support/importtestutil.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskrunner.h"

#include <QSemaphore>
#include <QSqlQuery>

#include <cmath>

// Match runs, superseding, the model registry's one-active rule, bad input and replay, through a
// DatabaseWorker as the application uses them. SQLite and PostgreSQL.
class TestMatchService : public QObject
{
    Q_OBJECT
public:
    explicit TestMatchService(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<MatchService> m_service;
    QList<QUuid> m_freelancers; // F0 … F3
    QList<QUuid> m_jobs; // J0 Rust+Kubernetes, J1 Python, J2 no skills, J3 completed
    const QString m_actor = QStringLiteral("tester");

    static QUuid id(int n) { return QUuid(QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'))); }

    static Embedding axis(int a, int b)
    {
        Embedding e(EmbeddingDimensions, 0.0f);
        e[a] = 0.8f;
        e[b] = 0.6f;
        return e;
    }

    Result<void> seed(Repository &r)
    {
        const QDateTime t(QDate(2026, 1, 5), QTime(9, 0), Qt::UTC);
        QList<User> users { User { id(1), QStringLiteral("client@example.org"), QStringLiteral("Client"),
            QStringLiteral("user_client"), true, t, QStringLiteral("eu-west") } };
        QList<FreelancerProfile> profiles;
        const QList<QStringList> skills { { QStringLiteral("Rust"), QStringLiteral("kubernetes") },
            { QStringLiteral("Rust"), QStringLiteral("Python") }, { QStringLiteral("Go") }, {} };
        QList<EntityEmbedding> vectors;
        for (int i = 0; i < 4; ++i) {
            const QUuid u = id(100 + i);
            users << User { u, QStringLiteral("f%1@example.org").arg(i), QStringLiteral("Freelancer %1").arg(i),
                QStringLiteral("user_freelancer"), true, t, i % 2 ? QStringLiteral("na-east") : QStringLiteral("eu-west") };
            profiles << FreelancerProfile { u, QStringLiteral("Engineer %1").arg(i), QString(), skills[i], 40.0 + 20 * i,
                2 + 3 * i, 0.7 + 0.05 * i, users.last().shardRegion, QString() };
            vectors << EntityEmbedding { QStringLiteral("user"), u, axis(i, 10 + i), QStringLiteral("test"), t };
        }
        const QList<QStringList> required { { QStringLiteral("Rust"), QStringLiteral("Kubernetes") },
            { QStringLiteral("Python") }, {}, { QStringLiteral("Go") } };
        QList<Job> jobs;
        for (int j = 0; j < 4; ++j) {
            Job job;
            job.id = id(200 + j);
            job.title = QStringLiteral("Job %1").arg(j);
            job.description = QStringLiteral("Build things %1").arg(j);
            job.budget = 2000 + 1000 * j;
            job.category = QStringLiteral("dev");
            job.requiredSkills = required[j];
            job.status = j == 3 ? QStringLiteral("completed") : QStringLiteral("open");
            job.clientId = id(1);
            job.region = QStringLiteral("eu-west");
            job.createdAt = t.addDays(j);
            job.experienceLevel = QStringLiteral("intermediate");
            jobs << job;
            vectors << EntityEmbedding { QStringLiteral("job"), job.id, axis(j, 10 + (j + 1) % 4), QStringLiteral("test"), t };
        }
        for (const auto &write : std::initializer_list<std::function<Result<void>()>> {
                 [&] { return r.insertUsers(users); }, [&] { return r.insertFreelancerProfiles(profiles); },
                 [&] { return r.insertJobs(jobs); }, [&] { return r.insertEntityEmbeddings(vectors); } }) {
            if (Result<void> w = write(); !w)
                return w;
        }
        return {};
    }

    // A version that proposes every pair (threshold 0), top 3, and activates it.
    QUuid activeVersion(const QString &name, const std::array<double, 6> &weights, int topK = 3)
    {
        MatchingVersionDraft draft;
        draft.version = name;
        draft.params.weights = weights;
        draft.params.threshold = 0.0;
        draft.params.topK = topK;
        const QString actor = m_actor;
        Result<RegistryVersion> v = m_worker->runAndWait(
            [draft, actor](Repository &r) { return ModelRegistry::createMatching(r, draft, actor); });
        if (!v) {
            qWarning("%s", qPrintable(v.errorMessage()));
            return {};
        }
        const QUuid vid = v->id;
        if (!m_worker->runAndWait([vid, actor](Repository &r) { return ModelRegistry::activate(r, vid, actor); }))
            return {};
        return vid;
    }

    qint64 count(const QString &sql)
    {
        return m_worker
            ->runAndWait([sql](Repository &r) -> Result<qint64> {
                QSqlQuery q(r.database());
                if (!q.exec(sql) || !q.next())
                    return Repository::queryError(q, QStringLiteral("count"));
                return q.value(0).toLongLong();
            })
            .value();
    }

    QString table(Table t)
    {
        return SqlDialect(m_backend, false, SqlSchemas()).table(t);
    }

    QList<MatchCandidateRow> candidates(const QUuid &job)
    {
        Result<QList<MatchCandidateRow>> rows
            = m_worker->runAndWait([job](Repository &r) { return MatchQueries::candidates(r, job); });
        return rows ? *rows : QList<MatchCandidateRow>();
    }

    Result<MatchRunRecord> runAll()
    {
        TaskControl control;
        return m_service->run(MatchRunRequest {}, m_actor, control);
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> opened = openWorkerOnFreshWorkspace(*m_worker, m_backend, m_dir, QStringLiteral("matchservice"));
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        const Result<void> seeded = m_worker->runAndWait([this](Repository &r) { return r.inTransaction([&] { return seed(r); }); });
        QVERIFY2(seeded.ok(), qPrintable(seeded.errorMessage()));
        m_service = std::make_unique<MatchService>(m_worker.get());
        m_freelancers = { id(100), id(101), id(102), id(103) };
        m_jobs = { id(200), id(201), id(202), id(203) };
    }

    void cleanup()
    {
        m_service.reset();
        m_worker.reset();
    }

    void migrationSeedsTwoVersionsOneActive()
    {
        Result<QList<RegistryVersion>> versions
            = m_worker->runAndWait([](Repository &r) { return ModelRegistry::list(r, ModelRegistry::Matching); });
        QVERIFY(versions.ok());
        QCOMPARE(versions->size(), 2);
        QCOMPARE(versions->at(0).version, QStringLiteral("sextant-1")); // the active one first
        QVERIFY(versions->at(0).isActive);
        QCOMPARE(versions->at(1).version, QStringLiteral("seed-1"));
        const Result<compute::MatchParams> seedParams = paramsFromJson(versions->at(1).parameters);
        QVERIFY(seedParams.ok());
        QCOMPARE(seedParams->weights[compute::Semantic], 1.0);
        QCOMPARE(seedParams->threshold, 0.7);
        QCOMPARE(seedParams->topK, 10);
    }

    void runIsDeterministic()
    {
        QVERIFY(!activeVersion(QStringLiteral("all-pairs"), { 0.3, 0.3, 0.1, 0.1, 0.1, 0.1 }).isNull());
        const Result<MatchRunRecord> first = runAll();
        QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
        QCOMPARE(first->queries, 3); // the three open jobs, not the completed one
        QCOMPARE(first->pairsScored, 12);
        QCOMPARE(first->proposals, 9);
        const QList<MatchCandidateRow> before = candidates(m_jobs[0]);
        const Result<MatchRunRecord> second = runAll();
        QVERIFY(second.ok());
        const QList<MatchCandidateRow> after = candidates(m_jobs[0]);
        QCOMPARE(after.size(), 3);
        QCOMPARE(before.size(), after.size());
        for (qsizetype i = 0; i < after.size(); ++i) {
            QCOMPARE(after[i].freelancerId, before[i].freelancerId);
            QCOMPARE(after[i].ranking, int(i + 1));
            QCOMPARE(after[i].score, before[i].score);
            QCOMPARE(after[i].factors, before[i].factors);
            QVERIFY(after[i].matchId != before[i].matchId);
            QCOMPARE(after[i].runId, second->id);
            QCOMPARE(after[i].modelVersion, QStringLiteral("all-pairs"));
        }
        // F0 has both skills of J0 (one spelt in lower case): first, with nothing missing.
        QCOMPARE(after[0].freelancerId, m_freelancers[0]);
        QCOMPARE(after[0].components[compute::Skills], 1.0);
        QVERIFY(!after[1].factors.value(QStringLiteral("gaps")).toArray().isEmpty());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 WHERE superseded_at IS NOT NULL").arg(table(Table::MatchResults))),
            9);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 WHERE status = 'done'").arg(table(Table::MatchRuns))), 2);
    }

    void jobWithoutSkillsIsHandled()
    {
        QVERIFY(!activeVersion(QStringLiteral("all-pairs"), { 0.3, 0.3, 0.1, 0.1, 0.1, 0.1 }).isNull());
        TaskControl control;
        const Result<MatchRunRecord> run
            = m_service->run(MatchRunRequest { MatchScope::Job, { m_jobs[2] }, {} }, m_actor, control);
        QVERIFY2(run.ok(), qPrintable(run.errorMessage()));
        const QList<MatchCandidateRow> rows = candidates(m_jobs[2]);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0].components[compute::Skills], double(compute::NeutralComponent));
        QVERIFY(MatchFactors::sentences(rows[0].factors).gaps.contains(MatchFactors::tr("the job lists no required skills")));
        QVERIFY(rows[0].factors.value(QStringLiteral("gaps")).toArray().contains(QStringLiteral("the job lists no required skills")));
        QVERIFY(rows[0].confidence < 1.0);
    }

    void supersedingKeepsReviewsAndCancelKeepsCurrent()
    {
        QVERIFY(!activeVersion(QStringLiteral("all-pairs"), { 0.3, 0.3, 0.1, 0.1, 0.1, 0.1 }).isNull());
        QVERIFY(runAll().ok());
        const QList<MatchCandidateRow> first = candidates(m_jobs[0]);
        QVERIFY(!first.isEmpty());
        const QUuid reviewed = first[0].matchId;
        MatchReview review;
        review.id = QUuid::createUuid();
        review.matchId = reviewed;
        review.reviewer = m_actor;
        review.decision = QStringLiteral("approve");
        review.decidedAt = QDateTime::currentDateTimeUtc();
        QVERIFY(m_worker->runAndWait([review](Repository &r) { return r.insertMatchReviews({ review }); }).ok());
        QCOMPARE(candidates(m_jobs[0])[0].latestDecision, QStringLiteral("approve"));

        QVERIFY(runAll().ok());
        const QList<MatchCandidateRow> second = candidates(m_jobs[0]);
        QVERIFY(second[0].matchId != reviewed);
        QVERIFY(second[0].latestDecision.isEmpty());
        const QString reviews = table(Table::MatchReviews);
        const QString results = table(Table::MatchResults);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 r JOIN %2 m ON m.id = r.match_id WHERE m.superseded_at "
                                      "IS NOT NULL AND m.id = '%3'")
                           .arg(reviews, results, reviewed.toString(QUuid::WithoutBraces))),
            1);

        // A cancelled run: its run row says so and the second run's proposals stay current.
        const MatchInputSelection all { true, {}, true, {} };
        Result<MatchInputs> inputs = m_worker->runAndWait([all](Repository &r) { return MatchInputLoader::load(r, all); });
        QVERIFY(inputs.ok());
        Result<RegistryVersion> version = m_worker->runAndWait([](Repository &r) { return ModelRegistry::activeMatching(r); });
        QVERIFY(version.ok());
        TaskRunner runner;
        QSemaphore started, go;
        auto outcome = std::make_shared<Result<MatchRunRecord>>();
        MatchService *service = m_service.get();
        const MatchInputs &in = *inputs;
        const RegistryVersion v = *version;
        const quint64 task = runner.run(
            QStringLiteral("cancelled run"), QString(),
            [&, outcome](TaskControl &control) -> Result<void> {
                started.release(); // cancelled while queued, the job would never run
                go.acquire();
                *outcome = service->runOn(in, MatchRunRequest {}, v, m_actor, control);
                return {};
            },
            this, [](const Result<void> &) {});
        started.acquire();
        runner.cancel(task);
        go.release();
        QVERIFY(runner.waitForDone(30000));
        QVERIFY(!outcome->ok());
        QCOMPARE(outcome->error().code, Error::Cancelled);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 WHERE status = 'cancelled'").arg(table(Table::MatchRuns))), 1);
        const QList<MatchCandidateRow> third = candidates(m_jobs[0]);
        QCOMPARE(third.size(), second.size());
        QCOMPARE(third[0].matchId, second[0].matchId);
    }

    void secondActiveVersionRefusedByTheDatabase()
    {
        const QString versions = table(Table::ModelVersions);
        const QString setActive = m_backend == SqlDialect::Sqlite
            ? QStringLiteral("UPDATE %1 SET is_active = 1 WHERE version = 'seed-1'").arg(versions)
            : QStringLiteral("UPDATE %1 SET is_active = true WHERE version = 'seed-1'").arg(versions);
        const bool accepted = m_worker
                                  ->runAndWait([setActive](Repository &r) -> Result<bool> {
                                      QSqlQuery q(r.database());
                                      return q.exec(setActive);
                                  })
                                  .value();
        QVERIFY(!accepted);
        const QString active = m_backend == SqlDialect::Sqlite ? QStringLiteral("is_active = 1") : QStringLiteral("is_active");
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 WHERE model_type = 'matching' AND %2").arg(versions, active)), 1);
        // Through the registry the switch is one transaction, with audit entries.
        const QUuid seed(QStringLiteral("5e000000-0000-4000-8000-000000000001"));
        const QString actor = m_actor;
        QVERIFY(m_worker->runAndWait([seed, actor](Repository &r) { return ModelRegistry::activate(r, seed, actor); }).ok());
        Result<RegistryVersion> now = m_worker->runAndWait([](Repository &r) { return ModelRegistry::activeMatching(r); });
        QCOMPARE(now->version, QStringLiteral("seed-1"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 WHERE model_type = 'matching' AND %2").arg(versions, active)), 1);
        const Result<void> retireActive
            = m_worker->runAndWait([seed, actor](Repository &r) { return ModelRegistry::retire(r, seed, actor); });
        QVERIFY(!retireActive.ok());
        QCOMPARE(retireActive.error().code, Error::Conflict);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM %1 WHERE action LIKE 'model_version.%'").arg(table(Table::AuditLog))), 2);
    }

    void badInputWritesNothing()
    {
        const QString runs = QStringLiteral("SELECT count(*) FROM %1").arg(table(Table::MatchRuns));
        const QString results = QStringLiteral("SELECT count(*) FROM %1").arg(table(Table::MatchResults));
        const QString versions = QStringLiteral("SELECT count(*) FROM %1").arg(table(Table::ModelVersions));
        // Weights that do not sum to 1.
        MatchingVersionDraft draft;
        draft.version = QStringLiteral("bad");
        draft.params.weights = { 0.5, 0.5, 0.5, 0, 0, 0 };
        const QString actor = m_actor;
        const Result<RegistryVersion> bad
            = m_worker->runAndWait([draft, actor](Repository &r) { return ModelRegistry::createMatching(r, draft, actor); });
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, Error::InvalidInput);
        QVERIFY2(bad.errorMessage().contains(QStringLiteral("sum to 1")), qPrintable(bad.errorMessage()));
        QCOMPARE(count(versions), 2);

        const MatchInputSelection all { true, {}, true, {} };
        Result<RegistryVersion> version = m_worker->runAndWait([](Repository &r) { return ModelRegistry::activeMatching(r); });
        QVERIFY(version.ok());
        // A NaN in a job's vector.
        {
            Result<MatchInputs> inputs = m_worker->runAndWait([all](Repository &r) { return MatchInputLoader::load(r, all); });
            QVERIFY(inputs.ok());
            inputs->jobs.vectors.row(1)[5] = std::nanf("");
            TaskControl control;
            const Result<MatchRunRecord> run = m_service->runOn(*inputs, MatchRunRequest {}, *version, m_actor, control);
            QVERIFY(!run.ok());
            QCOMPARE(run.error().code, Error::InvalidInput);
            QVERIFY2(run.errorMessage().contains(QStringLiteral("NaN")), qPrintable(run.errorMessage()));
        }
        // Vectors of another dimension on one side.
        {
            Result<MatchInputs> inputs = m_worker->runAndWait([all](Repository &r) { return MatchInputLoader::load(r, all); });
            QVERIFY(inputs.ok());
            inputs->jobs.vectors = compute::EmbeddingMatrix(inputs->jobIds.size(), 8);
            TaskControl control;
            const Result<MatchRunRecord> run = m_service->runOn(*inputs, MatchRunRequest {}, *version, m_actor, control);
            QVERIFY(!run.ok());
            QVERIFY2(run.errorMessage().contains(QStringLiteral("dimensions")), qPrintable(run.errorMessage()));
        }
        // A version whose stored parameters are broken, and a job that does not exist.
        {
            RegistryVersion broken = *version;
            broken.parameters = paramsToJson(compute::MatchParams { { 1, 1, 0, 0, 0, 0 }, 0.5, 10, 0 });
            Result<MatchInputs> inputs = m_worker->runAndWait([all](Repository &r) { return MatchInputLoader::load(r, all); });
            TaskControl control;
            QVERIFY(!m_service->runOn(*inputs, MatchRunRequest {}, broken, m_actor, control).ok());
            const Result<MatchRunRecord> missing
                = m_service->run(MatchRunRequest { MatchScope::Job, { id(999) }, {} }, m_actor, control);
            QVERIFY(!missing.ok());
            QCOMPARE(missing.error().code, Error::InvalidInput);
        }
        QCOMPARE(count(runs), 0);
        QCOMPARE(count(results), 0);
    }

    void replayMatchesHandComputedTable()
    {
        // Skills alone, k = 2. J0 needs Rust and Kubernetes: F0 has both (1), F1 Rust (0.5), F2 none (0).
        // Decisions: F0 approve, F1 reject, F2 approve, F3 flag (ignored).
        const QUuid version = activeVersion(QStringLiteral("skills-only"), { 0, 1, 0, 0, 0, 0 }, 2);
        QVERIFY(!version.isNull());
        QList<MatchResult> matches;
        QList<MatchReview> reviews;
        const QStringList decisions { QStringLiteral("approve"), QStringLiteral("reject"), QStringLiteral("approve"),
            QStringLiteral("flag") };
        for (int f = 0; f < 4; ++f) {
            MatchResult m;
            m.id = QUuid::createUuid();
            m.jobId = m_jobs[0];
            m.freelancerId = m_freelancers[f];
            m.score = 0.5;
            m.confidence = 0.5;
            m.ranking = f + 1;
            m.modelVersion = QStringLiteral("demo-matcher-v1");
            m.createdAt = QDateTime::currentDateTimeUtc();
            matches << m;
            MatchReview r;
            r.id = QUuid::createUuid();
            r.matchId = m.id;
            r.reviewer = m_actor;
            r.decision = decisions[f];
            r.decidedAt = m.createdAt;
            reviews << r;
        }
        // A later level-2 decision overrides the first one: F1's reject stays a reject.
        MatchReview second = reviews[1];
        second.id = QUuid::createUuid();
        second.level = 2;
        second.decision = QStringLiteral("reject");
        reviews << second;
        QVERIFY(m_worker->runAndWait([matches, reviews](Repository &r) {
                            if (Result<void> m = r.insertMatches(matches); !m)
                                return m;
                            return r.insertMatchReviews(reviews);
                        })
                    .ok());
        TaskControl control;
        const Result<ReplayReport> report = m_service->replay(version, control);
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(report->k, 2);
        QCOMPARE(report->reviewedPairs, std::size_t(4));
        QCOMPARE(report->overall.labelled, std::size_t(3));
        QCOMPARE(report->overall.queries, std::size_t(1));
        QCOMPARE(report->overall.precisionAtK, 0.5); // F0 approve, F1 reject among the first two of three
        QVERIFY(std::fabs(report->overall.ndcgAtK - 1.0 / (1.0 + 1.0 / std::log2(3.0))) < 1e-9);
        QCOMPARE(report->overall.rocAuc, 0.5); // approvals 1 and 0 against the reject 0.5
        QCOMPARE(report->perComponent[compute::Skills].rocAuc, 0.5);
        const Result<QList<LearningPoint>> history
            = m_worker->runAndWait([version](Repository &r) { return LearningStore::history(r, version); });
        QVERIFY(history.ok());
        bool found = false;
        for (const LearningPoint &p : *history)
            found = found || (p.metricType == QLatin1String("replay.roc_auc") && p.component == QLatin1String("overall") && p.value == 0.5);
        QVERIFY(found);
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestMatchService>(argc, argv);
}
#include "tst_matchservice.moc"
