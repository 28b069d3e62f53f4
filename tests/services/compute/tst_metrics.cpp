// Quality metrics against brute-force references in double precision and against values that
// sklearn 1.2.1 (Debian python3-sklearn) printed for the same fixed inputs: inertia, silhouette,
// ARI/NMI, trustworthiness and k-NN recall, exact and sampled, plus cancellation.
#include "compute/clustermetrics.h"
#include "compute/layoutmetrics.h"
#include "compute/metricsscan.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <numeric>
#include <random>

using compute::EmbeddingMatrix;

class TestMetrics : public QObject
{
    Q_OBJECT

    // Gaussian blobs around `clusters` random centres (unit rows), with a 2-D layout that places each
    // blob around its own spot: a plausible map, neither perfect nor random.
    struct Blobs
    {
        EmbeddingMatrix data;
        std::vector<int> labels;
        std::vector<float> layout;
    };

    static Blobs blobs(std::size_t n, int dims, int clusters, unsigned seed, float spread = 0.6f)
    {
        std::mt19937 random(seed);
        std::normal_distribution<float> normal;
        std::vector<float> centres(std::size_t(clusters) * std::size_t(dims)), spots(2 * std::size_t(clusters));
        for (float &c : centres)
            c = normal(random);
        for (float &s : spots)
            s = 10.0f * normal(random);
        Blobs b;
        std::vector<float> packed(n * std::size_t(dims));
        for (std::size_t i = 0; i < n; ++i) {
            const int c = int(random() % unsigned(clusters));
            b.labels.push_back(c);
            for (int d = 0; d < dims; ++d)
                packed[i * std::size_t(dims) + std::size_t(d)]
                    = centres[std::size_t(c * dims + d)] + spread * normal(random);
            // The layout keeps the first two noise directions, so it is partly faithful within a blob.
            const float *row = packed.data() + i * std::size_t(dims);
            b.layout.push_back(
                spots[2 * std::size_t(c)] + row[0] - centres[std::size_t(c * dims)] + 0.3f * normal(random));
            b.layout.push_back(
                spots[2 * std::size_t(c) + 1] + row[1] - centres[std::size_t(c * dims + 1)] + 0.3f * normal(random));
        }
        b.data = EmbeddingMatrix::fromPacked(packed.data(), n, dims);
        return b;
    }

    static double dot(const EmbeddingMatrix &x, std::size_t a, std::size_t b)
    {
        double s = 0;
        for (int d = 0; d < x.dims(); ++d)
            s += double(x.row(a)[d]) * x.row(b)[d];
        return s;
    }

    // s(i) by the definition for the given rows, O(rows · n); noise rows are skipped.
    static double naiveSilhouette(
        const EmbeddingMatrix &x, const std::vector<int> &labels, const std::vector<std::uint32_t> &rows)
    {
        const std::size_t n = x.rows();
        const int clusters = *std::max_element(labels.begin(), labels.end()) + 1;
        std::vector<double> norms(n);
        for (std::size_t j = 0; j < n; ++j)
            norms[j] = dot(x, j, j);
        double total = 0;
        for (std::size_t i : rows) {
            std::vector<double> sum(std::size_t(clusters), 0.0), count(std::size_t(clusters), 0.0);
            for (std::size_t j = 0; j < n; ++j) {
                if (j == i || labels[j] < 0)
                    continue;
                sum[std::size_t(labels[j])] += std::sqrt(std::max(0.0, norms[i] + norms[j] - 2 * dot(x, i, j)));
                count[std::size_t(labels[j])] += 1;
            }
            const std::size_t own = std::size_t(labels[i]);
            if (count[own] == 0)
                continue; // a singleton scores 0
            const double a = sum[own] / count[own];
            double b = INFINITY;
            for (std::size_t c = 0; c < sum.size(); ++c) {
                if (c != own && count[c] > 0)
                    b = std::min(b, sum[c] / count[c]);
            }
            total += (b - a) / std::max(a, b);
        }
        return total / double(rows.size());
    }

