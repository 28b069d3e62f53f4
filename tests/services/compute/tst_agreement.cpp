// Agreement measures against worked textbook examples. Each expected value is the one printed in its source;
// the standard errors were checked against the delta method computed independently.
#include "compute/agreement.h"

#include <QTest>

#include <cmath>

using namespace compute;

class TestAgreement : public QObject
{
    Q_OBJECT

    static Units pairsFromTable(const std::vector<std::vector<int>> &table)
    {
        Units units;
        for (std::size_t a = 0; a < table.size(); ++a)
            for (std::size_t b = 0; b < table[a].size(); ++b)
                for (int n = 0; n < table[a][b]; ++n)
                    units.push_back({ int(a), int(b) });
        return units;
    }

    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers, twelve units,
    // values 1–5 (shifted to 0–4), −1 where an observer gave none.
    static Units krippendorffC()
    {
        const int M = -1;
        const int a[] = { 1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M };
        const int b[] = { 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3 };
        const int c[] = { M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M };
        const int d[] = { 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M };
        Units units(12);
        for (int u = 0; u < 12; ++u)
            for (int v : { a[u], b[u], c[u], d[u] })
                if (v != M)
                    units[std::size_t(u)].push_back(v - 1);
        return units;
    }

private Q_SLOTS:
    // Cohen (1960)'s measure on the example Wikipedia's "Cohen's kappa" article works through: 50 grant
    // proposals, both yes 20, A yes B no 5, A no B yes 10, both no 15 → p_o 0.7, p_e 0.5, κ 0.4.
    void cohenTwoByTwo()
    {
        const Units pairs = pairsFromTable({ { 20, 5 }, { 10, 15 } });
        QVERIFY(std::fabs(cohenKappa(pairs) - 0.4) < 1e-12);
        // FCE (1969) standard error: 0.12700 (delta method on the same table: 0.12700).
        QVERIFY(std::fabs(cohenKappaStandardError(pairs) - 0.126996) < 1e-5);
    }

    // Fleiss, Levin & Paik, "Statistical Methods for Rates and Proportions" (3rd ed.), table 18.1: two
    // psychiatrists, 100 patients, three diagnoses; κ = 0.68 and its non-null standard error 0.088.
    void cohenThreeCategories()
    {
        const Units pairs = pairsFromTable({ { 75, 1, 4 }, { 5, 4, 1 }, { 0, 0, 10 } });
        QVERIFY(std::fabs(cohenKappa(pairs) - 0.676471) < 1e-5);
        QVERIFY(std::fabs(cohenKappaStandardError(pairs) - 0.087703) < 1e-5);
    }

    // Wikipedia's "Fleiss' kappa" worked example: 10 subjects, 14 raters, 5 categories; P̄ 0.378, P̄_e 0.213,
    // κ 0.210.
    void fleissWorkedExample()
    {
        const std::vector<int> counts { 0, 0, 0, 0, 14, 0, 2, 6, 4, 2, 0, 0, 3, 5, 6, 0, 3, 9, 2, 0, 2, 2, 8, 1, 1, 7,
            7, 0, 0, 0, 3, 2, 6, 3, 0, 2, 5, 3, 2, 2, 6, 5, 2, 1, 0, 0, 2, 2, 3, 7 };
        const double kappa = fleissKappaCounts(counts, 5);
        QVERIFY2(std::fabs(kappa - 0.20993) < 1e-5, qPrintable(QString::number(kappa, 'f', 6)));
    }

    // With two raters per item Fleiss' κ is Scott's π, not Cohen's κ: on the 2 × 2 example above the pooled
    // marginals (0.55, 0.45) give p_e 0.505 and π = (0.7 − 0.505) / 0.495.
    void fleissWithTwoRatersIsScottsPi()
    {
        const Units pairs = pairsFromTable({ { 20, 5 }, { 10, 15 } });
        QVERIFY(std::fabs(fleissKappa(pairs) - 0.195 / 0.495) < 1e-12);
    }

    // Krippendorff (2011), section C: nominal α = 0.743 (unit 12 has one value and does not count).
    void krippendorffNominalWithMissing()
    {
        const double alpha = krippendorffAlphaNominal(krippendorffC());
        QVERIFY2(std::fabs(alpha - 0.743) < 5e-4, qPrintable(QString::number(alpha, 'f', 6)));
    }

    // Krippendorff (2011), section A: two observers, ten units, binary data: α = 0.095.
    void krippendorffBinary()
    {
        const int a[] = { 0, 1, 0, 0, 0, 0, 0, 0, 1, 0 };
        const int b[] = { 1, 1, 1, 0, 0, 1, 0, 0, 0, 0 };
        Units units;
        for (int i = 0; i < 10; ++i)
            units.push_back({ a[i], b[i] });
        QVERIFY(std::fabs(krippendorffAlphaNominal(units) - 0.095238) < 1e-5);
    }

    void undefinedIsNaN()
    {
        QVERIFY(std::isnan(cohenKappa({})));
        QVERIFY(std::isnan(cohenKappa({ { 0, 0 }, { 0, 0 } }))); // one category only: chance agreement is 1
        QVERIFY(std::isnan(fleissKappa({ { 1 } }))); // a unit with one rating is not pairable
        QVERIFY(std::isnan(krippendorffAlphaNominal({ { 2, 2 }, { 2, 2 } })));
    }

    // The bootstrap is seeded: the same data give the same interval, and the interval holds the estimate.
    void bootstrapIsSeededAndBracketsTheEstimate()
    {
        const Units pairs = pairsFromTable({ { 20, 5 }, { 10, 15 } });
        const AgreementInterval first = bootstrap(pairs, cohenKappa, 1000, 42);
        const AgreementInterval second = bootstrap(pairs, cohenKappa, 1000, 42);
        QCOMPARE(first.low, second.low);
        QCOMPARE(first.high, second.high);
        QCOMPARE(first.units, std::size_t(50));
        QVERIFY(first.low < 0.4 && 0.4 < first.high);
        // Roughly ±1.96 standard errors (0.127): a percentile interval on 50 items is not exactly symmetric.
        QVERIFY(first.high - first.low > 0.35 && first.high - first.low < 0.65);
        const AgreementInterval alpha = bootstrap(krippendorffC(), krippendorffAlphaNominal, 1000, 7);
        QCOMPARE(alpha.units, std::size_t(11));
        QVERIFY(alpha.low <= alpha.value && alpha.value <= alpha.high);
    }
};

QTEST_APPLESS_MAIN(TestAgreement)
#include "tst_agreement.moc"
