// HDBSCAN on 2-D maps: separated blobs of different densities with scattered outliers, the spanning
// tree against a brute-force Prim, determinism across thread counts, degenerate inputs, cancellation.
#include "compute/clustermetrics.h"
#include "compute/densityclustering.h"
#include "compute/densityclusteringhierarchy.h"
#include "compute/densityclusteringmst.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <random>

using compute::DensityClusteringOptions;
using compute::DensityClusteringResult;
using BlobList = std::vector<std::pair<int, float>>; // (points, spread) per blob

class TestDensityClustering : public QObject
{
    Q_OBJECT

    struct Scene
    {
        std::vector<float> points;
        std::vector<int> truth; // blob index, −1 for an outlier
    };

    // Gaussian blobs (size, spread, centre) within ±45 of the origin plus outliers spread uniformly
    // over a wide square around them; the blobs come first, the outliers last.
    static Scene scene(const BlobList &blobs, int outliers, unsigned seed)
    {
        std::mt19937 random(seed);
        std::normal_distribution<float> normal;
        std::uniform_real_distribution<float> wide(-150.0f, 150.0f);
        Scene s;
        const float centres[][2] = { { 0, 0 }, { 30, 5 }, { 10, 35 }, { -30, 20 }, { -20, -30 } };
        for (std::size_t b = 0; b < blobs.size(); ++b) {
            for (int i = 0; i < blobs[b].first; ++i) {
                s.points.push_back(centres[b][0] + blobs[b].second * normal(random));
                s.points.push_back(centres[b][1] + blobs[b].second * normal(random));
                s.truth.push_back(int(b));
            }
        }
        for (int i = 0; i < outliers;) {
            const float x = wide(random), y = wide(random);
            if (std::abs(x) < 55 && std::abs(y) < 55)
                continue; // keep clear of the blobs: an outlier in a blob's halo belongs to it
            s.points.push_back(x);
            s.points.push_back(y);
            s.truth.push_back(-1);
            ++i;
        }
        return s;
    }

    static void checkConsistent(const DensityClusteringResult &r, std::size_t n)
    {
        QCOMPARE(r.status, compute::Status::Ok);
        QCOMPARE(r.labels.size(), n);
        QCOMPARE(r.clusterSizes.size(), std::size_t(r.clusterCount));
        QCOMPARE(r.clusterStability.size(), std::size_t(r.clusterCount));
        std::vector<std::size_t> sizes(std::size_t(r.clusterCount), 0);
        std::size_t noise = 0;
        for (int l : r.labels) {
            QVERIFY(l >= -1 && l < r.clusterCount);
            l < 0 ? ++noise : ++sizes[std::size_t(l)];
        }
        QCOMPARE(noise, r.noiseCount);
        QCOMPARE(sizes, r.clusterSizes);
        QVERIFY(std::is_sorted(sizes.rbegin(), sizes.rend()));
    }

    // Σ of a minimum spanning tree's weights by Prim on the complete mutual reachability graph, O(n²).
    static double primWeight(const std::vector<float> &points, int minSamples)
    {
        const std::size_t n = points.size() / 2;
        const auto dist = [&](std::size_t a, std::size_t b) {
            const double dx = points[2 * a] - points[2 * b], dy = points[2 * a + 1] - points[2 * b + 1];
            return std::sqrt(dx * dx + dy * dy);
        };
        std::vector<double> core(n);
        for (std::size_t a = 0; a < n; ++a) {
            std::vector<double> d;
            for (std::size_t b = 0; b < n; ++b)
                d.push_back(dist(a, b)); // the point itself included, at distance 0
            std::nth_element(d.begin(), d.begin() + (minSamples - 1), d.end());
            core[a] = d[std::size_t(minSamples - 1)];
        }
        std::vector<double> best(n, INFINITY);
        std::vector<char> in(n, 0);
        double total = 0;
        std::size_t next = 0;
        for (std::size_t step = 0; step < n; ++step) {
            const std::size_t a = next;
            in[a] = 1;
            total += step ? best[a] : 0.0;
            double lowest = INFINITY;
            for (std::size_t b = 0; b < n; ++b) {
                if (in[b])
                    continue;
                best[b] = std::min(best[b], std::max({ core[a], core[b], dist(a, b) }));
                if (best[b] < lowest) {
                    lowest = best[b];
                    next = b;
                }
            }
        }
        return total;
    }

private Q_SLOTS:
    void findsBlobsOfDifferentDensity_data()
    {
        QTest::addColumn<BlobList>("blobs");
        QTest::addColumn<int>("outliers");
        QTest::newRow("three blobs, dense to sparse") << BlobList { { 400, 1.0f }, { 300, 2.5f }, { 200, 0.4f } } << 40;
        QTest::newRow("five blobs, unequal sizes")
            << BlobList { { 1500, 2.0f }, { 120, 0.6f }, { 800, 3.0f }, { 60, 0.3f }, { 400, 1.2f } } << 100;
        QTest::newRow("no outliers") << BlobList { { 250, 1.0f }, { 250, 1.0f } } << 0;
    }

