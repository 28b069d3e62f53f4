// Kendall's τ-b (the strategy preview's rank change) against a brute-force count over every pair, with and
// without ties, and against a value computed by hand.
#include "compute/rankchange.h"

#include <QTest>

#include <cmath>
#include <random>
#include <vector>

using namespace compute;

namespace {

// O(n²): every pair classified once, as the definition reads.
KendallCounts bruteForce(const std::vector<double> &x, const std::vector<double> &y)
{
    KendallCounts c;
    const std::size_t n = x.size();
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            ++c.pairs;
            const bool tx = x[i] == x[j], ty = y[i] == y[j];
            c.tiedX += tx;
            c.tiedY += ty;
            c.tiedBoth += tx && ty;
            if (!tx && !ty)
                c.concordantMinusDiscordant += (x[i] < x[j]) == (y[i] < y[j]) ? 1 : -1;
        }
    }
    return c;
}

} // namespace

class TestRankChange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void handComputed()
    {
        // Pairs (x, y): (12,1) (2,4) (1,7) (12,1) (2,0). Of the 10 pairs, one is tied in both (the two 12s),
        // one only in x (the two 2s); none only in y. Concordant 2, discordant 6:
        // τ-b = (2 − 6) / √((10 − 2)(10 − 1)) = −4 / √72.
        const std::vector<double> x { 12, 2, 1, 12, 2 }, y { 1, 4, 7, 1, 0 };
        const KendallCounts c = kendallCounts(x, y);
        QCOMPARE(c.pairs, 10);
        QCOMPARE(c.tiedX, 2);
        QCOMPARE(c.tiedY, 1);
        QCOMPARE(c.tiedBoth, 1);
        QCOMPARE(c.concordantMinusDiscordant, -4);
        QVERIFY(std::abs(kendallTauB(x, y) - (-4.0 / std::sqrt(72.0))) < 1e-15);
    }

    void identicalAndReversed()
    {
        std::vector<double> x { 0.9, 0.5, 0.5, 0.1, 0.3 };
        std::vector<double> reversed;
        for (double v : x)
            reversed.push_back(-v);
        QCOMPARE(kendallTauB(x, x), 1.0);
        QCOMPARE(kendallTauB(x, reversed), -1.0);
    }

    void undefined()
    {
        const std::vector<double> one { 1 }, allTied { 2, 2, 2 }, other { 1, 2, 3 };
        QVERIFY(std::isnan(kendallTauB(one, one)));
        QVERIFY(std::isnan(kendallTauB(allTied, other)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, kendallCounts(one, other));
    }

    void matchesBruteForce_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("levels"); // distinct values per ranking: few levels, many ties
        QTest::addColumn<unsigned>("seed");
        QTest::newRow("tiny, no ties") << 7 << 1000000 << 1u;
        QTest::newRow("many ties") << 300 << 4 << 2u;
        QTest::newRow("some ties") << 1000 << 60 << 3u;
        QTest::newRow("priorities, no ties") << 2000 << 1000000 << 4u;
        QTest::newRow("binary") << 500 << 2 << 5u;
    }

    void matchesBruteForce()
    {
        QFETCH(int, n);
        QFETCH(int, levels);
        QFETCH(unsigned, seed);
        std::mt19937 rng(seed);
        std::uniform_int_distribution<int> level(0, levels - 1);
        std::normal_distribution<double> noise(0.0, 0.3);
        std::vector<double> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
        for (std::size_t i = 0; i < x.size(); ++i) {
            x[i] = double(level(rng)) / levels;
            // Correlated with x, so τ is neither 0 nor ±1, quantised to the same levels.
            y[i] = std::floor(std::clamp(x[i] + noise(rng), 0.0, 0.999999) * levels) / levels;
        }
        const KendallCounts fast = kendallCounts(x, y), slow = bruteForce(x, y);
        QCOMPARE(fast.pairs, slow.pairs);
        QCOMPARE(fast.tiedX, slow.tiedX);
        QCOMPARE(fast.tiedY, slow.tiedY);
        QCOMPARE(fast.tiedBoth, slow.tiedBoth);
        QCOMPARE(fast.concordantMinusDiscordant, slow.concordantMinusDiscordant);
        QCOMPARE(kendallTauB(fast), kendallTauB(slow));
        QVERIFY(kendallTauB(fast) > 0.0 && kendallTauB(fast) < 1.0);
    }
};

QTEST_APPLESS_MAIN(TestRankChange)
#include "tst_rankchange.moc"
