// The fairness report and the bias queue through a DatabaseWorker, as the application uses them, on SQLite and
// PostgreSQL: counts on the server, a worked example with known answers, suppression at the boundary, saving and
// reloading, exports, the bias queue's decisions and their audit trail, and (PostgreSQL) a viewer refused.
#include "db/databaseworker.h"
#include "db/postgresworkspace.h"
#include "fairness/fairnessqueries.h"
#include "fairness/fairnessservice.h"
#include "support/importtestutil.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskrunner.h"

#include <QSqlQuery>

#include <cmath>

namespace {

bool near(double a, double b, double tolerance = 1e-6)
{
    return std::fabs(a - b) < tolerance;
}

const GroupOutcome *group(const FairnessReport &report, const QString &name)
{
    for (const GroupOutcome &g : report.groups)
        if (g.group == name)
            return &g;
    return nullptr;
}

const FairnessReport *stage(const FairnessReport &report, FairnessStage s)
{
    for (const FairnessReport &r : report.stages)
        if (r.request.stage == s)
            return &r;
    return nullptr;
}

} // namespace

class TestFairnessService : public QObject
{
    Q_OBJECT
public:
    explicit TestFairnessService(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<FairnessService> m_service;
    const QString m_actor = QStringLiteral("auditor");

    static QUuid id(int n) { return QUuid(QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'))); }

    // Four age bands. Every freelancer has one current proposal (so the engine proposes every group alike) and one
    // level-1 decision:
    //   30-44: 40 people, 32 approved (0.8)   60+: 40, 16 approved (0.4)
    //   45-59: 30 people, 24 approved (0.8)   18-29: 29, 20 approved (n = 29: suppressed at the default minimum 30)
    // Hired: every other approved proposal. Ten jobs rank their proposals 1, 2, … in freelancer order.
    Result<void> seed(Repository &r)
    {
        const QDateTime t(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);
        struct Band
        {
            const char *name;
            int people, approved;
        };
        const Band bands[] = { { "30-44", 40, 32 }, { "60+", 40, 16 }, { "45-59", 30, 24 }, { "18-29", 29, 20 } };
        QList<User> users { User { id(1), QStringLiteral("client@example.org"), QStringLiteral("Client"),
            QStringLiteral("user_client"), true, t, QStringLiteral("eu-west") } };
        QList<FreelancerProfile> profiles;
        QList<AuditAttribute> attributes;
        QList<Job> jobs;
        QList<MatchResult> matches;
        QList<MatchReview> reviews;
        for (int j = 0; j < 10; ++j) {
            Job job;
            job.id = id(500 + j);
            job.title = QStringLiteral("Job %1").arg(j);
            job.description = j == 0 ? QStringLiteral("We want a young, energetic digital native to join our team.")
                                     : QStringLiteral("Maintain a billing service written in Go.");
            job.budget = 1000;
            job.category = QStringLiteral("dev");
            job.status = QStringLiteral("open");
            job.clientId = id(1);
            job.region = QStringLiteral("eu-west");
            job.createdAt = t;
            jobs << job;
        }
        int person = 0;
        for (const Band &b : bands) {
            for (int i = 0; i < b.people; ++i, ++person) {
                const QUuid u = id(1000 + person);
                users << User { u, QStringLiteral("f%1@example.org").arg(person), QStringLiteral("Freelancer %1").arg(person),
                    QStringLiteral("user_freelancer"), true, t, QStringLiteral("eu-west") };
                profiles << FreelancerProfile { u, QStringLiteral("Engineer"), QStringLiteral("I build services."), {}, 50, 5, 0.9,
                    person % 2 ? QStringLiteral("eu-west") : QStringLiteral("na-east"), QString() };
                attributes << AuditAttribute { u, QStringLiteral("age_band"), QLatin1String(b.name) };
                MatchResult m;
                m.id = id(5000 + person);
                m.jobId = id(500 + person % 10);
                m.freelancerId = u;
                m.score = 0.9 - 0.001 * person;
                m.confidence = 0.8;
                m.ranking = person / 10 + 1;
                m.modelVersion = QStringLiteral("test");
                m.createdAt = t.addSecs(person);
                const bool approved = i < b.approved;
                m.wasApplied = approved;
                m.wasHired = approved && i % 2 == 0;
                matches << m;
                reviews << MatchReview { id(9000 + person), m.id, QStringLiteral("reviewer-a"),
                    approved ? QStringLiteral("approve") : QStringLiteral("reject"), QString(),
                    i == 0 ? QStringLiteral("Great fit, though a bit overqualified.") : QString(), t.addDays(1), 1 };
            }
        }
        for (const auto &write : std::initializer_list<std::function<Result<void>()>> {
                 [&] { return r.insertUsers(users); }, [&] { return r.insertFreelancerProfiles(profiles); },
                 [&] { return r.insertJobs(jobs); }, [&] { return r.insertMatches(matches); },
                 [&] { return r.insertMatchReviews(reviews); }, [&] { return r.insertAuditAttributes(attributes); } }) {
            if (Result<void> w = write(); !w)
                return w;
        }
        return {};
    }

    FairnessRequest ageRequest(FairnessStage s = FairnessStage::ApprovedL1) const
    {
        FairnessRequest request;
        request.stage = s;
        request.attributes = { QStringLiteral("age_band") };
        return request;
    }

    Result<FairnessReport> build(const FairnessRequest &request)
    {
        TaskControl control;
        return m_service->buildReport(request, m_actor, control);
    }

    qint64 savedReports()
    {
        return m_worker
            ->runAndWait([](Repository &r) -> Result<qint64> {
                QSqlQuery q(r.database());
                if (!q.exec(QLatin1String("SELECT COUNT(*) FROM ") + r.dialect().eumasObject(QStringLiteral("fairness_reports")))
                    || !q.next())
                    return Repository::queryError(q, QStringLiteral("count"));
                return q.value(0).toLongLong();
            })
            .value();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> opened = openWorkerOnFreshWorkspace(*m_worker, m_backend, m_dir, QStringLiteral("fairnessservice"));
        QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
        const Result<void> seeded = m_worker->runAndWait([this](Repository &r) { return r.inTransaction([&] { return seed(r); }); });
        QVERIFY2(seeded.ok(), qPrintable(seeded.errorMessage()));
        m_service = std::make_unique<FairnessService>(m_worker.get());
    }

    void cleanup()
    {
        m_service.reset();
        m_worker.reset();
    }

    // 60+ against the reference 30-44 (the highest rate; 45-59 ties it and comes later):
    // rate 16/40 = 0.4, Wilson 0.263483 … 0.554041; ratio 0.5, Katz se = √(1/16 − 1/40 + 1/32 − 1/40) = 0.209165,
    // 0.331840 … 0.753376; parity −0.4. Expected cells 24, 16, 24, 16 ≥ 5 → χ² = 80·(16·8 − 24·32)²/(40·40·48·32)
    // = 13.3333, p = 0.000260730; Holm with 45-59 (p = 1): 0.000521459.
    void approvalWorkedExample()
    {
        const Result<FairnessReport> report = build(ageRequest());
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(report->referenceGroup, QStringLiteral("30-44"));
        QCOMPARE(report->total, 139);
        const GroupOutcome *old = group(*report, QStringLiteral("60+"));
        QVERIFY(old);
        QCOMPARE(old->n, 40);
        QCOMPARE(old->selected, 16);
        QVERIFY(near(old->rate, 0.4, 1e-12));
        QVERIFY(near(old->rateLow, 0.263483) && near(old->rateHigh, 0.554041));
        QVERIFY(near(old->impactRatio, 0.5, 1e-12));
        QVERIFY(near(old->impactLow, 0.331840) && near(old->impactHigh, 0.753376));
        QVERIFY(old->fourFifthsFlag);
        QVERIFY(near(old->parityDifference, -0.4, 1e-12));
        QCOMPARE(old->test, QStringLiteral("chi2"));
        QVERIFY(near(old->pValue, 0.000260730, 1e-9));
        QVERIFY(near(old->pAdjusted, 0.000521459, 1e-9));
        QVERIFY(old->equalOpportunityDiff.has_value()); // every hire was approved: TPR 1 in both groups
        QVERIFY(near(*old->equalOpportunityDiff, 0, 1e-12));
        const GroupOutcome *mid = group(*report, QStringLiteral("45-59"));
        QVERIFY(mid && !mid->fourFifthsFlag && near(mid->impactRatio, 1.0, 1e-12) && near(mid->pAdjusted, 1.0, 1e-12));

        // Side by side: the engine proposed every group (ratio 1), the decisions halved 60+.
        const FairnessReport *proposed = stage(*report, FairnessStage::Proposed);
        QVERIFY(proposed);
        const GroupOutcome *proposedOld = group(*proposed, QStringLiteral("60+"));
        QVERIFY(proposedOld && near(proposedOld->impactRatio, 1.0, 1e-12) && !proposedOld->fourFifthsFlag);
        QVERIFY(stage(*report, FairnessStage::Hired));
        const QString summary = report->summary.join(QLatin1Char('\n'));
        QVERIFY2(summary.contains(QStringLiteral("60+ at 0.40")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("ratio 0.50")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("below four-fifths")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("comes from the decisions, not from the engine")), qPrintable(summary));
        QCOMPARE(report->ranking.jobs, 10);
        QCOMPARE(report->dataFingerprint.size(), 64);
    }

    // Each job's own ranking. Job j ranks the freelancers j, j + 10, j + 20, …: positions 1-4 are 30-44 (A), 5-8
    // 60+ (P, the protected group: the lowest approval rate), 9-11 45-59 (M), 12-14 18-29 (Y); job 9 has no 14th.
    // skew@10 of 60+: 4 of the top 10 against 4 of 14 → ln(0.4/(4/14)) = ln 1.4 = 0.3364722 (job 9: ln 1.3 =
    // 0.2623643). NDKL of AAAAPPPPMMMYYY against its shares (2/7, 2/7, 3/14, 3/14): the prefixes' KL weighted by
    // 1/log2(i + 1) over their sum = 0.7740545 (job 9, AAAAPPPPMMMYY: 0.7417064); rND of P cut every 2 (14 < 20):
    // Σ |P in top i / i − 4/14| / log2 i over i = 2, 4, …, 14 against the same sum with P first = 0.4231267
    // (job 9: 0.4469693). tests/services/fairness/fairness_reference.py recomputes them from the definitions.
    // Over the ten jobs: NDKL mean (9·0.7740545 + 0.7417064)/10 = 0.7708197, median and worst 0.7740545; rND mean
    // 0.4255109, worst 0.4469693; skew mean (9·ln 1.4 + ln 1.3)/10, median ln 1.4, worst ln 1.3.
    void perJobWorkedExample()
    {
        FairnessRequest request = ageRequest();
        request.minGroupSize = 1;
        const Result<FairnessReport> report = build(request);
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(report->ranking.protectedGroup, QStringLiteral("60+"));
        const PerJobRanking &p = report->ranking.perJob;
        QCOMPARE(p.measured, 10);
        QCOMPARE(p.notMeasured(), 0);
        QVERIFY(near(p.ndkl.mean, 0.7708197) && near(p.ndkl.median, 0.7740545) && near(p.ndkl.worst, 0.7740545));
        QVERIFY(near(p.rnd.mean, 0.4255109) && near(p.rnd.median, 0.4231267) && near(p.rnd.worst, 0.4469693));
        QVERIFY(near(p.protectedSkew.mean, (9 * std::log(1.4) + std::log(1.3)) / 10, 1e-12));
        QVERIFY(near(p.protectedSkew.median, std::log(1.4), 1e-12));
        QVERIFY(near(p.protectedSkew.worst, std::log(1.3), 1e-12));
        // Every job is named at a minimum of 1, worst NDKL first, by its title.
        QCOMPARE(p.worst.size(), 10);
        QCOMPARE(p.withheld, 0);
        QVERIFY(near(p.worst.first().ndkl, 0.7740545));
        QCOMPARE(p.worst.last().title, QStringLiteral("Job 9"));
        QCOMPARE(p.worst.last().ranked, 13);
        QVERIFY(p.worst.first().title.startsWith(QStringLiteral("Job ")));

        // The saved report reads back with the same per-job figures and the same named jobs.
        FairnessReport saved;
        bool answered = false;
        m_service->report(this, report->id, [&](const Result<FairnessReport> &r) {
            QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
            saved = *r;
            answered = true;
        });
        QTRY_VERIFY(answered);
        const PerJobRanking &back = saved.ranking.perJob;
        QCOMPARE(back.measured, p.measured);
        QCOMPARE(back.withheld, p.withheld);
        QCOMPARE(back.ndkl.mean, p.ndkl.mean);
        QCOMPARE(back.rnd.worst, p.rnd.worst);
        QCOMPARE(back.protectedSkew.median, p.protectedSkew.median);
        QCOMPARE(back.groups.size(), p.groups.size());
        QCOMPARE(back.groups.first().skewAtK.jobs, p.groups.first().skewAtK.jobs);
        QCOMPARE(back.worst.size(), p.worst.size());
        for (qsizetype i = 0; i < p.worst.size(); ++i) {
            QCOMPARE(back.worst[i].jobId, p.worst[i].jobId);
            QCOMPARE(back.worst[i].title, p.worst[i].title);
            QCOMPARE(back.worst[i].ndkl, p.worst[i].ndkl);
            QCOMPARE(back.worst[i].protectedSkew, p.worst[i].protectedSkew);
        }
        QCOMPARE(FairnessService::toHtml(saved), FairnessService::toHtml(*report));

        // At the default minimum of 30 no job has 30 of any group: none is named, the spreads stay.
        const Result<FairnessReport> at30 = build(ageRequest());
        QVERIFY(at30.ok());
        QVERIFY(at30->ranking.perJob.worst.isEmpty());
        QCOMPARE(at30->ranking.perJob.withheld, 10);
        QVERIFY(near(at30->ranking.perJob.ndkl.mean, 0.7708197));
        QVERIFY(!FairnessService::toHtml(*at30).contains(QStringLiteral("Job 3")));

        // k = 15: every job has fewer ranked proposals, so none is measured and each is counted.
        request.topK = 15;
        const Result<FairnessReport> longK = build(request);
        QVERIFY(longK.ok());
        QCOMPARE(longK->ranking.perJob.measured, 0);
        QCOMPARE(longK->ranking.perJob.fewerThanK, 10);
        QVERIFY(std::isnan(longK->ranking.perJob.ndkl.mean));
    }

    // The per-job rows the triggers keep (PostgreSQL) and SQLite's class lookup give each job the same ranking as
    // the raw tables, also after a proposal is superseded, a person's attribute changes and a new run is written.
    void jobRankingsAgreeWithTheRawTables()
    {
        const auto agree = [this](const QString &when) {
            // The first difference, or empty.
            const auto same = m_worker->runAndWait([](Repository &r) -> Result<QString> {
                FairnessRequest request;
                request.attributes = { QStringLiteral("age_band") };
                Result<FairnessQueries::JobRankings> kept = FairnessQueries::jobRankings(r, request);
                Result<FairnessQueries::JobRankings> raw = FairnessQueries::rawJobRankings(r, request);
                if (!kept)
                    return kept.error();
                if (!raw)
                    return raw.error();
                if (kept->jobIds.isEmpty() || kept->jobIds != raw->jobIds)
                    return QStringLiteral("jobs %1 / %2").arg(kept->jobIds.join(QLatin1Char(' ')), raw->jobIds.join(QLatin1Char(' ')));
                if (kept->start != raw->start)
                    return QStringLiteral("job lengths");
                for (std::size_t i = 0; i < kept->groupAt.size(); ++i) {
                    if (kept->groups[qsizetype(kept->groupAt[i])] != raw->groups[qsizetype(raw->groupAt[i])])
                        return QStringLiteral("group of item %1: %2 / %3")
                            .arg(i)
                            .arg(kept->groups[qsizetype(kept->groupAt[i])], raw->groups[qsizetype(raw->groupAt[i])]);
                    // SQLite's printf rounds the last bit of a double now and then; far below any measure's digits.
                    if (std::fabs(kept->scoreAt[i] - raw->scoreAt[i]) > 1e-12)
                        return QStringLiteral("score of item %1: %2 / %3").arg(i).arg(kept->scoreAt[i], 0, 'g', 17).arg(raw->scoreAt[i], 0, 'g', 17);
                }
                return QString();
            });
            QVERIFY2(same.ok(), qPrintable(same.errorMessage()));
            QVERIFY2(same->isEmpty(), qPrintable(when + QStringLiteral(": ") + *same));
        };
        agree(QStringLiteral("as seeded"));
        const Result<void> changed = m_worker->runAndWait([](Repository &r) -> Result<void> {
            const SqlDialect &d = r.dialect();
            QSqlQuery q(r.database());
            // Freelancer 1040 (60+, job 0's fifth) leaves the ranking; freelancer 1000 (30-44) becomes 60+.
            if (!q.exec(QLatin1String("UPDATE ") + d.table(Table::MatchResults) + QLatin1String(" SET superseded_at = ")
                    + (d.backend() == SqlDialect::Postgres ? QStringLiteral("now()") : QStringLiteral("'2026-03-05T00:00:00.000Z'"))
                    + QLatin1String(" WHERE id = '") + id(5040).toString(QUuid::WithoutBraces) + QLatin1Char('\'')))
                return Repository::queryError(q, QStringLiteral("supersede"));
            if (!q.exec(QLatin1String("UPDATE ") + d.table(Table::AuditAttributes) + QLatin1String(" SET value = '60+' WHERE user_id = '")
                    + id(1000).toString(QUuid::WithoutBraces) + QLatin1String("' AND attribute = 'age_band'")))
                return Repository::queryError(q, QStringLiteral("attribute"));
            return {};
        });
        QVERIFY2(changed.ok(), qPrintable(changed.errorMessage()));
        agree(QStringLiteral("after a superseded proposal and a changed attribute"));
        MatchResult m;
        m.id = id(7000);
        m.jobId = id(503);
        m.freelancerId = id(1045);
        m.score = 0.99;
        m.confidence = 0.8;
        m.ranking = 15;
        m.modelVersion = QStringLiteral("test");
        m.createdAt = QDateTime(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC);
        const Result<void> added = m_worker->runAndWait([m](Repository &r) { return r.insertMatches({ m }); });
        QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
        agree(QStringLiteral("after a new proposal"));
    }

    // 18-29 has 29 people: suppressed at the minimum 30 (n shown, no rate, not a reference); reported at 29.
    void suppressionAtTheBoundary()
    {
        const Result<FairnessReport> at30 = build(ageRequest());
        QVERIFY(at30.ok());
        const GroupOutcome *young = group(*at30, QStringLiteral("18-29"));
        QVERIFY(young && young->suppressed);
        QCOMPARE(young->n, 29);
        QCOMPARE(young->selected, -1);
        QVERIFY(std::isnan(young->rate) && std::isnan(young->impactRatio) && std::isnan(young->pValue));
        QCOMPARE(at30->suppressedGroups, 1);
        const GroupOutcome *mid = group(*at30, QStringLiteral("45-59"));
        QVERIFY(mid && !mid->suppressed); // n = 30 = the minimum is reported
        QVERIFY(FairnessService::toCsv(*at30).contains(QStringLiteral(",18-29,,suppressed,"))); // not even the exact n
        QVERIFY(!FairnessService::toHtml(*at30).contains(QStringLiteral("0.69"))); // 20/29 never shows

        FairnessRequest request = ageRequest();
        request.minGroupSize = 29;
        const Result<FairnessReport> at29 = build(request);
        QVERIFY(at29.ok());
        young = group(*at29, QStringLiteral("18-29"));
        QVERIFY(young && !young->suppressed);
        QCOMPARE(young->selected, 20);
        QCOMPARE(at29->suppressedGroups, 0);

        // A chosen reference that is suppressed is refused with a sentence, and nothing is saved.
        request = ageRequest();
        request.reference = ReferenceGroup::Chosen;
        request.chosenGroup = QStringLiteral("18-29");
        const Result<FairnessReport> refused = build(request);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, Error::InvalidInput);
    }

    void badRequestsWriteNothing()
    {
        FairnessRequest request = ageRequest();
        request.attributes = { QStringLiteral("age_band"), QStringLiteral("gender"), QStringLiteral("region") };
        QCOMPARE(build(request).error().code, Error::InvalidInput);
        request = ageRequest();
        request.from = QDate(2026, 5, 1);
        request.to = QDate(2026, 4, 1);
        QCOMPARE(build(request).error().code, Error::InvalidInput);
        QCOMPARE(savedReports(), 0);
    }

    // The intersection labels cells "a × b"; a period before the proposals leaves every proposal stage empty.
    void intersectionAndPeriod()
    {
        FairnessRequest request = ageRequest();
        request.attributes = { QStringLiteral("age_band"), QStringLiteral("region") };
        request.minGroupSize = 10;
        const Result<FairnessReport> report = build(request);
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        const GroupOutcome *cell = group(*report, QStringLiteral("60+ × na-east"));
        QVERIFY(cell);
        QCOMPARE(cell->n, 20);
        QCOMPARE(cell->selected, 8);

        request = ageRequest();
        request.to = QDate(2026, 1, 1);
        const Result<FairnessReport> empty = build(request);
        QVERIFY(empty.ok());
        QVERIFY(empty->groups.isEmpty());
        QVERIFY(empty->referenceGroup.isEmpty());
    }

    // The job's region groups the proposals by where the work is: jobs 500–504 move to apac, so the proposals of
    // people 0…138 with person % 10 < 5 (14 each for the remainders 0…4: 70) are apac's and the other 69 eu-west's.
    // People have no job region: the Proposed stage is refused on it and left out of the stages side by side.
    void jobRegionGroupsTheProposals()
    {
        QVERIFY(m_worker
                    ->runAndWait([](Repository &r) -> Result<void> {
                        QSqlQuery q(r.database());
                        const QString sql = QLatin1String("UPDATE ") + r.dialect().table(Table::Jobs)
                            + QLatin1String(
                                " SET region = 'apac' WHERE title IN ('Job 0', 'Job 1', 'Job 2', 'Job 3', 'Job 4')");
                        if (!q.exec(sql))
                            return Repository::queryError(q, sql);
                        return {};
                    })
                    .ok());
        FairnessRequest request = ageRequest();
        request.attributes = { jobRegionAttribute() };
        request.minGroupSize = 10;
        const Result<FairnessReport> report = build(request);
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(report->groups.size(), 2);
        QVERIFY(group(*report, QStringLiteral("apac")));
        QCOMPARE(group(*report, QStringLiteral("apac"))->n, 70);
        QCOMPARE(group(*report, QStringLiteral("eu-west"))->n, 69);
        QVERIFY(!stage(*report, FairnessStage::Proposed));
        QVERIFY(stage(*report, FairnessStage::Hired));

        request.attributes = { jobRegionAttribute(), QStringLiteral("age_band") };
        const Result<FairnessReport> crossed = build(request);
        QVERIFY2(crossed.ok(), qPrintable(crossed.errorMessage()));
        QVERIFY(group(*crossed, QStringLiteral("apac × 60+")));

        request.stage = FairnessStage::Proposed;
        const qint64 saved = savedReports();
        const Result<FairnessReport> refused = build(request);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, Error::InvalidInput);
        QCOMPARE(savedReports(), saved);
    }

    void savedReportsReloadAsComputed()
    {
        const Result<FairnessReport> built = build(ageRequest());
        QVERIFY(built.ok());
        const QUuid reportId = built->id;
        QList<FairnessReport> history;
        bool answered = false;
        m_service->reports(this, [&](const Result<QList<FairnessReport>> &r) {
            QVERIFY(r.ok());
            history = *r;
            answered = true;
        });
        QTRY_VERIFY(answered);
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().id, reportId);
        QCOMPARE(history.first().summary, built->summary);
        QCOMPARE(history.first().createdBy, m_actor);
        QCOMPARE(history.first().dataFingerprint, built->dataFingerprint);

        FairnessReport full;
        answered = false;
        m_service->report(this, reportId, [&](const Result<FairnessReport> &r) {
            QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
            full = *r;
            answered = true;
        });
        QTRY_VERIFY(answered);
        QCOMPARE(FairnessService::toCsv(full), FairnessService::toCsv(*built));
        QCOMPARE(full.stages.size(), 3);
        QCOMPARE(full.request.attributes, built->request.attributes);

        // The same data gives the same fingerprint; a new decision changes it.
        const Result<FairnessReport> again = build(ageRequest());
        QCOMPARE(again->dataFingerprint, built->dataFingerprint);
        const Result<void> added = m_worker->runAndWait([](Repository &r) {
            return r.insertMatchReviews({ MatchReview { QUuid::createUuid(), id(5000), QStringLiteral("reviewer-b"),
                QStringLiteral("reject"), QString(), QString(), QDateTime::currentDateTimeUtc(), 1 } });
        });
        QVERIFY(added.ok());
        QVERIFY(build(ageRequest())->dataFingerprint != built->dataFingerprint);

        answered = false;
        m_service->report(this, QUuid::createUuid(), [&](const Result<FairnessReport> &r) {
            QCOMPARE(r.error().code, Error::NotFound);
            answered = true;
        });
        QTRY_VERIFY(answered);
    }

