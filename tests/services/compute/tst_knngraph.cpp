// The k-NN graph: the exact graph against brute force, the approximate one's recall against the
// exact one on clustered data, no row its own neighbour, determinism, cancellation, tiny inputs.
#include "compute/knngraph.h"
#include "support/testblobs.h"

#include <QTest>

#include <atomic>
#include <set>

using namespace compute;

class TestKnnGraph : public QObject
{
    Q_OBJECT

    static double recall(const KnnGraph &got, const KnnGraph &truth)
    {
        std::size_t hits = 0;
        for (std::size_t i = 0; i < truth.n; ++i) {
            const std::set<std::uint32_t> want(truth.neighbors(i), truth.neighbors(i) + truth.k);
            for (int j = 0; j < got.k; ++j)
                hits += want.count(got.neighbors(i)[j]);
        }
        return double(hits) / double(truth.n * std::size_t(truth.k));
    }

private Q_SLOTS:
    void exactGraphMatchesBruteForce()
    {
        const TestBlobs data = testBlobs(4, 60, 12, 3.0f, 2, true);
        const int k = 7;
        const KnnGraph g = exactKnnGraph(data.points, k);
        QCOMPARE(g.n, data.points.rows());
        for (std::size_t i = 0; i < g.n; ++i) {
            std::vector<std::pair<double, std::uint32_t>> all;
            for (std::size_t j = 0; j < g.n; ++j) {
                if (j == i)
                    continue;
                double s = 0;
                for (int d = 0; d < 12; ++d)
                    s += double(data.points.row(i)[d]) * data.points.row(j)[d];
                all.push_back({ 1.0 - s, std::uint32_t(j) });
            }
            std::sort(all.begin(), all.end());
            for (int j = 0; j < k; ++j) {
                QVERIFY(std::abs(g.distancesOf(i)[j] - all[j].first) < 1e-5);
                QVERIFY(g.neighbors(i)[j] != i);
            }
            QVERIFY(std::is_sorted(g.distancesOf(i), g.distancesOf(i) + k));
        }
    }

    void approximateGraphHasHighRecall()
    {
        // Above the exact threshold, so the partitioned path runs. Clustered data (as embeddings are):
        // high recall with the default probes.
        const TestBlobs data = testBlobs(20, 400, 48, 1.0f, 6, true);
        KnnGraphOptions options;
        options.k = 10;
        const KnnGraph approx = approximateKnnGraph(data.points, options);
        const KnnGraph exact = exactKnnGraph(data.points, 10);
        const double r = recall(approx, exact);
        qInfo("recall of the approximate graph: %.4f", r);
        QVERIFY(r >= 0.95);
        for (std::size_t i = 0; i < approx.n; ++i)
            for (int j = 0; j < approx.k; ++j)
                QVERIFY(approx.neighbors(i)[j] != i);
        const KnnGraph again = approximateKnnGraph(data.points, options);
        QVERIFY(again.indices == approx.indices);
    }

    void moreProbesNeverLoseRecall()
    {
        // Barely clustered data is the hard case for partitions; searching every partition is exact.
        const TestBlobs data = testBlobs(20, 400, 48, 4.0f, 6, true);
        const KnnGraph exact = exactKnnGraph(data.points, 10);
        KnnGraphOptions options;
        options.k = 10;
        double previous = 0;
        for (int probes : { 1, 4, 10, 20 }) {
            options.probes = probes;
            const double r = recall(approximateKnnGraph(data.points, options), exact);
            qInfo("probes %d: recall %.4f", probes, r);
            QVERIFY(r >= previous);
            previous = r;
        }
        QVERIFY(previous > 0.999);
    }

    void tinyInputs()
    {
        const TestBlobs data = testBlobs(1, 3, 4, 1.0f, 1, true);
        const KnnGraph g = exactKnnGraph(data.points, 5); // only 2 other rows exist
        QCOMPARE(g.indices.size(), std::size_t(15));
        for (std::size_t i = 0; i < 3; ++i) {
            const std::set<std::uint32_t> first(g.neighbors(i), g.neighbors(i) + 2);
            QCOMPARE(first.size(), std::size_t(2));
            QVERIFY(!first.count(std::uint32_t(i)));
        }
        QVERIFY(exactKnnGraph(EmbeddingMatrix(), 5).indices.empty());
    }

    void cancels()
    {
        const TestBlobs data = testBlobs(20, 400, 48, 4.0f, 6, true);
        std::atomic<bool> cancel { true };
        QVERIFY(approximateKnnGraph(data.points, {}, { &cancel, nullptr }).empty());
        QVERIFY(exactKnnGraph(data.points, 5, { &cancel, nullptr }).empty());
    }
};

QTEST_APPLESS_MAIN(TestKnnGraph)
#include "tst_knngraph.moc"