    // Σ_{j ∈ U_i} (r(i, j) − k) for one row, by sorting all similarities.
    static double naivePenalty(const EmbeddingMatrix &x, const std::vector<float> &layout, int k, std::size_t i)
    {
        const std::size_t n = x.rows();
        std::vector<std::pair<double, std::size_t>> mapOrder;
        for (std::size_t j = 0; j < n; ++j) {
            if (j == i)
                continue;
            const double dx = layout[2 * j] - layout[2 * i], dy = layout[2 * j + 1] - layout[2 * i + 1];
            mapOrder.push_back({ dx * dx + dy * dy, j });
        }
        std::sort(mapOrder.begin(), mapOrder.end());
        std::vector<double> similarity(n);
        for (std::size_t o = 0; o < n; ++o)
            similarity[o] = dot(x, i, o);
        double penalty = 0;
        for (int m = 0; m < k; ++m) {
            const std::size_t j = mapOrder[std::size_t(m)].second;
            int rank = 1;
            for (std::size_t o = 0; o < n; ++o) {
                if (o != i && o != j && similarity[o] > similarity[j])
                    ++rank;
            }
            penalty += std::max(0, rank - k);
        }
        return penalty;
    }

    static double naiveTrustworthiness(
        const EmbeddingMatrix &x, const std::vector<float> &layout, int k, const std::vector<std::uint32_t> &rows)
    {
        double sum = 0;
        for (std::uint32_t i : rows)
            sum += naivePenalty(x, layout, k, i);
        const double n = double(x.rows());
        return 1.0 - 2.0 / (n * k * (2 * n - 3.0 * k - 1)) * n * sum / double(rows.size());
    }

    static std::vector<float> shuffled(std::vector<float> layout, unsigned seed)
    {
        std::vector<std::size_t> perm(layout.size() / 2);
        std::iota(perm.begin(), perm.end(), 0);
        std::shuffle(perm.begin(), perm.end(), std::mt19937(seed));
        std::vector<float> out(layout.size());
        for (std::size_t i = 0; i < perm.size(); ++i) {
            out[2 * i] = layout[2 * perm[i]];
            out[2 * i + 1] = layout[2 * perm[i] + 1];
        }
        return out;
    }

    // Points on the unit circle: as data (cosine) and as a layout (Euclidean) they rank alike.
    static std::pair<EmbeddingMatrix, std::vector<float>> circle(std::size_t n)
    {
        std::vector<float> xy;
        std::mt19937 random(11);
        std::uniform_real_distribution<float> angle(0.0f, 6.2831853f);
        for (std::size_t i = 0; i < n; ++i) {
            const float a = angle(random);
            xy.push_back(std::cos(a));
            xy.push_back(std::sin(a));
        }
        return { EmbeddingMatrix::fromPacked(xy.data(), n, 2), xy };
    }

private Q_SLOTS:
    void inertiaSumsSquaredDistances()
    {
        EmbeddingMatrix x(4, 2); // raw rows, not normalised
        const float rows[4][2] = { { 0, 0 }, { 2, 0 }, { 10, 10 }, { 7, 7 } };
        for (std::size_t i = 0; i < 4; ++i)
            std::copy_n(rows[i], 2, x.row(i));
        const std::vector<float> centroids { 1, 0, 10, 11 };
        // (1 + 1) + (0 + 1); the last row is noise.
        QCOMPARE(compute::inertia(x, std::vector<int> { 0, 0, 1, -1 }, centroids), 3.0);
        QVERIFY(std::isnan(compute::inertia(x, std::vector<int> { 0, 0, 2, 1 }, centroids)));
        QVERIFY(std::isnan(compute::inertia(x, std::vector<int> { 0, 0 }, centroids)));
    }