    void csvAndHtml()
    {
        const Result<FairnessReport> report = build(ageRequest());
        QVERIFY(report.ok());
        const QString csv = FairnessService::toCsv(*report);
        const QStringList lines = csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        // Header, then approved (4 groups), proposed (4), hired (4); then the per-job measures: 4 job counts, 4
        // measures of the protected group and 3 per compared group (30-44, 45-59, 60+).
        QCOMPARE(lines.size(), 13 + 4 + 4 + 9);
        QVERIFY(lines[0].endsWith(QStringLiteral(",jobs_mean,jobs_median,jobs_worst,jobs,jobs_infinite")));
        for (const QString &line : lines)
            QCOMPARE(line.count(QLatin1Char(',')), lines[0].count(QLatin1Char(',')));
        QVERIFY(csv.contains(QStringLiteral("ranking_per_job,age_band,measured,") + QString(20, QLatin1Char(','))
            + QStringLiteral("10,\r\n")));
        QVERIFY(lines[0].startsWith(QStringLiteral("stage,attribute,group,n,selected,rate,")));
        QVERIFY(csv.contains(QStringLiteral("approved_l1,age_band,60+,40,16,0.40000000000000002,")));
        const QString html = FairnessService::toHtml(*report);
        QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
        QVERIFY(html.contains(QStringLiteral("suppressed (n &lt; 30)")));
        QVERIFY(html.contains(report->dataFingerprint));
    }