    void findsBlobsOfDifferentDensity()
    {
        QFETCH(BlobList, blobs);
        QFETCH(int, outliers);
        const Scene s = scene(blobs, outliers, 1);
        const DensityClusteringResult r = compute::densityClustering(s.points);
        checkConsistent(r, s.truth.size());
        QCOMPARE(r.clusterCount, int(blobs.size()));
        // The blob points agree with the truth (a few fringe points may be noise)…
        std::vector<int> want, got;
        std::size_t blobNoise = 0, outlierNoise = 0;
        for (std::size_t i = 0; i < s.truth.size(); ++i) {
            if (s.truth[i] >= 0) {
                want.push_back(s.truth[i]);
                got.push_back(r.labels[i]);
                blobNoise += r.labels[i] < 0;
            } else {
                outlierNoise += r.labels[i] < 0;
            }
        }
        const double ari = compute::adjustedRandIndex(want, got);
        qInfo("ARI %.4f, blob points as noise %zu of %zu, outliers as noise %zu of %d", ari, blobNoise, want.size(),
            outlierNoise, outliers);
        QVERIFY(ari > 0.95);
        QVERIFY(blobNoise < want.size() / 20);
        // …and the scattered outliers are noise.
        QVERIFY(outlierNoise >= std::size_t(outliers) * 9 / 10);
    }

    void treeFindsNearestPoints_data()
    {
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("k");
        QTest::addColumn<bool>("grid"); // integer coordinates: many equal distances and duplicates
        QTest::newRow("random, k=1") << 500 << 1 << false;
        QTest::newRow("random, k=15") << 3000 << 15 << false;
        QTest::newRow("k above the points") << 10 << 20 << false;
        QTest::newRow("duplicates and ties") << 2000 << 8 << true;
    }

    void treeFindsNearestPoints()
    {
        QFETCH(int, points);
        QFETCH(int, k);
        QFETCH(bool, grid);
        std::mt19937 random(12);
        std::normal_distribution<float> normal;
        std::vector<float> xy;
        for (int i = 0; i < 2 * points; ++i)
            xy.push_back(grid ? float(random() % 12) : 5.0f * normal(random));
        const compute::PlaneTree tree(xy.data(), std::size_t(points));
        QCOMPARE(tree.size(), std::size_t(points));
        for (int q = 0; q < points; q += 7) {
            std::vector<float> want;
            for (int j = 0; j < points; ++j) {
                const float dx = xy[2 * j] - xy[2 * q], dy = xy[2 * j + 1] - xy[2 * q + 1];
                if (j != q)
                    want.push_back(dx * dx + dy * dy);
            }
            std::sort(want.begin(), want.end());
            want.resize(std::min<std::size_t>(want.size(), std::size_t(k)));
            std::vector<std::uint32_t> indices(static_cast<std::size_t>(k));
            std::vector<float> d2(static_cast<std::size_t>(k));
            const int found = tree.nearest(xy[2 * q], xy[2 * q + 1], k, std::uint32_t(q), indices.data(), d2.data());
            QCOMPARE(std::size_t(found), want.size());
            d2.resize(std::size_t(found));
            QCOMPARE(d2, want); // the distances are unique even where the choice among ties is not
            for (int m = 0; m < found; ++m) {
                QVERIFY(indices[std::size_t(m)] != std::uint32_t(q));
                const std::uint32_t j = indices[std::size_t(m)];
                const float dx = xy[2 * j] - xy[2 * q], dy = xy[2 * j + 1] - xy[2 * q + 1];
                QCOMPARE(dx * dx + dy * dy, d2[std::size_t(m)]);
            }
        }
    }

