// The ranking measures on one job's own ranking (compute::measureJob) and their spread over jobs
// (compute::spread), against rankings worked out by hand in the comments.
#include "compute/rankingfairness.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace compute;

namespace {

bool near(double actual, double expected, double tolerance = 1e-6)
{
    return std::fabs(actual - expected) < tolerance;
}

constexpr std::uint32_t A = 0, B = 1; // B is the protected group, A the reference
constexpr double Inf = std::numeric_limits<double>::infinity();

} // namespace

class TestRankingFairness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Job 1: a, b, a, b, every score 0.6, k = 2. Weights 1/log2(1 + j): 1, 0.6309298, 0.5, 0.4306766.
    // Exposure a = (1 + 0.5)/2 = 0.75, b = (0.6309298 + 0.4306766)/2 = 0.5308032; with equal merit b's ratio is
    // 0.5308032/0.75 = 0.7077375. Top 2 = {a, b}: both shares ½ as in the ranking → skew 0. NDKL 0.2816450
    // (tst_fairnessstats works it out). rND every 2: b holds ½ of the top 2 and of the top 4 → 0.
    void interleavedJob()
    {
        const JobMeasures m = measureJob({ A, B, A, B }, { 0.6, 0.6, 0.6, 0.6 }, 2, 2, B, A);
        QCOMPARE(m.gap, JobGap::None);
        QVERIFY(near(m.exposure[A], 0.75, 1e-12));
        QVERIFY(near(m.exposure[B], 0.5308032));
        QVERIFY(near(m.exposureToMerit[B], 0.7077375));
        QVERIFY(near(m.exposureToMerit[A], 1, 1e-12));
        QVERIFY(near(m.skew[A], 0, 1e-12) && near(m.skew[B], 0, 1e-12));
        QVERIFY(near(m.ndkl, 0.2816450));
        QVERIFY(near(m.rnd, 0, 1e-12));
    }

    // Job 2: b, b, a, a, a, a; b scores 0.5, a 0.8; k = 2.
    // skew@2: b has the whole top 2 against ⅓ of the ranking → ln 3 = 1.0986123; a is absent → −∞.
    // Exposure b = (1 + 0.6309298)/2 = 0.8154649; a = (0.5 + 0.4306766 + 0.3868528 + 0.3562072)/4 = 0.4184341;
    // ratio b = (0.8154649/0.5) / (0.4184341/0.8) = 3.1181581.
    // NDKL against (b ⅓, a ⅔): KL of the prefixes ln 3, ln 3, ⅓ln 2, ½ln(9/8), 0.4ln 1.2 + 0.6ln 0.9, 0 =
    // 1.0986123, 1.0986123, 0.2310491, 0.0588915, 0.0097123, 0; weighted by 1, 0.6309298, 0.5, 0.4306766,
    // 0.3868528, 0.3562072 (sum 3.3046663) → 1.9363... / 3.3046663 = 0.5859607.
    // rND every 2: |1 − ⅓|/1 + |½ − ⅓|/2 + 0 = 0.75, which is also the largest any arrangement reaches → 1.
    void protectedFirstJob()
    {
        const JobMeasures m = measureJob({ B, B, A, A, A, A }, { 0.5, 0.5, 0.8, 0.8, 0.8, 0.8 }, 2, 2, B, A);
        QCOMPARE(m.gap, JobGap::None);
        QVERIFY(near(m.skew[B], std::log(3.0), 1e-12));
        QVERIFY(std::isinf(m.skew[A]) && m.skew[A] < 0);
        QVERIFY(near(m.exposure[B], 0.8154649));
        QVERIFY(near(m.exposure[A], 0.4184341));
        QVERIFY(near(m.exposureToMerit[B], 3.1181581));
        QVERIFY(near(m.merit[A], 0.8, 1e-12));
        QVERIFY(near(m.ndkl, 0.5859607));
        QVERIFY(near(m.rnd, 1, 1e-12));
    }

    // A group missing from a job has no exposure, merit or skew there; without the reference no ratio.
    void absentGroupsAreUndefined()
    {
        const JobMeasures m = measureJob({ B, A, B }, { 0.5, 0.5, 0.5 }, 3, 2, B, 2);
        QCOMPARE(m.gap, JobGap::None);
        QVERIFY(std::isnan(m.exposure[2]) && std::isnan(m.merit[2]) && std::isnan(m.skew[2]));
        QVERIFY(std::isnan(m.exposureToMerit[A]) && std::isnan(m.exposureToMerit[B]));
    }

    void jobsThatCannotBeMeasured_data()
    {
        QTest::addColumn<QList<int>>("labels");
        QTest::addColumn<int>("gap");
        QTest::newRow("one proposal, k = 2") << QList<int> { int(B) } << int(JobGap::FewerThanK);
        QTest::newRow("none") << QList<int> {} << int(JobGap::FewerThanK);
        QTest::newRow("no protected") << QList<int> { int(A), int(A), int(A) } << int(JobGap::NoProtected);
        QTest::newRow("only protected") << QList<int> { int(B), int(B) } << int(JobGap::OnlyProtected);
    }

    void jobsThatCannotBeMeasured()
    {
        QFETCH(QList<int>, labels);
        QFETCH(int, gap);
        const std::vector<std::uint32_t> groups(labels.begin(), labels.end());
        const JobMeasures m = measureJob(groups, std::vector<double>(groups.size(), 0.5), 2, 2, B, A);
        QCOMPARE(int(m.gap), gap);
        QVERIFY(std::isnan(m.ndkl) && std::isnan(m.rnd));
    }

    // measureJob computes one ranking without its position matrix; on rankings of every length and mix it agrees
    // with the pooled functions read on that one ranking.
    void agreesWithThePositionFunctions()
    {
        std::mt19937 random(18);
        for (int trial = 0; trial < 300; ++trial) {
            const std::size_t n = 2 + random() % 49, groups = 2 + random() % 4, k = 1 + random() % n;
            std::vector<std::uint32_t> groupAt(n);
            std::vector<double> scoreAt(n);
            for (std::size_t j = 0; j < n; ++j) {
                groupAt[j] = std::uint32_t(random() % groups);
                scoreAt[j] = 0.1 + double(random() % 900) / 1000.0;
            }
            const std::size_t at = random() % n; // the protected group is there, and another beside it
            groupAt[at] = 1;
            groupAt[(at + 1) % n] = 0;
            const JobMeasures m = measureJob(groupAt, scoreAt, groups, k, 1, 0);
            QCOMPARE(m.gap, JobGap::None);
            PositionCounts counts(n, std::vector<std::int64_t>(groups, 0));
            for (std::size_t j = 0; j < n; ++j)
                counts[j][groupAt[j]] = 1;
            QVERIFY(near(m.ndkl, ndkl(counts, groups), 1e-12));
            QVERIFY(near(m.rnd, rnd(counts, groups, 1, n >= 20 ? 10 : 2), 1e-12));
            const std::vector<double> exposure = groupExposure(counts, groups), skew = skewAtK(counts, groups, k);
            for (std::size_t g = 0; g < groups; ++g) {
                QCOMPARE(std::isnan(m.exposure[g]), std::isnan(exposure[g]));
                QVERIFY(std::isnan(exposure[g]) || near(m.exposure[g], exposure[g], 1e-12));
                QCOMPARE(std::isnan(m.skew[g]), std::isnan(skew[g]));
                QVERIFY(std::isnan(skew[g]) || (std::isinf(skew[g]) && m.skew[g] == skew[g])
                    || near(m.skew[g], skew[g], 1e-12));
            }
        }
    }

    // NDKL of the two jobs above: mean = median (two values) = (0.2816450 + 0.5859607)/2 = 0.4338028, worst the
    // larger. skew@2 of b: 0 and ln 3 → worst the smaller, 0.
    void spreadOverJobs()
    {
        const Spread ndkl = spread({ 0.2816450, 0.5859607 }, false);
        QVERIFY(near(ndkl.mean, 0.4338028) && near(ndkl.median, 0.4338028));
        QVERIFY(near(ndkl.worst, 0.5859607));
        QCOMPARE(ndkl.count, std::size_t(2));
        const Spread skew = spread({ 0, std::log(3.0) }, true);
        QCOMPARE(skew.worst, 0.0);
        // Odd count: the middle value.
        QCOMPARE(spread({ 3, 1, 2 }, false).median, 2.0);
    }

    // −∞ (a group absent from a job's top k) stays out of the mean but takes part in the median and the worst;
    // NaN (no value) is skipped; no value at all gives NaN everywhere.
    void spreadWithInfiniteAndMissing()
    {
        const Spread s = spread({ -Inf, 0, 1, std::nan("") }, true);
        QCOMPARE(s.count, std::size_t(3));
        QCOMPARE(s.infinite, std::size_t(1));
        QVERIFY(near(s.mean, 0.5, 1e-12));
        QCOMPARE(s.median, 0.0);
        QVERIFY(std::isinf(s.worst) && s.worst < 0);
        const Spread none = spread({}, false);
        QVERIFY(std::isnan(none.mean) && std::isnan(none.median) && std::isnan(none.worst));
        QCOMPARE(none.count, std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestRankingFairness)
#include "tst_rankingfairness.moc"