    // The word lists mark the job ad and the review note; a decision records who and why, and the audit log
    // keeps the state before and after.
    void lexiconScanAndDecisions()
    {
        TaskControl control;
        const Result<int> scanned = m_service->scan(QString(), false, control);
        QVERIFY2(scanned.ok(), qPrintable(scanned.errorMessage()));
        QCOMPARE(*scanned, 10 + 139 + 4); // jobs, profiles, review notes

        QList<BiasScanItem> flagged;
        bool answered = false;
        m_service->biasQueue(this, QStringLiteral("job"), QStringLiteral("age_coded"), QStringLiteral("flagged"),
            [&](const Result<QList<BiasScanItem>> &r) {
                QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
                flagged = *r;
                answered = true;
            });
        QTRY_VERIFY(answered);
        QCOMPARE(flagged.size(), 1);
        const BiasScanItem job = flagged.first();
        QCOMPARE(job.entityId, id(500));
        QStringList terms;
        for (const BiasSpan &s : job.spans) {
            QCOMPARE(job.text.mid(s.start, s.length), s.term);
            terms << s.term.toLower();
        }
        QVERIFY2(terms.contains(QStringLiteral("young")) && terms.contains(QStringLiteral("energetic"))
                && terms.contains(QStringLiteral("digital native")),
            qPrintable(terms.join(QLatin1Char(','))));
        QCOMPARE(job.detector, QStringLiteral("lexicon"));

        answered = false;
        m_service->decideBias(this, job.reportId, QStringLiteral("request_edit"), QString(), m_actor,
            [&](const Result<void> &r) {
                QCOMPARE(r.error().code, Error::InvalidInput); // an edit request says what to change
                answered = true;
            });
        QTRY_VERIFY(answered);
        answered = false;
        m_service->decideBias(this, job.reportId, QStringLiteral("request_edit"), QStringLiteral("Drop the age wording."),
            m_actor, [&](const Result<void> &r) {
                QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
                answered = true;
            });
        QTRY_VERIFY(answered);
        answered = false;
        QList<BiasScanItem> edited;
        m_service->biasQueue(this, QStringLiteral("job"), QString(), QStringLiteral("edit_requested"),
            [&](const Result<QList<BiasScanItem>> &r) {
                edited = r.ok() ? *r : QList<BiasScanItem>();
                answered = true;
            });
        QTRY_VERIFY(answered);
        QCOMPARE(edited.size(), 1);
        QCOMPARE(edited.first().note, QStringLiteral("Drop the age wording."));
        QCOMPARE(edited.first().decidedBy, m_actor);
        const qint64 audits = m_worker->runAndWait([](Repository &r) -> Result<qint64> {
                                          return auditCount(r, QStringLiteral("bias_report.request_edit"));
                                      }).value();
        QCOMPARE(audits, 1);
    }