    void spanningTreeMatchesPrim_data()
    {
        QTest::addColumn<int>("seed");
        QTest::addColumn<int>("minSamples");
        QTest::newRow("blobs, minSamples 5") << 2 << 5;
        QTest::newRow("blobs, minSamples 10") << 3 << 10;
        QTest::newRow("blobs, minSamples 1 (single linkage)") << 4 << 1;
    }

    void spanningTreeMatchesPrim()
    {
        QFETCH(int, seed);
        QFETCH(int, minSamples);
        const Scene s = scene({ { 300, 1.0f }, { 200, 3.0f }, { 100, 0.5f } }, 60, unsigned(seed));
        const compute::PlaneTree tree(s.points.data(), s.truth.size());
        const int k = std::max(minSamples, 10);
        const auto hood = compute::density::neighbourhood(tree, minSamples, k, 0, {});
        const auto edges = compute::density::spanningTree(tree, hood, 0, {});
        QCOMPARE(edges.size(), s.truth.size() - 1);
        double total = 0;
        for (const auto &e : edges)
            total += e.weight;
        const double want = primWeight(s.points, minSamples);
        QVERIFY2(std::abs(total - want) < 1e-4 * want, qPrintable(QStringLiteral("%1 vs %2").arg(total).arg(want)));
    }

    void excessOfMassSelection_data()
    {
        // A hand-made spanning tree: groups A1 = {0, 1, 2}, A2 = {3, 4, 5} and B = {6, 7, 8}, each joined
        // internally at distance 1; A1–A2 at `bridge`, A–B at 10, and point 9 hangs off B at 20.
        // minClusterSize 3. A is born at λ = 1/10; its halves at λ = 1/bridge, and all die at λ = 1.
        QTest::addColumn<float>("bridge");
        QTest::addColumn<std::vector<int>>("labels");
        QTest::addColumn<std::vector<double>>("stability");
        // Close halves: stability(A) = 6 (1/1.2 − 1/10) = 4.4 beats the halves' 2 · 3 (1 − 1/1.2) = 1.
        QTest::newRow("halves close: A is one cluster") << 1.2f << std::vector<int> { 0, 0, 0, 0, 0, 0, 1, 1, 1, -1 }
                                                        << std::vector<double> { 6 * (1 / 1.2 - 0.1), 2.7 };
        // Far halves: stability(A) = 6 (1/5 − 1/10) = 0.6 loses to 2 · 3 (1 − 1/5) = 4.8.
        QTest::newRow("halves far: A splits")
            << 5.0f << std::vector<int> { 1, 1, 1, 2, 2, 2, 0, 0, 0, -1 } << std::vector<double> { 2.7, 2.4, 2.4 };
    }

    void excessOfMassSelection()
    {
        QFETCH(float, bridge);
        QFETCH(std::vector<int>, labels);
        QFETCH(std::vector<double>, stability);
        std::vector<compute::density::Edge> edges { { 1, 0, 1 }, { 1, 1, 2 }, { 1, 3, 4 }, { 1, 4, 5 }, { 1, 6, 7 },
            { 1, 7, 8 }, { bridge, 2, 3 }, { 10, 5, 6 }, { 20, 8, 9 } };
        std::stable_sort(edges.begin(), edges.end(), [](const auto &a, const auto &b) { return a.weight < b.weight; });
        const compute::density::Selection got = compute::density::selectClusters(10, edges, 3, 1e-6f);
        QCOMPARE(got.labels, labels);
        QCOMPARE(got.stability.size(), stability.size());
        for (std::size_t c = 0; c < stability.size(); ++c)
            QVERIFY(std::abs(got.stability[c] - stability[c]) < 1e-5);
    }

    void isDeterministicOnAnyThreadCount()
    {
        const Scene s = scene({ { 3000, 1.0f }, { 2000, 2.0f }, { 1000, 0.5f } }, 300, 5);
        DensityClusteringOptions one, two;
        one.threads = 1;
        two.threads = 2;
        const DensityClusteringResult a = compute::densityClustering(s.points, one);
        const DensityClusteringResult b = compute::densityClustering(s.points, two);
        const DensityClusteringResult c = compute::densityClustering(s.points, two);
        QCOMPARE(a.labels, b.labels);
        QCOMPARE(b.labels, c.labels);
        QCOMPARE(a.clusterStability, b.clusterStability);
    }