    void silhouetteMatchesNaive_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("clusters");
        QTest::addColumn<int>("noiseEvery"); // every n-th row labelled −1; 0: none
        QTest::addColumn<int>("sample");
        QTest::newRow("exact, small") << 60 << 5 << 3 << 0 << 0;
        QTest::newRow("exact, noise and a singleton") << 80 << 16 << 4 << 7 << 1000;
        QTest::newRow("sampled, several blocks") << 5000 << 24 << 5 << 0 << 150;
        QTest::newRow("sampled, 1536-d") << 1200 << 1536 << 6 << 9 << 100;
    }

    void silhouetteMatchesNaive()
    {
        QFETCH(int, rows);
        QFETCH(int, dims);
        QFETCH(int, clusters);
        QFETCH(int, noiseEvery);
        QFETCH(int, sample);
        Blobs b = blobs(std::size_t(rows), dims, clusters, 3);
        for (std::size_t i = 0; noiseEvery && i < b.labels.size(); i += std::size_t(noiseEvery))
            b.labels[i] = -1;
        if (noiseEvery)
            b.labels[1] = clusters; // a cluster of one row scores 0
        std::vector<std::uint8_t> keep(b.labels.size());
        for (std::size_t i = 0; i < keep.size(); ++i)
            keep[i] = b.labels[i] >= 0;
        const auto sampled = compute::metrics::sampleRows(keep.size(), std::size_t(sample), 5, &keep);
        QCOMPARE(sampled.size(),
            sample && std::size_t(sample) < keep.size() ? std::size_t(sample)
                                                        : std::size_t(std::count(keep.begin(), keep.end(), 1)));
        const double want = naiveSilhouette(b.data, b.labels, sampled);
        const double got = compute::silhouette(b.data, b.labels, { std::size_t(sample), 5, 0 });
        QVERIFY2(std::abs(got - want) < 1e-4, qPrintable(QStringLiteral("%1 vs %2").arg(got).arg(want)));
    }

    void silhouetteMatchesSklearn_data()
    {
        QTest::addColumn<std::vector<int>>("labels");
        QTest::addColumn<double>("expected");
        // sklearn.metrics.silhouette_score(X, labels, metric='euclidean') on the 12 × 3 rows built below.
        QTest::newRow("separated") << std::vector<int> { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2 } << 0.49890071954516024;
        QTest::newRow("mixed") << std::vector<int> { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2 } << -0.16106289703473434;
    }

    void silhouetteMatchesSklearn()
    {
        QFETCH(std::vector<int>, labels);
        QFETCH(double, expected);
        EmbeddingMatrix x(12, 3);
        for (std::size_t i = 0; i < 12; ++i) {
            for (int j = 0; j < 3; ++j)
                x.row(i)[j] = float(std::sin(0.9 * double(i) + 1.7 * j) + 2.0 * double(i % 3));
        }
        QVERIFY(std::abs(compute::silhouette(x, labels, { 0, 1, 0 }) - expected) < 1e-5);
    }

    void silhouetteNeedsTwoClusters()
    {
        const Blobs b = blobs(50, 4, 2, 4);
        QVERIFY(std::isnan(compute::silhouette(b.data, std::vector<int>(50, 0))));
        QVERIFY(std::isnan(compute::silhouette(b.data, std::vector<int>(50, -1))));
        QVERIFY(std::isnan(compute::silhouette(b.data, std::vector<int>(49, 0))));
    }

    void agreementScores_data()
    {
        QTest::addColumn<std::vector<int>>("a");
        QTest::addColumn<std::vector<int>>("b");
        QTest::addColumn<double>("ari");
        QTest::addColumn<double>("nmi");
        const std::vector<int> base { 0, 0, 0, 1, 1, 1, 2, 2, 2, 2 };
        QTest::newRow("identical") << base << base << 1.0 << 1.0;
        QTest::newRow("renamed labels") << base << std::vector<int> { 7, 7, 7, -1, -1, -1, 3, 3, 3, 3 } << 1.0 << 1.0;
        // sklearn adjusted_rand_score / normalized_mutual_info_score on the same lists.
        QTest::newRow("sklearn 1") << base << std::vector<int> { 0, 0, 1, 1, 1, 2, 2, 2, 0, 0 } << 0.09090909090909091
                                   << 0.3946483716358942;
        QTest::newRow("sklearn 2, noise as a class")
            << std::vector<int> { -1, -1, 3, 3, 3, 7, 7, 7, 7, -1, 5, 5 }
            << std::vector<int> { 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 1 } << 0.03802281368821293 << 0.35315749789279766;
        QTest::newRow("one cluster each") << std::vector<int>(6, 4) << std::vector<int>(6, 9) << 1.0 << 1.0;
        QTest::newRow("all apart each") << std::vector<int> { 0, 1, 2, 3 } << std::vector<int> { 3, 2, 1, 0 } << 1.0
                                        << 1.0;
        // Splitting one cluster carries no information about it: both scores are 0.
        QTest::newRow("one cluster vs split")
            << std::vector<int>(6, 0) << std::vector<int> { 0, 0, 0, 1, 1, 1 } << 0.0 << 0.0;
        QTest::newRow("empty") << std::vector<int>() << std::vector<int>() << 1.0 << 1.0;
    }

    void agreementScores()
    {
        QFETCH(std::vector<int>, a);
        QFETCH(std::vector<int>, b);
        QFETCH(double, ari);
        QFETCH(double, nmi);
        QVERIFY(std::abs(compute::adjustedRandIndex(a, b) - ari) < 1e-12);
        QVERIFY(std::abs(compute::normalizedMutualInformation(a, b) - nmi) < 1e-12);
        // Both are symmetric.
        QVERIFY(std::abs(compute::adjustedRandIndex(b, a) - ari) < 1e-12);
        QVERIFY(std::abs(compute::normalizedMutualInformation(b, a) - nmi) < 1e-12);
    }

    void agreementNeedsEqualSizes()
    {
        QVERIFY(std::isnan(compute::adjustedRandIndex(std::vector<int> { 0, 1 }, std::vector<int> { 0 })));
        QVERIFY(std::isnan(compute::normalizedMutualInformation(std::vector<int> { 0, 1 }, std::vector<int> { 0 })));
    }

    void identityLayoutIsPerfect()
    {
        // Few enough points that float similarities cannot swap two neighbours' order.
        const auto [data, layout] = circle(200);
        for (int k : { 1, 5, 20, 60 }) {
            QCOMPARE(compute::trustworthiness(data, layout, k, { 0, 1, 0 }), 1.0);
            QCOMPARE(compute::layoutKnnRecall(data, layout, k, { 0, 1, 0 }), 1.0);
        }
    }

    void trustworthinessMatchesNaive_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("sample");
        QTest::newRow("exact, k=1") << 90 << 8 << 1 << 0;
        QTest::newRow("exact, k=7") << 300 << 16 << 7 << 0;
        QTest::newRow("exact, largest k") << 40 << 6 << 26 << 0; // 3k < 2n − 1
        QTest::newRow("sampled, several blocks") << 9000 << 32 << 10 << 60;
        QTest::newRow("sampled, 1536-d") << 2000 << 1536 << 15 << 40;
    }

    void trustworthinessMatchesNaive()
    {
        QFETCH(int, rows);
        QFETCH(int, dims);
        QFETCH(int, k);
        QFETCH(int, sample);
        const Blobs b = blobs(std::size_t(rows), dims, 5, 6);
        const auto sampled = compute::metrics::sampleRows(std::size_t(rows), std::size_t(sample), 9);
        const double want = naiveTrustworthiness(b.data, b.layout, k, sampled);
        const double got = compute::trustworthiness(b.data, b.layout, k, { std::size_t(sample), 9, 0 });
        // The kernel and the naive loop sum 1,536 products in different orders; a build without vectorisation
        // (the sanitizers') can rank one near-tie of the data the other way, which moves the value by exactly
        // one rank step. Anything beyond that is a wrong rank.
        const double n = double(rows);
        const double oneRank = 2.0 / (n * k * (2 * n - 3.0 * k - 1)) * n / double(sample);
        QVERIFY2(std::abs(got - want) <= oneRank + 1e-9,
            qPrintable(QStringLiteral("%1 vs %2 (one rank: %3)").arg(got, 0, 'g', 12).arg(want, 0, 'g', 12).arg(oneRank)));
    }

    void trustworthinessMatchesSklearn_data()
    {
        QTest::addColumn<int>("k");
        QTest::addColumn<double>("expected");
        // sklearn.manifold.trustworthiness(X, Y, n_neighbors=k, metric='cosine') on the inputs below.
        QTest::newRow("k=1") << 1 << 0.46513157894736845;
        QTest::newRow("k=5") << 5 << 0.48734374999999996;
        QTest::newRow("k=10") << 10 << 0.5240816326530612;
    }

    void trustworthinessMatchesSklearn()
    {
        QFETCH(int, k);
        QFETCH(double, expected);
        const std::size_t n = 40;
        std::vector<float> packed, layout;
        for (std::size_t i = 0; i < n; ++i) {
            const double di = double(i);
            for (int j = 0; j < 6; ++j)
                packed.push_back(float(std::sin(1.3 * di + 0.7 * j * j + 0.1 * di * j)));
            layout.push_back(float(std::cos(0.37 * di)));
            layout.push_back(float(std::sin(0.53 * di) * di / 40.0));
        }
        const EmbeddingMatrix data = EmbeddingMatrix::fromPacked(packed.data(), n, 6);
        QVERIFY(std::abs(compute::trustworthiness(data, layout, k, { 0, 1, 0 }) - expected) < 1e-12);
    }

    void sampledTrustworthinessEstimatesExact()
    {
        const Blobs b = blobs(4000, 32, 8, 7, 0.9f);
        const double exact = compute::trustworthiness(b.data, b.layout, 10, { 0, 1, 0 });
        const double sampled = compute::trustworthiness(b.data, b.layout, 10, { 400, 1, 0 });
        qInfo("trustworthiness exact %.4f, sampled (400) %.4f", exact, sampled);
        QVERIFY(exact > 0.7 && exact < 0.99);
        QVERIFY(std::abs(sampled - exact) < 0.02);
        const double shuffledScore = compute::trustworthiness(b.data, shuffled(b.layout, 3), 10, { 400, 1, 0 });
        QVERIFY2(shuffledScore < 0.6, qPrintable(QString::number(shuffledScore)));
    }

    void trustworthinessRejectsBadInput()
    {
        const Blobs b = blobs(40, 4, 2, 8);
        QVERIFY(std::isnan(compute::trustworthiness(b.data, b.layout, 0)));
        QVERIFY(std::isnan(compute::trustworthiness(b.data, b.layout, 27))); // 3k ≥ 2n − 1
        QVERIFY(std::isnan(compute::trustworthiness(b.data, std::vector<float>(10), 5)));
    }

    void layoutRecallMatchesNaive()
    {
        const Blobs b = blobs(1500, 20, 4, 9);
        const int k = 8;
        const auto sampled = compute::metrics::sampleRows(1500, 200, 2);
        double want = 0;
        for (std::uint32_t i : sampled) {
            std::vector<std::pair<double, std::size_t>> byData, byMap;
            for (std::size_t j = 0; j < 1500; ++j) {
                if (j == i)
                    continue;
                const double dx = b.layout[2 * j] - b.layout[2 * i], dy = b.layout[2 * j + 1] - b.layout[2 * i + 1];
                byData.push_back({ -dot(b.data, i, j), j });
                byMap.push_back({ dx * dx + dy * dy, j });
            }
            std::sort(byData.begin(), byData.end());
            std::sort(byMap.begin(), byMap.end());
            int common = 0;
            for (int m = 0; m < k; ++m) {
                for (int o = 0; o < k; ++o)
                    common += byData[std::size_t(m)].second == byMap[std::size_t(o)].second;
            }
            want += double(common) / k;
        }
        want /= double(sampled.size());
        const double got = compute::layoutKnnRecall(b.data, b.layout, k, { 200, 2, 0 });
        QVERIFY2(std::abs(got - want) < 1e-9, qPrintable(QStringLiteral("%1 vs %2").arg(got).arg(want)));
        QVERIFY(got > 0.01);
        QVERIFY(compute::layoutKnnRecall(b.data, shuffled(b.layout, 4), k, { 200, 2, 0 }) < 0.05);
    }

    void graphRecallCountsFoundNeighbours()
    {
        const auto [data, layout] = circle(500);
        const int k = 6;
        // On the circle the true neighbours are the nearest points on the layout.
        compute::KnnGraph graph { 500, k, std::vector<std::uint32_t>(500 * k), std::vector<float>(500 * k) };
        std::vector<std::vector<std::pair<double, std::uint32_t>>> orders(500);
        for (std::size_t i = 0; i < 500; ++i) {
            for (std::size_t j = 0; j < 500; ++j) {
                if (j != i)
                    orders[i].push_back({ -dot(data, i, j), std::uint32_t(j) });
            }
            std::sort(orders[i].begin(), orders[i].end());
            for (int m = 0; m < k; ++m)
                graph.indices[i * k + std::size_t(m)] = orders[i][std::size_t(m)].second;
        }
        QCOMPARE(compute::graphKnnRecall(data, graph, { 0, 1, 0 }), 1.0);
        // Half of every list replaced by the farthest rows: recall 1/2 exactly.
        for (std::size_t i = 0; i < 500; ++i) {
            for (int m = k / 2; m < k; ++m)
                graph.indices[i * k + std::size_t(m)] = orders[i][std::size_t(498 - m)].second;
        }
        QCOMPARE(compute::graphKnnRecall(data, graph, { 0, 1, 0 }), 0.5);
        graph.k = 7; // lists no longer fit the graph
        QVERIFY(std::isnan(compute::graphKnnRecall(data, graph)));
    }

    void cancelledMetricsAreNaN()
    {
        const Blobs b = blobs(3000, 16, 3, 10);
        std::atomic<bool> cancel { true };
        const compute::Control control { &cancel, {} };
        QVERIFY(std::isnan(compute::silhouette(b.data, b.labels, {}, control)));
        QVERIFY(std::isnan(compute::trustworthiness(b.data, b.layout, 10, {}, control)));
        QVERIFY(std::isnan(compute::layoutKnnRecall(b.data, b.layout, 10, {}, control)));
    }

    void progressIsReported()
    {
        const Blobs b = blobs(9000, 16, 3, 12);
        std::vector<double> seen;
        std::mutex lock;
        const compute::Control control { nullptr, [&](double f) {
                                            std::lock_guard guard(lock);
                                            seen.push_back(f);
                                        } };
        QVERIFY(!std::isnan(compute::trustworthiness(b.data, b.layout, 10, { 300, 1, 0 }, control)));
        QVERIFY(seen.size() >= 2);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);
    }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