    // PostgreSQL only: Cancel stops a count the server is still running, not only the steps after it. Another
    // session holds the tables locked, so the report's first count waits on the server; the job's
    // Cancel stops that statement (pg_cancel_backend), the job returns, nothing is saved, and the connection
    // serves the next report.
    void cancelStopsACountTheServerIsRunning()
    {
        if (m_backend != SqlDialect::Postgres)
            QSKIP("statements wait on a server only on PostgreSQL");
        const std::optional<PostgresSettings> settings = testPostgres();
        QVERIFY(settings);
        PostgresSettings lockerSettings = *settings;
        lockerSettings.database = QStringLiteral("sextant_fairnessservice_test");
        Result<std::unique_ptr<Repository>> locker = PostgresWorkspace::open(
            lockerSettings, QStringLiteral("fairness-locker"), PostgresWorkspace::Migrations::RequireCurrent);
        QVERIFY2(locker.ok(), qPrintable(locker.errorMessage()));
        const qint64 savedBefore = savedReports();
        {
            QSqlQuery lock((*locker)->database());
            QVERIFY(lock.exec(QStringLiteral("BEGIN")));
            // Whatever the report reads first (the rollups or the raw tables): the test database has the default
            // schema names.
            QStringList tables;
            for (const char *name : { "fairness_classes", "fairness_people", "fairness_class_people", "fairness_jobs",
                     "fairness_freelancer_runs", "fairness_match_cells", "fairness_review_cells", "fairness_ranked_jobs",
                     "fairness_job_rankings", "match_results", "match_reviews", "audit_attributes" })
                tables << QStringLiteral("ai.") + QLatin1String(name);
            QVERIFY(lock.exec(QLatin1String("LOCK TABLE ") + tables.join(QLatin1String(", "))
                + QLatin1String(" IN ACCESS EXCLUSIVE MODE")));
            const auto waitingOnTheLock = [&]() -> int {
                QSqlQuery q((*locker)->database());
                if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                           "AND datname = current_database()"))
                    || !q.next())
                    return -1;
                return q.value(0).toInt();
            };

            TaskRunner runner;
            runner.setWorkspace(m_worker->generation());
            FairnessService service(m_worker.get(), &runner);
            bool delivered = false;
            QList<TaskInfo::State> states;
            quint64 task = 0;
            connect(&runner, &TaskRunner::taskChanged, this, [&](const TaskInfo &info) {
                if (info.id == task)
                    states << info.state;
            });
            task = service.startReport(
                ageRequest(), m_actor, this, [&](const Result<FairnessReport> &) { delivered = true; });
            QVERIFY(task != 0);
            QTRY_VERIFY_WITH_TIMEOUT(waitingOnTheLock() == 1, 20000);
            runner.cancel(task);
            QVERIFY2(runner.waitForDone(20000), "the job is still waiting for its count");
            QTRY_VERIFY_WITH_TIMEOUT(states.contains(TaskInfo::Cancelled), 5000);
            QTRY_COMPARE_WITH_TIMEOUT(waitingOnTheLock(), 0, 5000); // stopped on the server, not only abandoned
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
            QCoreApplication::processEvents();
            QVERIFY(!delivered); // a cancelled task's result is dropped
        }
        locker->reset();
        QSqlDatabase::removeDatabase(QStringLiteral("fairness-locker"));
        QCOMPARE(savedReports(), savedBefore);
        const Result<FairnessReport> next = build(ageRequest());
        QVERIFY2(next.ok(), qPrintable(next.errorMessage()));
    }

    // PostgreSQL only: a viewer may not read ai.audit_attributes, so the database refuses the report and the
    // error says why; the same viewer may still compare regions.
    void viewerIsRefusedByTheDatabase()
    {
        if (m_backend != SqlDialect::Postgres)
            QSKIP("roles exist only on PostgreSQL");
        const std::optional<PostgresSettings> settings = testPostgres();
        QVERIFY(settings);
        QVERIFY(runSql(*settings,
            { QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sx_fairness_viewer') THEN "
                             "CREATE ROLE sx_fairness_viewer LOGIN IN ROLE sextant_viewer; END IF; END $$") }));
        PostgresSettings viewer = *settings;
        viewer.database = QStringLiteral("sextant_fairnessservice_test");
        viewer.user = QStringLiteral("sx_fairness_viewer");
        Result<std::unique_ptr<Repository>> repo
            = PostgresWorkspace::open(viewer, QStringLiteral("fairness-viewer"), PostgresWorkspace::Migrations::RequireCurrent);
        QVERIFY2(repo.ok(), qPrintable(repo.errorMessage()));
        const Result<QList<FairnessQueries::GroupCount>> refused
            = FairnessQueries::stageCounts(**repo, ageRequest(), FairnessStage::ApprovedL1);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.errorMessage(), FairnessQueries::refusedSentence());
        QVERIFY(refused.errorMessage().contains(QStringLiteral("reviewer or admin role")));
        QCOMPARE(FairnessQueries::attributes(**repo).errorMessage(), FairnessQueries::refusedSentence());
        FairnessRequest byRegion = ageRequest();
        byRegion.attributes = { regionAttribute() };
        const Result<QList<FairnessQueries::GroupCount>> regions
            = FairnessQueries::stageCounts(**repo, byRegion, FairnessStage::ApprovedL1);
        QVERIFY2(regions.ok(), qPrintable(regions.errorMessage()));
        QCOMPARE(regions->size(), 2);
        // The per-job rows carry the classes: refused too, so a region report reads each job from the raw tables.
        const Result<FairnessQueries::JobRankings> jobs = FairnessQueries::jobRankings(**repo, byRegion);
        QVERIFY2(jobs.ok(), qPrintable(jobs.errorMessage()));
        QCOMPARE(jobs->jobCount(), 10);
        QCOMPARE(FairnessQueries::jobRankings(**repo, ageRequest()).errorMessage(), FairnessQueries::refusedSentence());
        repo->reset();
        QSqlDatabase::removeDatabase(QStringLiteral("fairness-viewer"));

        // A reviewer may read the protected attributes (aggregated) and save a report in their own name.
        QVERIFY(runSql(*settings,
            { QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sx_fairness_reviewer') THEN "
                             "CREATE ROLE sx_fairness_reviewer LOGIN IN ROLE sextant_reviewer; END IF; END $$") }));
        PostgresSettings reviewer = viewer;
        reviewer.user = QStringLiteral("sx_fairness_reviewer");
        {
            DatabaseWorker worker;
            const Result<void> opened = worker
                                            .open([reviewer]() {
                                                return PostgresWorkspace::open(reviewer, QStringLiteral("fairness-reviewer"),
                                                    PostgresWorkspace::Migrations::RequireCurrent);
                                            })
                                            .result();
            QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
            FairnessService service(&worker);
            TaskControl control;
            const Result<FairnessReport> own = service.buildReport(ageRequest(), reviewer.user, control);
            QVERIFY2(own.ok(), qPrintable(own.errorMessage()));
            QVERIFY(group(*own, QStringLiteral("60+"))->fourFifthsFlag);
            const Result<FairnessReport> forged = service.buildReport(ageRequest(), QStringLiteral("someone else"), control);
            QVERIFY(!forged.ok()); // row-level security: saved in one's own name only
        }
        QSqlDatabase::removeDatabase(QStringLiteral("fairness-reviewer"));
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestFairnessService>(argc, argv);
}
#include "tst_fairnessservice.moc"
