// Group and ranking fairness measures against worked examples: published values where a source prints one,
// otherwise the hand computation is written out beside the assertion.
#include "compute/fairnessbootstrap.h"
#include "compute/fairnessstats.h"
#include "compute/rankingfairness.h"

#include <QTest>

#include <cmath>

using namespace compute;

namespace {

bool near(double actual, double expected, double tolerance = 1e-6)
{
    return std::fabs(actual - expected) < tolerance;
}

// One ranking as position counts: labels[j] is the group at position j + 1.
PositionCounts ranking(const std::vector<int> &labels, std::size_t groups)
{
    PositionCounts counts(labels.size(), std::vector<std::int64_t>(groups, 0));
    for (std::size_t j = 0; j < labels.size(); ++j)
        counts[j][std::size_t(labels[j])] = 1;
    return counts;
}

} // namespace

class TestFairnessStats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17,
    // table I, example (a): 81/263, score interval without continuity correction 0.2553 – 0.3662.
    void wilsonNewcombe()
    {
        const Interval w = wilson(81, 263);
        QVERIFY(near(w.value, 81.0 / 263.0, 1e-12));
        QVERIFY(near(w.low, 0.2553, 5e-5));
        QVERIFY(near(w.high, 0.3662, 5e-5));
        QVERIFY(near(w.low, 0.2552885195, 1e-9)); // the formula by hand (python3 math), to more digits
    }

    // At p = 0 the interval starts at 0 and its upper bound is z²/(n + z²) = 3.841459/13.841459 = 0.277533;
    // at p = 1 it mirrors. The normal interval would collapse to a point here.
    void wilsonAtTheEdges()
    {
        const Interval zero = wilson(0, 10), all = wilson(10, 10);
        QCOMPARE(zero.low, 0.0);
        QVERIFY(near(zero.high, 0.2775328, 1e-6));
        QVERIFY(near(all.low, 1 - 0.2775328, 1e-6));
        QVERIFY(near(all.high, 1.0, 1e-12));
        QVERIFY(std::isnan(wilson(0, 0).value));
    }

    // Group 20/100 against reference 40/100: DI = 0.2/0.4 = 0.5, SPD = −0.2.
    // Katz: se = √(1/20 − 1/100 + 1/40 − 1/100) = √0.055 = 0.2345208; 0.5·exp(∓1.959964·0.2345208)
    // = 0.5·exp(∓0.4596526) → 0.3157516 … 0.7917617.
    void disparateImpactKatz()
    {
        const Interval di = disparateImpact(20, 100, 40, 100);
        QVERIFY(near(di.value, 0.5, 1e-12));
        QVERIFY(near(di.low, 0.3157516, 1e-6));
        QVERIFY(near(di.high, 0.7917617, 1e-6));
        QVERIFY(near(parityDifference(20, 100, 40, 100), -0.2, 1e-12));
        QVERIFY(outsideFairBand(di.value));
        QVERIFY(!outsideFairBand(0.8));
        QVERIFY(!outsideFairBand(1.25));
        QVERIFY(outsideFairBand(1.26));
    }

    // The percentile bootstrap of the impact ratio against the exact bootstrap distribution (B → ∞), enumerated
    // with scipy: every (k*_g, k*_r) with probability binom.pmf(k*_g, n_g, p_g)·binom.pmf(k*_r, n_r, p_r), (0, 0)
    // left out, the ratio's CDF inverted at 0.025 and 0.975:
    //   from scipy.stats import binom
    //   def exact(kg, ng, kr, nr): atoms = {}; …  (ratio a/ng ÷ b/nr, +inf for b = 0)
    //   16/40 vs 32/40 → 0.3055556 … 0.7241379     20/100 vs 40/100 → 0.2978723 … 0.7714286
    // (Katz gives 0.3318 … 0.7534 and 0.3158 … 0.7918.) With 20,000 resamples the Monte Carlo error of a bound is
    // about 0.0015 here, so 0.01 separates the bootstrap from Katz.
    void bootstrapImpactAgainstTheExactBootstrap()
    {
        const Interval a = bootstrapImpactSeeded(16, 40, 32, 40, 20000, 7);
        QVERIFY(near(a.value, 0.5, 1e-12));
        QVERIFY2(near(a.low, 0.3055556, 0.01), qPrintable(QString::number(a.low)));
        QVERIFY2(near(a.high, 0.7241379, 0.01), qPrintable(QString::number(a.high)));
        const Interval b = bootstrapImpactSeeded(20, 100, 40, 100, 20000, 7);
        QVERIFY2(near(b.low, 0.2978723, 0.01), qPrintable(QString::number(b.low)));
        QVERIFY2(near(b.high, 0.7714286, 0.01), qPrintable(QString::number(b.high)));
    }

    // Seeded from the counts: the same counts give the same interval bit for bit, and it is the one the Python
    // mirror of the algorithm (tests/services/fairness/fairness_reference.py, bootstrap_impact) computes:
    //   boot(16, 40, 32, 40) → (0.5, 0.2972972972972973, 0.7187499999999999)   [= 11/37, 23/32]
    //   boot(3, 30, 12, 30)  → (0.25, 0.0, 0.6666666666666666)
    // A group with no selection resamples to 0 every time; a reference with none has no ratio at all.
    void bootstrapImpactIsReproducible()
    {
        const Interval a = bootstrapImpact(16, 40, 32, 40);
        const Interval again = bootstrapImpact(16, 40, 32, 40);
        QCOMPARE(a.low, again.low);
        QCOMPARE(a.high, again.high);
        QCOMPARE(a.low, 0.2972972972972973);
        QCOMPARE(a.high, 0.7187499999999999);
        const Interval small = bootstrapImpact(3, 30, 12, 30);
        QCOMPARE(small.low, 0.0);
        QCOMPARE(small.high, 0.6666666666666666);
        const Interval none = bootstrapImpact(0, 30, 12, 30);
        QCOMPARE(none.value, 0.0);
        QCOMPARE(none.low, 0.0);
        QCOMPARE(none.high, 0.0);
        QVERIFY(std::isnan(bootstrapImpact(3, 30, 0, 30).value));
        QVERIFY(std::isnan(bootstrapImpact(3, 30, 0, 30).low));
    }

    // k_g = 0: the ratio is 0 but ln 0 has no interval, so the bounds say "undefined" rather than invent one;
    // a reference rate of 0 leaves the ratio itself undefined.
    void disparateImpactUndefined()
    {
        const Interval none = disparateImpact(0, 50, 10, 50);
        QCOMPARE(none.value, 0.0);
        QVERIFY(std::isnan(none.low) && std::isnan(none.high));
        QVERIFY(std::isnan(disparateImpact(5, 50, 0, 50).value));
    }

    // Fisher's lady tasting tea (Fisher 1935): 3 of 4 cups right, table [[3,1],[1,3]]. The hypergeometric
    // probabilities of x = 0…4 are 1, 16, 36, 16, 1 over 70; those ≤ P(3) = 16/70 sum to 34/70 = 0.485714.
    void fisherTea()
    {
        QVERIFY(near(fisherExact({ 3, 1, 1, 3 }), 34.0 / 70.0, 1e-12));
    }

    // Wikipedia, "Fisher's exact test": dieting men 1 of 10, women 9 of 12 → two-sided p = 0.002759.
    void fisherWikipedia()
    {
        QVERIFY(near(fisherExact({ 1, 9, 11, 3 }), 0.002759, 1e-6));
        // Its expected counts are 5, 5, 7, 7: every one reaches 5, so the rule picks χ² here; the tea table
        // (expected 2 in each cell) goes to Fisher.
        QVERIFY(!compareRates({ 1, 9, 11, 3 }).exact);
        const TestResult tea = compareRates({ 3, 1, 1, 3 });
        QVERIFY(tea.exact);
        QVERIFY(near(tea.p, 34.0 / 70.0, 1e-12));
    }

    // [[30,70],[50,50]]: X² = 200·(30·50 − 70·50)² / (100·100·80·120) = 200·4·10⁶ / 9.6·10⁷ = 8.333333,
    // p = erfc(√(8.333333/2)) = 0.003892417. Every expected cell is ≥ 40, so compareRates uses χ².
    void chiSquareByHand()
    {
        QVERIFY(near(chiSquare({ 30, 70, 50, 50 }), 0.003892417, 1e-9));
        const TestResult r = compareRates({ 30, 70, 50, 50 });
        QVERIFY(!r.exact);
        QVERIFY(near(r.p, 0.003892417, 1e-9));
    }

    // Holm on p = 0.01, 0.04, 0.03, 0.005: sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04
    // → running maximum 0.02, 0.03, 0.06, 0.06; back in input order 0.03, 0.06, 0.06, 0.02. NaN is left out.
    void holmByHand()
    {
        const std::vector<double> p { 0.01, 0.04, 0.03, 0.005, std::nan("") };
        const std::vector<double> adjusted = holm(p);
        QVERIFY(near(adjusted[0], 0.03, 1e-12));
        QVERIFY(near(adjusted[1], 0.06, 1e-12));
        QVERIFY(near(adjusted[2], 0.06, 1e-12));
        QVERIFY(near(adjusted[3], 0.02, 1e-12));
        QVERIFY(std::isnan(adjusted[4]));
        QCOMPARE(holm(std::vector<double> { 0.6, 0.9 })[1], 1.0); // capped at 1
    }

    // Among the hired: 6 of 8 positives selected in the group, 9 of 10 in the reference → 0.75 − 0.9 = −0.15.
    void equalOpportunity()
    {
        QVERIFY(near(equalOpportunityDifference(6, 8, 9, 10), -0.15, 1e-12));
        QVERIFY(std::isnan(equalOpportunityDifference(0, 0, 9, 10)));
    }

    // Ranking a, b, a, b. Weights 1/log2(1+j): 1, 0.6309298, 0.5, 0.4306766.
    // Exposure a = (1 + 0.5)/2 = 0.75; b = (0.6309298 + 0.4306766)/2 = 0.5308032.
    // With equal merit (0.6 each) the disparate treatment ratio b vs a is 0.5308032/0.75 = 0.7077375.
    void exposureByHand()
    {
        const std::vector<double> e = groupExposure(ranking({ 0, 1, 0, 1 }, 2), 2);
        QVERIFY(near(e[0], 0.75, 1e-12));
        QVERIFY(near(e[1], 0.5308032, 1e-6));
        QVERIFY(near(disparateTreatmentRatio(e[1], 0.6, e[0], 0.6), 0.5308032 / 0.75, 1e-6));
    }

    // skew@1 of a, b, a, b: a holds the whole top 1 against half the ranking → ln 2; b is absent → −inf.
    // skew@2: both have half → 0.
    void skewByHand()
    {
        const PositionCounts r = ranking({ 0, 1, 0, 1 }, 2);
        const std::vector<double> one = skewAtK(r, 2, 1), two = skewAtK(r, 2, 2);
        QVERIFY(near(one[0], std::log(2.0), 1e-12));
        QVERIFY(std::isinf(one[1]) && one[1] < 0);
        QVERIFY(near(two[0], 0, 1e-12) && near(two[1], 0, 1e-12));
    }

    // NDKL of a, b, a, b against the ranking's own shares (½, ½): KL of the prefixes is ln 2 (top 1), 0,
    // ⅔ln(4/3) + ⅓ln(2/3) = 0.0566330 (top 3), 0. Weighted by 1, 0.6309, 0.5, 0.4307 and divided by their sum
    // 2.5616064: (0.6931472 + 0.5·0.0566330) / 2.5616064 = 0.2816450. A perfectly interleaved ranking of
    // equal groups can do no better at odd prefixes, and a, a, b, b does worse.
    void ndklByHand()
    {
        QVERIFY(near(ndkl(ranking({ 0, 1, 0, 1 }, 2), 2), 0.2816450, 1e-6));
        QVERIFY(ndkl(ranking({ 0, 0, 1, 1 }, 2), 2) > 0.2816450);
        QVERIFY(near(ndkl(ranking({ 0, 0, 0 }, 2), 2), 0, 1e-12)); // one group only: every prefix matches
    }

    // rND of the protected group at positions 2 and 5 of 6, cut-offs every 2:
    // i = 2: |1/2 − 2/6|/log2 2 = 0.1666667; i = 4: |1/4 − 1/3|/log2 4 = 0.0416667; i = 6: 0 → 0.2083333.
    // Z: protected first gives |1 − 1/3| + |1/2 − 1/3|/2 = 0.75; last gives 1/3 + (1/3)/2 = 0.5 → Z = 0.75.
    // rND = 0.2083333 / 0.75 = 0.2777778; the most unequal arrangement scores 1.
    void rndByHand()
    {
        QVERIFY(near(rnd(ranking({ 0, 1, 0, 0, 1, 0 }, 2), 2, 1, 2), 0.2083333 / 0.75, 1e-6));
        QVERIFY(near(rnd(ranking({ 1, 1, 0, 0, 0, 0 }, 2), 2, 1, 2), 1.0, 1e-12));
        QCOMPARE(rnd(ranking({ 0, 0, 0, 0 }, 2), 2, 1, 2), 0.0);
    }

    // Pooled positions: two rankings a, b and b, a are one position row {1, 1} each, so no group leads.
    void pooledRankings()
    {
        const PositionCounts pooled { { 1, 1 }, { 1, 1 } };
        QVERIFY(near(ndkl(pooled, 2), 0, 1e-12));
        const std::vector<double> e = groupExposure(pooled, 2);
        QVERIFY(near(e[0], e[1], 1e-12));
    }
};

QTEST_APPLESS_MAIN(TestFairnessStats)
#include "tst_fairnessstats.moc"
