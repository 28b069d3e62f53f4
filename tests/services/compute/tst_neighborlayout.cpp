// The neighbour-embedding layout: the a/b curve fit, the fuzzy simplicial set (smooth k-NN memberships
// and their fuzzy union), blob separation, determinism across runs and thread counts, cancellation and
// degenerate inputs. k-NN graphs are built exactly with searchBatch.
#include "compute/neighborlayout.h"
#include "compute/topk.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace compute;

namespace {

// Unit rows around `clusters` random centres; noise small enough that the blobs do not touch.
EmbeddingMatrix blobs(std::size_t n, int dims, int clusters, std::vector<int> *labels, unsigned seed = 11)
{
    std::mt19937 random(seed);
    std::normal_distribution<float> normal;
    std::vector<float> centres(std::size_t(clusters) * dims), packed(n * dims);
    for (float &c : centres)
        c = normal(random);
    for (std::size_t i = 0; i < n; ++i) {
        const int label = int(i % std::size_t(clusters));
        if (labels)
            labels->push_back(label);
        for (int d = 0; d < dims; ++d)
            packed[i * dims + d] = centres[std::size_t(label) * dims + d] + 0.25f * normal(random);
    }
    return EmbeddingMatrix::fromPacked(packed.data(), n, dims);
}

KnnGraph exactGraph(const EmbeddingMatrix &data, int k)
{
    KnnGraph graph;
    graph.n = data.rows();
    graph.k = k;
    const auto found = searchBatch(data, data, { k + 1 });
    for (std::size_t i = 0; i < graph.n; ++i) {
        int taken = 0;
        for (const Neighbor &nb : found[i]) {
            if (nb.index == i || taken == k)
                continue;
            graph.indices.push_back(nb.index);
            graph.distances.push_back(1.0f - nb.score);
            ++taken;
        }
        for (; taken < k; ++taken) { // fewer rows than k + 1: pad with slots the layout must skip
            graph.indices.push_back(std::numeric_limits<std::uint32_t>::max());
            graph.distances.push_back(std::numeric_limits<float>::infinity());
        }
    }
    return graph;
}

bool allFinite(const std::vector<float> &v)
{
    return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
}

double curveCost(double a, double b, double minDist, double spread)
{
    double sum = 0;
    for (int i = 0; i < 300; ++i) {
        const double x = 3.0 * spread * i / 299;
        const double y = x < minDist ? 1.0 : std::exp(-(x - minDist) / spread);
        const double r = 1.0 / (1.0 + a * std::pow(x, 2 * b)) - y;
        sum += r * r;
    }
    return sum;
}

// Share of each point's `k` nearest points in the layout that carry its label.
double labelAgreement(const std::vector<float> &layout, const std::vector<int> &labels, int k)
{
    const std::size_t n = labels.size();
    std::size_t agree = 0;
    std::vector<std::pair<float, std::size_t>> order(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const float dx = layout[2 * i] - layout[2 * j], dy = layout[2 * i + 1] - layout[2 * j + 1];
            order[j] = { j == i ? INFINITY : dx * dx + dy * dy, j };
        }
        std::partial_sort(order.begin(), order.begin() + k, order.end());
        for (int c = 0; c < k; ++c)
            agree += labels[order[c].second] == labels[i];
    }
    return double(agree) / double(n * k);
}

} // namespace

class TestNeighborLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void curveMatchesUmapLearn()
    {
        const CurveParameters curve = fitCurve(0.1f, 1.0f);
        QVERIFY2(std::abs(curve.a - 1.5769f) < 2e-3f, qPrintable(QString::number(curve.a)));
        QVERIFY2(std::abs(curve.b - 0.8951f) < 2e-3f, qPrintable(QString::number(curve.b)));
    }

    void curveIsLeastSquares_data()
    {
        QTest::addColumn<float>("minDist");
        QTest::addColumn<float>("spread");
        QTest::newRow("tight") << 0.001f << 1.0f;
        QTest::newRow("default") << 0.1f << 1.0f;
        QTest::newRow("loose") << 0.5f << 1.0f;
        QTest::newRow("wide spread") << 0.25f << 2.0f;
    }

    void curveIsLeastSquares()
    {
        QFETCH(float, minDist);
        QFETCH(float, spread);
        const CurveParameters c = fitCurve(minDist, spread);
        const double best = curveCost(c.a, c.b, minDist, spread);
        for (double da : { -0.01, 0.0, 0.01 }) {
            for (double db : { -0.01, 0.0, 0.01 })
                QVERIFY(curveCost(c.a * (1 + da), c.b * (1 + db), minDist, spread) >= best * (1 - 1e-5));
        }
    }

    void membershipsSumToLog2K()
    {
        const EmbeddingMatrix data = blobs(600, 32, 4, nullptr);
        const int k = 15;
        const KnnGraph graph = exactGraph(data, k);
        std::vector<LocalScale> scales;
        const FuzzyGraph directed = fuzzyMemberships(graph, 2, &scales);
        QCOMPARE(directed.n, graph.n);
        QCOMPARE(directed.edgeCount(), graph.n * k);
        for (std::size_t i = 0; i < directed.n; ++i) {
            double sum = 0;
            float nearest = 0;
            for (std::size_t e = directed.offsets[i]; e < directed.offsets[i + 1]; ++e) {
                QVERIFY(directed.weights[e] > 0 && directed.weights[e] <= 1);
                sum += directed.weights[e];
                nearest = std::max(nearest, directed.weights[e]);
            }
            QVERIFY2(std::abs(sum - std::log2(k)) < 1e-3, qPrintable(QString::number(sum)));
            QCOMPARE(nearest, 1.0f); // the nearest neighbour sits at rho
            QCOMPARE(scales[i].rho, graph.distancesOf(i)[0]);
            QVERIFY(scales[i].sigma > 0);
        }
    }

    void fuzzyUnionIsSymmetric()
    {
        // 0→1 (0.5) and 1→0 (0.4) meet; 1→2 (0.8) has no twin; 2→0 (0.3) neither.
        FuzzyGraph directed;
        directed.n = 3;
        directed.offsets = { 0, 1, 3, 4 };
        directed.columns = { 1, 0, 2, 0 };
        directed.weights = { 0.5f, 0.4f, 0.8f, 0.3f };
        const FuzzyGraph sym = fuzzyUnion(directed);
        QCOMPARE(sym.offsets, (std::vector<std::size_t> { 0, 2, 4, 6 }));
        QCOMPARE(sym.columns, (std::vector<std::uint32_t> { 1, 2, 0, 2, 0, 1 }));
        const float joint = 0.5f + 0.4f - 0.5f * 0.4f;
        QCOMPARE(sym.weights, (std::vector<float> { joint, 0.3f, joint, 0.8f, 0.3f, 0.8f }));

        // On a real graph: symmetric, sorted, no self loops, never weaker than either direction.
        const KnnGraph graph = exactGraph(blobs(400, 16, 3, nullptr), 10);
        const FuzzyGraph memberships = fuzzyMemberships(graph);
        const FuzzyGraph set = fuzzySimplicialSet(graph);
        const auto weight = [](const FuzzyGraph &g, std::size_t i, std::uint32_t j) {
            const auto begin = g.columns.begin() + std::ptrdiff_t(g.offsets[i]);
            const auto end = g.columns.begin() + std::ptrdiff_t(g.offsets[i + 1]);
            const auto it = std::lower_bound(begin, end, j);
            return it != end && *it == j ? g.weights[std::size_t(it - g.columns.begin())] : 0.0f;
        };
        for (std::size_t i = 0; i < set.n; ++i) {
            QVERIFY(std::is_sorted(set.columns.begin() + std::ptrdiff_t(set.offsets[i]),
                set.columns.begin() + std::ptrdiff_t(set.offsets[i + 1])));
            for (std::size_t e = set.offsets[i]; e < set.offsets[i + 1]; ++e) {
                const std::uint32_t j = set.columns[e];
                QVERIFY(j != i);
                QCOMPARE(weight(set, j, std::uint32_t(i)), set.weights[e]);
                const float a = weight(memberships, i, j), b = weight(memberships, j, std::uint32_t(i));
                QVERIFY(std::abs(set.weights[e] - (a + b - a * b)) < 1e-6f);
            }
        }
    }

    void blobsStayApart()
    {
        std::vector<int> labels;
        const EmbeddingMatrix data = blobs(2000, 64, 8, &labels);
        const KnnGraph graph = exactGraph(data, 15);
        const std::vector<float> layout = neighborLayout(graph, {}, LayoutOptions {});
        QCOMPARE(layout.size(), std::size_t(4000));
        QVERIFY(allFinite(layout));
        const double agreement = labelAgreement(layout, labels, 10);
        qInfo("2-D 10-NN label agreement on 8 blobs: %.4f", agreement);
        QVERIFY(agreement > 0.9);
    }

    void deterministicForSeed()
    {
        const KnnGraph graph = exactGraph(blobs(3000, 32, 6, nullptr), 15);
        const FuzzyGraph set = fuzzySimplicialSet(graph);
        LayoutOptions options;
        options.epochs = 60;
        std::vector<float> init(2 * set.n);
        for (std::size_t i = 0; i < init.size(); ++i)
            init[i] = float(std::sin(double(i)));
        options.threads = 1;
        const std::vector<float> one = neighborLayout(set, init, options);
        options.threads = 2;
        const std::vector<float> two = neighborLayout(set, init, options);
        const std::vector<float> twoAgain = neighborLayout(set, init, options);
        options.threads = 5;
        const std::vector<float> five = neighborLayout(set, init, options);
        QCOMPARE(one.size(), init.size());
        QVERIFY(std::memcmp(one.data(), two.data(), one.size() * sizeof(float)) == 0);
        QVERIFY(std::memcmp(two.data(), twoAgain.data(), one.size() * sizeof(float)) == 0);
        QVERIFY(std::memcmp(one.data(), five.data(), one.size() * sizeof(float)) == 0);
        options.seed = 43;
        QVERIFY(neighborLayout(set, init, options) != one);
    }

    void cancellationReturnsEmpty()
    {
        const KnnGraph graph = exactGraph(blobs(20000, 16, 8, nullptr), 10);
        const FuzzyGraph set = fuzzySimplicialSet(graph);
        std::atomic<bool> cancel { true };
        Control control { &cancel, {} };
        QVERIFY(neighborLayout(set, {}, LayoutOptions {}, control).empty());

        // Cancel at the first progress report: the call must return well before the ~200 epochs are done.
        cancel = false;
        int reports = 0;
        control.progress = [&](double) {
            ++reports;
            cancel = true;
        };
        QElapsedTimer timer;
        timer.start();
        QVERIFY(neighborLayout(set, {}, LayoutOptions {}, control).empty());
        QCOMPARE(reports, 1);
        QVERIFY(timer.elapsed() < 2000);
    }

    void progressRisesToOne()
    {
        const KnnGraph graph = exactGraph(blobs(500, 16, 4, nullptr), 10);
        std::vector<double> seen;
        Control control;
        control.progress = [&](double f) { seen.push_back(f); };
        LayoutOptions options;
        options.threads = 2;
        QVERIFY(!neighborLayout(graph, {}, options, control).empty());
        QVERIFY(!seen.empty());
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);
    }

    void degenerateInputs()
    {
        QVERIFY(neighborLayout(KnnGraph {}, {}, LayoutOptions {}).empty());

        // One point, and three points with k = 15 (rows padded with invalid slots).
        for (std::size_t n : { std::size_t(1), std::size_t(2), std::size_t(3) }) {
            const KnnGraph graph = exactGraph(blobs(n, 8, 1, nullptr), 15);
            const std::vector<float> layout = neighborLayout(graph, {}, LayoutOptions {});
            QCOMPARE(layout.size(), 2 * n);
            QVERIFY(allFinite(layout));
        }

        // 60 identical points among 140 others, and an init that is constant on one axis and has a NaN.
        std::vector<float> packed(200 * 8);
        std::mt19937 random(5);
        std::normal_distribution<float> normal;
        for (std::size_t i = 0; i < 200; ++i) {
            for (int d = 0; d < 8; ++d)
                packed[i * 8 + d] = i < 60 ? 1.0f + float(d) : normal(random);
        }
        const KnnGraph graph = exactGraph(EmbeddingMatrix::fromPacked(packed.data(), 200, 8), 15);
        std::vector<float> init(400, 3.0f);
        for (std::size_t i = 0; i < 200; ++i)
            init[2 * i] = float(i % 7);
        init[11] = NAN;
        const std::vector<float> layout = neighborLayout(graph, init, LayoutOptions {});
        QCOMPARE(layout.size(), std::size_t(400));
        QVERIFY(allFinite(layout));
        // The duplicates spread out instead of staying stacked on one spot.
        QVERIFY(layout[0] != layout[2] || layout[1] != layout[3]);
    }
};

QTEST_GUILESS_MAIN(TestNeighborLayout)
#include "tst_neighborlayout.moc"
