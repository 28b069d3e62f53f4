// Learning from reviews: replay metrics against hand-computed tables, the cross-validated logistic
// regression on synthetic decisions with planted weights, and the weights it suggests.
#include "compute/matchlearning.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace compute;

class TestMatchLearning : public QObject
{
    Q_OBJECT

    static bool near(double a, double b) { return std::fabs(a - b) < 1e-9; }

private Q_SLOTS:
    // Query 0 ranks A R A · R (· = no decision); query 1 R A; query 2 R; query 3 only undecided.
    // k = 2. Precision: ½, ½, 0 → ⅓. NDCG: q0 1 / (1 + 1/log2 3), q1 (1/log2 3) / 1, q2 has no approval.
    // AUC: approvals 0.9 0.7 0.3 against rejections 0.95 0.8 0.5 0.4: 3 + 2 + 0 of 12 pairs.
    void replayTable()
    {
        const std::vector<ReplayItem> items { { 0, 0.5f, 0 }, { 0, 0.9f, 1 }, { 1, 0.3f, 1 }, { 0, 0.7f, 1 },
            { 0, 0.6f, -1 }, { 2, 0.95f, 0 }, { 0, 0.8f, 0 }, { 1, 0.4f, 0 }, { 3, 0.99f, -1 } };
        const ReplayMetrics m = replay(items, 2);
        QCOMPARE(m.queries, std::size_t(3));
        QCOMPARE(m.labelled, std::size_t(7));
        QVERIFY(near(m.precisionAtK, 1.0 / 3.0));
        const double q0 = 1.0 / (1.0 + 1.0 / std::log2(3.0)), q1 = 1.0 / std::log2(3.0);
        QVERIFY(near(m.ndcgAtK, (q0 + q1) / 2.0));
        QVERIFY(near(m.rocAuc, 5.0 / 12.0));
    }

    void replayKAndTies()
    {
        // Equal scores keep the input order: the rejection listed first takes position 1.
        const std::vector<ReplayItem> tied { { 7, 0.5f, 0 }, { 7, 0.5f, 1 } };
        const ReplayMetrics one = replay(tied, 1);
        QVERIFY(near(one.precisionAtK, 0.0));
        QVERIFY(near(one.ndcgAtK, 0.0));
        QVERIFY(near(one.rocAuc, 0.5)); // a tie counts one half
        // k beyond the labelled items: the denominator is what there is.
        const ReplayMetrics all = replay(tied, 10);
        QVERIFY(near(all.precisionAtK, 0.5));
        QVERIFY(near(all.ndcgAtK, 1.0 / std::log2(3.0)));
        // A perfect ranking.
        const std::vector<ReplayItem> perfect { { 1, 0.9f, 1 }, { 1, 0.8f, 1 }, { 1, 0.1f, 0 } };
        const ReplayMetrics p = replay(perfect, 2);
        QVERIFY(near(p.precisionAtK, 1.0));
        QVERIFY(near(p.ndcgAtK, 1.0));
        QVERIFY(near(p.rocAuc, 1.0));
    }

    void rocAucOfScores()
    {
        const std::vector<double> scores { 0.1, 0.4, 0.35, 0.8 };
        const std::vector<std::uint8_t> positive { 0, 0, 1, 1 };
        QVERIFY(near(rocAuc(scores, positive), 0.75)); // 3 of the 4 positive–negative pairs in order
        const std::vector<std::uint8_t> one { 1, 1, 1, 1 };
        QVERIFY(std::isnan(rocAuc(scores, one)));
    }

    void replayWithoutData()
    {
        const ReplayMetrics none = replay({}, 5);
        QCOMPARE(none.queries, std::size_t(0));
        QVERIFY(std::isnan(none.precisionAtK) && std::isnan(none.ndcgAtK) && std::isnan(none.rocAuc));
        const std::vector<ReplayItem> onlyRejected { { 1, 0.2f, 0 }, { 2, 0.4f, 0 } };
        const ReplayMetrics r = replay(onlyRejected, 5);
        QVERIFY(near(r.precisionAtK, 0.0));
        QVERIFY(std::isnan(r.ndcgAtK));
        QVERIFY(std::isnan(r.rocAuc));
    }

