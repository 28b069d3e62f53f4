// FairnessReportBuilder::perJob on jobs with known rankings: which jobs are measured and why the others are not,
// the mean, median and worst over the measured jobs, and the privacy rule that decides which jobs are named.
// The measures of the two measured jobs are worked out by hand in tests/services/compute/tst_rankingfairness.cpp:
//   job-1  a, b, a, b (scores 0.6):           NDKL 0.2816450, rND 0, skew@2 of b 0,     b's exposure/merit 0.7077375
//   job-2  b, b, a, a, a, a (b 0.5, a 0.8):   NDKL 0.5859607, rND 1, skew@2 of b ln 3,  b's exposure/merit 3.1181581
#include "fairness/fairnessqueries.h"
#include "fairness/fairnessreportbuilder.h"

#include <QTest>

#include <cmath>

namespace {

bool near(double actual, double expected, double tolerance = 1e-6)
{
    return std::fabs(actual - expected) < tolerance;
}

using Item = std::tuple<int, std::uint32_t, double>;

// Five jobs over the groups a (0) and b (1); positions are given out of order where the database might.
FairnessQueries::JobRankings fiveJobs()
{
    FairnessQueries::JobRankings jobs;
    const std::uint32_t a = jobs.groupIndex(QStringLiteral("a")), b = jobs.groupIndex(QStringLiteral("b"));
    jobs.addJob(
        QStringLiteral("job-1"), { Item { 1, a, 0.6 }, Item { 3, a, 0.6 }, Item { 2, b, 0.6 }, Item { 4, b, 0.6 } });
    jobs.addJob(QStringLiteral("job-2"),
        { Item { 1, b, 0.5 }, Item { 2, b, 0.5 }, Item { 3, a, 0.8 }, Item { 4, a, 0.8 }, Item { 5, a, 0.8 },
            Item { 6, a, 0.8 } });
    jobs.addJob(QStringLiteral("job-short"), { Item { 1, b, 0.9 } }); // fewer than k = 2
    jobs.addJob(QStringLiteral("job-no-b"), { Item { 1, a, 0.9 }, Item { 2, a, 0.8 } });
    jobs.addJob(QStringLiteral("job-only-b"), { Item { 1, b, 0.9 }, Item { 2, b, 0.8 }, Item { 3, b, 0.7 } });
    return jobs;
}

RankingSummary pooled()
{
    RankingSummary s;
    s.protectedGroup = QStringLiteral("b");
    s.groups << RankingFairness { QStringLiteral("a"), 8 } << RankingFairness { QStringLiteral("b"), 8 };
    return s;
}

FairnessReport stage()
{
    FairnessReport r;
    r.referenceGroup = QStringLiteral("a");
    return r;
}

FairnessRequest request(int minGroupSize)
{
    FairnessRequest r;
    r.attributes = { QStringLiteral("age_band") };
    r.topK = 2;
    r.minGroupSize = minGroupSize;
    return r;
}

} // namespace

class TestPerJobRanking : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsAndSpreads()
    {
        const PerJobRanking p = FairnessReportBuilder::perJob(request(1), fiveJobs(), pooled(), stage());
        QCOMPARE(p.measured, 2);
        QCOMPARE(p.fewerThanK, 1);
        QCOMPARE(p.noProtected, 1);
        QCOMPARE(p.onlyProtected, 1);
        QCOMPARE(p.notMeasured(), 3);
        // Two values: mean = median = their midpoint; worst the larger NDKL and rND, the smaller skew and ratio.
        QVERIFY(near(p.ndkl.mean, (0.2816450 + 0.5859607) / 2) && near(p.ndkl.median, (0.2816450 + 0.5859607) / 2));
        QVERIFY(near(p.ndkl.worst, 0.5859607));
        QVERIFY(near(p.rnd.mean, 0.5, 1e-12) && near(p.rnd.worst, 1, 1e-12));
        QVERIFY(near(p.protectedSkew.mean, std::log(3.0) / 2, 1e-12));
        QVERIFY(near(p.protectedSkew.worst, 0, 1e-12));
        QVERIFY(near(p.protectedExposureToMerit.worst, 0.7077375));
        QVERIFY(near(p.protectedExposureToMerit.mean, (0.7077375 + 3.1181581) / 2));
        QCOMPARE(p.ndkl.jobs, 2);
        // Per group, over the measured jobs where it has proposals: a is absent from job-2's top 2 (−∞), which
        // the mean leaves out and the worst keeps.
        QCOMPARE(p.groups.size(), 2);
        const GroupJobSpread &a = p.groups[0];
        QCOMPARE(a.group, QStringLiteral("a"));
        QCOMPARE(a.skewAtK.jobs, 2);
        QCOMPARE(a.skewAtK.infinite, 1);
        QVERIFY(near(a.skewAtK.mean, 0, 1e-12));
        QVERIFY(std::isinf(a.skewAtK.worst) && a.skewAtK.worst < 0);
        QVERIFY(near(a.exposureToMerit.mean, 1, 1e-12)); // the reference against itself
    }

    // Named jobs: with a minimum of 2 every group in both measured jobs has at least 2 proposals there, so both are
    // listed, worst NDKL first; with 3, b's two proposals in each job are too few and neither is named, but both
    // still count in the spreads.
    void privacyRuleNamesOnlyJobsWithoutSmallGroups()
    {
        const PerJobRanking two = FairnessReportBuilder::perJob(request(2), fiveJobs(), pooled(), stage());
        QCOMPARE(two.worst.size(), 2);
        QCOMPARE(two.worst[0].jobId, QStringLiteral("job-2"));
        QCOMPARE(two.worst[0].ranked, 6);
        QVERIFY(near(two.worst[0].ndkl, 0.5859607) && near(two.worst[0].rnd, 1, 1e-12));
        QVERIFY(near(two.worst[0].protectedSkew, std::log(3.0), 1e-12));
        QCOMPARE(two.worst[1].jobId, QStringLiteral("job-1"));
        QCOMPARE(two.withheld, 0);

        const PerJobRanking three = FairnessReportBuilder::perJob(request(3), fiveJobs(), pooled(), stage());
        QVERIFY(three.worst.isEmpty());
        QCOMPARE(three.withheld, 2);
        QCOMPARE(three.measured, 2);
        QVERIFY(near(three.ndkl.worst, 0.5859607));
    }

    // Without a protected group (no ranked group compared) nothing is measured, and every job says why.
    void noProtectedGroup()
    {
        RankingSummary none = pooled();
        none.protectedGroup.clear();
        const PerJobRanking p = FairnessReportBuilder::perJob(request(1), fiveJobs(), none, stage());
        QCOMPARE(p.measured, 0);
        QCOMPARE(p.fewerThanK + p.noProtected, 5);
        QVERIFY(std::isnan(p.ndkl.mean));
    }
};

QTEST_APPLESS_MAIN(TestPerJobRanking)
#include "tst_perjobranking.moc"
