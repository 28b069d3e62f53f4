// The two-sample Kolmogorov–Smirnov statistic and p-value against reference values. Exact p-values are counts
// of every way to split the pooled sample (all C(n+m, n) of them, enumerated by brute force in Python's
// itertools); asymptotic ones are Q_KS summed to 2,000 terms with Stephens' λ, and Q_KS(1) = 0.26999967…
// is the published value of the Kolmogorov distribution's tail (scipy.stats.kstwobign.sf(1)).
#include "compute/drift.h"

#include <QTest>

#include <cmath>
#include <vector>

using namespace compute;

namespace {

bool near(double actual, double expected, double tolerance)
{
    return std::fabs(actual - expected) < tolerance;
}

// Deterministic spread-out samples: the fractional parts of i·0.618034 (a golden-ratio sequence), the second
// pushed towards 0 by a power.
std::vector<double> golden(int count, double power)
{
    std::vector<double> out;
    for (int i = 0; i < count; ++i)
        out.push_back(std::pow(std::fmod(i * 0.618034, 1.0), power));
    return out;
}

} // namespace

class TestDrift : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // D = 4/15 (at x = 0.4: 3/5 of a, 2/6 of b); 446 of the 462 splits of the 11 values reach it.
    void exactSmallSamples()
    {
        const std::vector<double> a { 0.1, 0.4, 0.35, 0.8, 0.9 };
        const std::vector<double> b { 0.2, 0.3, 0.5, 0.6, 0.7, 0.95 };
        const KsResult r = ksTest(a, b);
        QVERIFY(near(r.d, 4.0 / 15.0, 1e-12));
        QVERIFY(r.exact);
        QVERIFY(near(r.p, 446.0 / 462.0, 1e-12));
    }

    // Completely separated samples: D = 1, and only 2 of the C(13, 6) = 1,716 splits separate them that well.
    void exactSeparated()
    {
        const std::vector<double> a { 0.12, 0.15, 0.2, 0.22, 0.3, 0.31 };
        const std::vector<double> b { 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.85 };
        const KsResult r = ksTest(a, b);
        QCOMPARE(r.d, 1.0);
        QVERIFY(near(r.p, 2.0 / 1716.0, 1e-12));
    }

    // Tied scores move both CDFs at once: at 0.5, F_a = 3/4 and F_b = 1/4, so D = 1/2 (stepping through the
    // ties one sample at a time would report 3/4).
    void tiesStepTogether()
    {
        const std::vector<double> a { 0.5, 0.5, 0.5, 1.0 };
        const std::vector<double> b { 0.5, 1.0, 1.0, 1.0 };
        QCOMPARE(ksStatistic(a, b), 0.5);
        QCOMPARE(ksStatistic(b, a), 0.5);
    }

    // n·m = 18,000 > ExactKsLimit: the asymptotic p with Stephens' correction, e = 150·120/270.
    void asymptotic_data()
    {
        QTest::addColumn<double>("power");
        QTest::addColumn<double>("d");
        QTest::addColumn<double>("p");
        QTest::newRow("similar") << 1.3 << 0.10166666666666668 << 0.47497885063301454;
        QTest::newRow("shifted") << 2.0 << 0.25666666666666671 << 0.00022939226935798305;
    }
    void asymptotic()
    {
        QFETCH(double, power);
        QFETCH(double, d);
        QFETCH(double, p);
        const KsResult r = ksTest(golden(150, 1.0), golden(120, power));
        QVERIFY(!r.exact);
        QVERIFY2(near(r.d, d, 1e-12), qPrintable(QString::number(r.d, 'g', 17)));
        QVERIFY2(near(r.p, p, 1e-9), qPrintable(QString::number(r.p, 'g', 17)));
    }

    // Both branches of kolmogorovQ (the Jacobi form below λ = 1.18, the alternating series above).
    void kolmogorovTail_data()
    {
        QTest::addColumn<double>("lambda");
        QTest::addColumn<double>("q");
        QTest::newRow("0.5") << 0.5 << 0.96394524366487511;
        QTest::newRow("1.0") << 1.0 << 0.26999967167735456;
        QTest::newRow("1.17") << 1.17 << 0.12939004218561884;
        QTest::newRow("1.19") << 1.19 << 0.11774229287977167;
        QTest::newRow("1.5") << 1.5 << 0.022217962616525127;
        QTest::newRow("2.0") << 2.0 << 0.00067092525577969533;
    }
    void kolmogorovTail()
    {
        QFETCH(double, lambda);
        QFETCH(double, q);
        QVERIFY2(near(kolmogorovQ(lambda), q, 1e-12), qPrintable(QString::number(kolmogorovQ(lambda), 'g', 17)));
    }

    // Scores that are their bins give the same D from counts as from the values themselves.
    void binnedMatchesSamples()
    {
        const std::vector<double> a { 0.1, 0.1, 0.3, 0.5, 0.5, 0.5, 0.9 };
        const std::vector<double> b { 0.3, 0.5, 0.7, 0.7, 0.9, 0.9 };
        std::vector<std::int64_t> ha(11, 0), hb(11, 0);
        for (double v : a)
            ++ha[size_t(std::lround(v * 10))];
        for (double v : b)
            ++hb[size_t(std::lround(v * 10))];
        QCOMPARE(ksStatisticBinned(ha, hb), ksStatistic(a, b));
        const KsResult binned = ksTestBinned(ha, hb);
        const KsResult samples = ksTest(a, b);
        QCOMPARE(binned.p, samples.p);
    }

    void emptySampleIsNoEvidence()
    {
        const std::vector<double> a { 0.1, 0.2 };
        const KsResult r = ksTest(a, {});
        QCOMPARE(r.d, 0.0);
        QCOMPARE(r.p, 1.0);
    }
};

QTEST_APPLESS_MAIN(TestDrift)
#include "tst_drift.moc"