    // Decisions drawn from a logistic model with planted weights on six components in [0, 1]: the fit
    // finds each within a few standard errors, with the right signs and order.
    void logisticRecoversPlantedWeights()
    {
        const std::vector<double> planted { 3.0, 1.5, 0.0, 0.6, 0.0, 2.2 };
        const double intercept = -3.5;
        const std::size_t n = 8000, features = planted.size();
        std::mt19937 random(17);
        std::uniform_real_distribution<double> uniform(0.0, 1.0);
        std::vector<double> x(n * features);
        std::vector<std::uint8_t> labels(n);
        for (std::size_t r = 0; r < n; ++r) {
            double z = intercept;
            for (std::size_t f = 0; f < features; ++f) {
                x[r * features + f] = uniform(random);
                z += planted[f] * x[r * features + f];
            }
            labels[r] = uniform(random) < 1.0 / (1.0 + std::exp(-z));
        }
        const LogisticFit fit = fitLogistic(x, features, labels, 5, 42);
        QCOMPARE(fit.status, Status::Ok);
        QVERIFY(fit.converged);
        QCOMPARE(fit.n, n);
        QCOMPARE(fit.coefficients.size(), features);
        QCOMPARE(fit.cvLogLossPerLambda.size(), LambdaGrid.size());
        QVERIFY(fit.lambda <= 1e-2); // plenty of data: little shrinkage pays
        for (std::size_t f = 0; f < features; ++f) {
            QVERIFY(fit.standardErrors[f] > 0.05 && fit.standardErrors[f] < 0.3);
            QVERIFY2(std::fabs(fit.coefficients[f] - planted[f]) < 3.5 * fit.standardErrors[f],
                qPrintable(
                    QStringLiteral("feature %1: %2 ± %3").arg(f).arg(fit.coefficients[f]).arg(fit.standardErrors[f])));
        }
        QVERIFY(std::fabs(fit.intercept - intercept) < 3.5 * fit.interceptSe);
        QVERIFY(fit.coefficients[0] > fit.coefficients[5] && fit.coefficients[5] > fit.coefficients[1]
            && fit.coefficients[1] > fit.coefficients[3] && fit.coefficients[3] > 0);
        QVERIFY(fit.cvAuc > 0.7 && fit.cvAuc < 1.0);

        const auto weights = weightsFromCoefficients(fit.coefficients);
        QVERIFY(weights[0] > weights[5] && weights[5] > weights[1] && weights[1] > weights[3]);
        QVERIFY(weights[2] < 0.03 && weights[4] < 0.03);

        const LogisticFit again = fitLogistic(x, features, labels, 5, 42);
        QCOMPARE(again.coefficients, fit.coefficients);
        QCOMPARE(again.lambda, fit.lambda);
    }

    // Few, noisy decisions: cross-validation prefers more shrinkage than with plenty of clean data.
    void smallNoisyDataShrinksMore()
    {
        std::mt19937 random(5);
        std::uniform_real_distribution<double> uniform(0.0, 1.0);
        const std::size_t n = 60, features = 6;
        std::vector<double> x(n * features);
        std::vector<std::uint8_t> labels(n);
        for (std::size_t r = 0; r < n; ++r) {
            for (std::size_t f = 0; f < features; ++f)
                x[r * features + f] = uniform(random);
            labels[r] = r % 2; // unrelated to x
        }
        const LogisticFit fit = fitLogistic(x, features, labels, 5, 1);
        QCOMPARE(fit.status, Status::Ok);
        QVERIFY(fit.lambda >= 0.1);
    }

    void logisticBadInput()
    {
        const std::vector<double> x { 0.1, 0.2, 0.3, 0.4 };
        const std::vector<std::uint8_t> labels { 0, 1, 0, 1 };
        LogisticFit fit = fitLogistic(x, 1, labels, 1, 0);
        QCOMPARE(fit.status, Status::InvalidArgument);
        QVERIFY(QString::fromStdString(fit.error).contains(QStringLiteral("2 folds")));
        fit = fitLogistic(x, 1, labels, 3, 0);
        QCOMPARE(fit.status, Status::InvalidArgument);
        QVERIFY(QString::fromStdString(fit.error).contains(QStringLiteral("at least 3 decisions")));
        fit = fitLogistic(x, 3, labels, 2, 0);
        QCOMPARE(fit.status, Status::InvalidArgument);
        QVERIFY(fit.coefficients.empty());
        const std::vector<double> bad { 0.1, NAN, 0.3, 0.4 };
        fit = fitLogistic(bad, 1, labels, 2, 0);
        QCOMPARE(fit.status, Status::NonFiniteInput);
        QVERIFY(QString::fromStdString(fit.error).contains(QStringLiteral("row 1")));
    }

    void weightsFromCoefficientsNormalise()
    {
        const std::vector<double> c { 2.0, -1.0, 1.0, 0.0, 1.0, 0.0 };
        const auto w = weightsFromCoefficients(c);
        const std::array<double, MatchComponentCount> want { 0.5, 0.0, 0.25, 0.0, 0.25, 0.0 };
        QCOMPARE(w, want);
        const std::vector<double> negative { -1.0, -2.0 };
        for (double v : weightsFromCoefficients(negative))
            QVERIFY(near(v, 1.0 / 6.0));
    }
};

QTEST_GUILESS_MAIN(TestMatchLearning)
#include "tst_matchlearning.moc"