    void optionsChangeTheOutcome()
    {
        const Scene s = scene({ { 400, 1.0f }, { 300, 2.5f }, { 30, 0.3f } }, 40, 6);
        DensityClusteringOptions small;
        small.minClusterSize = 20;
        QCOMPARE(compute::densityClustering(s.points, small).clusterCount, 3);
        DensityClusteringOptions large;
        large.minClusterSize = 50; // the 30-point blob is too small to count
        const DensityClusteringResult r = compute::densityClustering(s.points, large);
        QCOMPARE(r.clusterCount, 2);
        for (std::size_t i = 700; i < 730; ++i)
            QCOMPARE(r.labels[i], -1);
    }

    void degenerateInputs_data()
    {
        QTest::addColumn<std::vector<float>>("points");
        QTest::addColumn<int>("clusters");
        QTest::addColumn<int>("noise");
        QTest::newRow("empty") << std::vector<float>() << 0 << 0;
        QTest::newRow("one point") << std::vector<float> { 1, 2 } << 0 << 1;
        QTest::newRow("two points") << std::vector<float> { 1, 2, 3, 4 } << 0 << 2;
        QTest::newRow("fewer points than minSamples") << std::vector<float> { 0, 0, 1, 0, 0, 1, 5, 5 } << 0 << 4;
        QTest::newRow("a few duplicates") << std::vector<float>(2 * 6, 3.0f) << 0 << 6;
        QTest::newRow("many duplicates") << std::vector<float>(2 * 500, -1.5f) << 1 << 0;
        std::vector<float> line;
        for (int i = 0; i < 300; ++i) {
            line.push_back(float(i));
            line.push_back(0.0f);
        }
        // One uniform group only thins out towards its ends; HDBSCAN never picks the root, so: all noise.
        QTest::newRow("evenly spaced on a line") << line << 0 << 300;
        std::vector<float> pairs;
        for (int i = 0; i < 400; ++i) {
            pairs.push_back(i < 200 ? 0.0f : 100.0f);
            pairs.push_back(i < 200 ? 0.0f : 100.0f);
        }
        QTest::newRow("two duplicate stacks") << pairs << 2 << 0;
    }

    void degenerateInputs()
    {
        QFETCH(std::vector<float>, points);
        QFETCH(int, clusters);
        QFETCH(int, noise);
        const DensityClusteringResult r = compute::densityClustering(points);
        checkConsistent(r, points.size() / 2);
        QCOMPARE(r.clusterCount, clusters);
        QCOMPARE(r.noiseCount, std::size_t(noise));
    }

    void rejectsBadInput()
    {
        QCOMPARE(compute::densityClustering(std::vector<float> { 1, 2, 3 }).status, compute::Status::InvalidArgument);
        QCOMPARE(
            compute::densityClustering(std::vector<float> { 1, 2, NAN, 4 }).status, compute::Status::NonFiniteInput);
        DensityClusteringOptions bad;
        bad.minSamples = 0;
        QCOMPARE(compute::densityClustering(std::vector<float> { 1, 2 }, bad).status, compute::Status::InvalidArgument);
    }

    void cancelStopsEarly()
    {
        const Scene s = scene({ { 20000, 1.0f }, { 20000, 2.0f } }, 100, 7);
        std::atomic<bool> cancel { true };
        const DensityClusteringResult r = compute::densityClustering(s.points, {}, { &cancel, {} });
        QCOMPARE(r.status, compute::Status::Cancelled);
        QVERIFY(r.labels.empty());
    }

    void reportsProgress()
    {
        const Scene s = scene({ { 20000, 1.0f }, { 20000, 2.0f } }, 100, 8);
        std::mutex lock;
        std::vector<double> seen;
        const compute::Control control { nullptr, [&](double f) {
                                            std::lock_guard guard(lock);
                                            seen.push_back(f);
                                        } };
        QCOMPARE(compute::densityClustering(s.points, {}, control).clusterCount, 2);
        QVERIFY(seen.size() >= 3);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);
    }
};

QTEST_APPLESS_MAIN(TestDensityClustering)
#include "tst_densityclustering.moc"
