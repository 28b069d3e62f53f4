// k-means against brute force: every returned label is the nearest centroid, the reported inertia is
// the true one, Lloyd never gets worse with more iterations, blobs are recovered, the same seed gives
// the same bytes on any thread count, and degenerate input (duplicates, k > distinct points, one
// point, NaN rows, empty clusters) behaves; seeding from a sample in place gives the centres a gathered
// copy of it would.
#include "compute/kmeans.h"
#include "compute/kmeansseed.h"
#include "compute/sampling.h"
#include "support/testblobs.h"

#include <QTest>

#include <atomic>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

using namespace compute;

class TestKMeans : public QObject
{
    Q_OBJECT

    static double squaredDistance(const float *a, const float *b, int dims)
    {
        double s = 0;
        for (int d = 0; d < dims; ++d)
            s += (double(a[d]) - b[d]) * (double(a[d]) - b[d]);
        return s;
    }

    // Labels are optimal for the centroids and the inertia is their true cost.
    static void verifyAssignment(const EmbeddingMatrix &x, const KMeansResult &r)
    {
        QCOMPARE(r.labels.size(), x.rows());
        double inertia = 0;
        for (std::size_t i = 0; i < x.rows(); ++i) {
            double best = 1e300;
            for (int c = 0; c < r.k; ++c)
                best = std::min(best, squaredDistance(x.row(i), r.centroids.data() + std::size_t(c) * r.dims, r.dims));
            const double mine
                = squaredDistance(x.row(i), r.centroids.data() + std::size_t(r.labels[i]) * r.dims, r.dims);
            QVERIFY2(mine <= best + 1e-3 * (1.0 + best),
                qPrintable(QStringLiteral("row %1 is not with its nearest centroid").arg(i)));
            inertia += mine;
        }
        QVERIFY(std::abs(inertia - r.inertia) <= 1e-4 * (1.0 + inertia));
    }

    // Every cluster holds one blob and every blob one cluster.
    static bool recovers(const KMeansResult &r, const std::vector<int> &truth)
    {
        std::map<int, std::set<int>> blobsOfCluster, clustersOfBlob;
        for (std::size_t i = 0; i < truth.size(); ++i) {
            blobsOfCluster[r.labels[i]].insert(truth[i]);
            clustersOfBlob[truth[i]].insert(r.labels[i]);
        }
        for (const auto &[c, blobs] : blobsOfCluster)
            if (blobs.size() != 1)
                return false;
        for (const auto &[b, clusters] : clustersOfBlob)
            if (clusters.size() != 1)
                return false;
        return true;
    }

private Q_SLOTS:
    void assignmentIsOptimalAfterEveryIteration()
    {
        const TestBlobs data = testBlobs(6, 60, 24, 4.0f, 3);
        double previous = 1e300;
        for (int iterations = 1; iterations <= 6; ++iterations) {
            KMeansOptions options;
            options.k = 6;
            options.maxIterations = iterations;
            options.tolerance = 0;
            const KMeansResult r = kmeans(data.points, options);
            QCOMPARE(r.status, Status::Ok);
            QCOMPARE(r.iterations, iterations);
            verifyAssignment(data.points, r);
            QVERIFY2(r.inertia <= previous * (1 + 1e-6), "Lloyd's inertia went up with one more iteration");
            previous = r.inertia;
        }
    }

    void recoversSeparatedBlobs_data()
    {
        QTest::addColumn<int>("blobs");
        QTest::addColumn<int>("dims");
        QTest::addColumn<bool>("unit");
        QTest::newRow("8 blobs, 16-D") << 8 << 16 << false;
        QTest::newRow("12 blobs, 1536-D, unit rows") << 12 << 1536 << true;
        QTest::newRow("5 blobs, 3-D") << 5 << 3 << false;
    }
    void recoversSeparatedBlobs()
    {
        QFETCH(int, blobs);
        QFETCH(int, dims);
        QFETCH(bool, unit);
        const TestBlobs data = testBlobs(blobs, 50, dims, unit ? 0.02f : 0.3f, 11, unit);
        KMeansOptions options;
        options.k = blobs;
        const KMeansResult r = kmeans(data.points, options);
        QCOMPARE(r.status, Status::Ok);
        QVERIFY(recovers(r, data.labels));
        verifyAssignment(data.points, r);
        for (std::size_t size : r.sizes)
            QCOMPARE(size, std::size_t(50));
    }

    void sameSeedSameBytesOnAnyThreadCount()
    {
        const TestBlobs data = testBlobs(10, 300, 64, 6.0f, 5);
        KMeansOptions options;
        options.k = 10;
        options.seed = 99;
        options.threads = 1;
        const KMeansResult one = kmeans(data.points, options);
        options.threads = 2;
        const KMeansResult two = kmeans(data.points, options);
        options.threads = 5;
        const KMeansResult five = kmeans(data.points, options);
        QVERIFY(one.centroids == two.centroids && two.centroids == five.centroids);
        QVERIFY(one.labels == two.labels && two.labels == five.labels);
        QCOMPARE(one.inertia, five.inertia);
        options.seed = 100;
        const KMeansResult other = kmeans(data.points, options);
        QVERIFY(other.centroids != one.centroids);
    }

    void stopsExactlyWhenNoRowMoves()
    {
        const TestBlobs data = testBlobs(6, 80, 16, 2.0f, 13);
        KMeansOptions options;
        options.k = 6;
        options.tolerance = 0;
        options.maxIterations = 100;
        const KMeansResult r = kmeans(data.points, options);
        QVERIFY(r.converged);
        QVERIFY(r.iterations < 100);
        verifyAssignment(data.points, r);
        // Running longer changes nothing: the stop lost no work.
        options.maxIterations = r.iterations + 5;
        const KMeansResult longer = kmeans(data.points, options);
        QVERIFY(longer.centroids == r.centroids);
        QVERIFY(longer.labels == r.labels);
    }

    void duplicatePointsAndMoreClustersThanDistinctPoints()
    {
        EmbeddingMatrix x(40, 8);
        for (std::size_t i = 0; i < x.rows(); ++i)
            for (int d = 0; d < 8; ++d)
                x.row(i)[d] = float((i % 4) * 10 + d); // 4 distinct points, 10 copies each
        for (int k : { 1, 4, 6 }) {
            KMeansOptions options;
            options.k = k;
            const KMeansResult r = kmeans(x, options);
            QCOMPARE(r.status, Status::Ok);
            verifyAssignment(x, r);
            for (float v : r.centroids)
                QVERIFY(std::isfinite(v));
            if (k >= 4) {
                QCOMPARE(r.inertia, 0.0);
                QCOMPARE(std::count_if(r.sizes.begin(), r.sizes.end(), [](std::size_t s) { return s > 0; }), 4);
            }
        }
    }

    void onePoint()
    {
        const float value[3] = { 1.0f, -2.0f, 3.0f };
        const EmbeddingMatrix x = EmbeddingMatrix::copyOf(value, 1, 3);
        KMeansOptions options;
        options.k = 1;
        const KMeansResult r = kmeans(x, options);
        QCOMPARE(r.status, Status::Ok);
        QCOMPARE(r.centroids, std::vector<float>(value, value + 3));
        QCOMPARE(r.labels, std::vector<int> { 0 });
        QCOMPARE(r.inertia, 0.0);
    }

    void rejectsBadInput()
    {
        TestBlobs data = testBlobs(2, 10, 4, 1.0f, 1);
        data.points.row(13)[2] = std::nanf("");
        KMeansOptions options;
        options.k = 2;
        KMeansResult r = kmeans(data.points, options);
        QCOMPARE(r.status, Status::NonFiniteInput);
        QCOMPARE(r.badRow, std::size_t(13));
        data.points.row(13)[2] = 0.0f;
        data.points.row(17)[0] = INFINITY;
        QCOMPARE(kmeans(data.points, options).badRow, std::size_t(17));
        data.points.row(17)[0] = 0.0f;
        options.k = 21;
        QCOMPARE(kmeans(data.points, options).status, Status::InvalidArgument);
        options.k = 0;
        QCOMPARE(kmeans(data.points, options).status, Status::InvalidArgument);
        options.k = 1;
        QCOMPARE(kmeans(EmbeddingMatrix(), options).status, Status::EmptyInput);
    }

    void emptyClusterIsReseeded()
    {
        // Three tight groups; one starting centroid lies far from everything and would stay empty.
        const TestBlobs data = testBlobs(3, 30, 5, 0.1f, 8);
        std::vector<float> start;
        for (int c = 0; c < 2; ++c)
            start.insert(start.end(), data.points.row(std::size_t(c)), data.points.row(std::size_t(c)) + 5);
        start.insert(start.end(), { 1000.0f, 1000.0f, 1000.0f, 1000.0f, 1000.0f });
        KMeansOptions options;
        options.k = 3;
        options.initialCentroids = &start;
        const KMeansResult r = kmeans(data.points, options);
        QCOMPARE(r.status, Status::Ok);
        QVERIFY(recovers(r, data.labels));
    }

    void miniBatchFindsTheSameClusters()
    {
        const TestBlobs data = testBlobs(8, 400, 32, 1.0f, 21);
        KMeansOptions options;
        options.k = 8;
        const KMeansResult lloyd = kmeans(data.points, options);
        options.miniBatchAbove = 1000;
        options.batchSize = 512;
        const KMeansResult mini = kmeans(data.points, options);
        QVERIFY(mini.miniBatch && !lloyd.miniBatch);
        QVERIFY(recovers(mini, data.labels));
        QVERIFY(mini.inertia <= lloyd.inertia * 1.02);
        verifyAssignment(data.points, mini);
    }

    void cancelsAndReportsProgress()
    {
        const TestBlobs data = testBlobs(4, 500, 32, 2.0f, 2);
        std::vector<double> seen;
        std::atomic<bool> cancel { false };
        Control control { &cancel, [&](double f) { seen.push_back(f); } };
        KMeansOptions options;
        options.k = 4;
        options.tolerance = 0;
        options.threads = 1;
        QCOMPARE(kmeans(data.points, options, control).status, Status::Ok);
        QVERIFY(!seen.empty());
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), 1.0);
        control.progress = [&](double) { cancel = true; }; // after the first iteration
        const KMeansResult r = kmeans(data.points, options, control);
        QCOMPARE(r.status, Status::Cancelled);
        QVERIFY(r.labels.empty());
    }

    // kmeans() seeds from a sample read where it lies in x unless a copy would be small: both must give
    // the same centres, byte for byte, over several blocks of rows.
    void seedingInPlaceGivesTheCentresOfAGatheredCopy()
    {
        const TestBlobs data = testBlobs(12, 200, 40, 3.0f, 17);
        SplitMix random(8);
        const std::vector<std::size_t> sample = sampleRows(data.points.rows(), 900, random);
        const EmbeddingMatrix copy = gatherRows(data.points, sample);
        const EmbeddingMatrix inPlace = kmeansPlusPlus(data.points, &sample, 12, 21);
        const EmbeddingMatrix gathered = kmeansPlusPlus(copy, nullptr, 12, 21);
        QCOMPARE(inPlace.rows(), std::size_t(12));
        QCOMPARE(gathered.rows(), std::size_t(12));
        for (std::size_t c = 0; c < inPlace.rows(); ++c)
            QVERIFY(std::memcmp(inPlace.row(c), gathered.row(c), 40 * sizeof(float)) == 0);
    }

    void seedingSampleSmallOrLargeRecoversBlobs_data()
    {
        QTest::addColumn<int>("sample");
        QTest::newRow("copied (a tenth of the rows)") << 200;
        QTest::newRow("in place (half the rows)") << 1000;
    }

    void seedingSampleSmallOrLargeRecoversBlobs()
    {
        QFETCH(int, sample);
        const TestBlobs data = testBlobs(8, 250, 32, 1.0f, 23);
        KMeansOptions options;
        options.k = 8;
        options.seedingSample = std::size_t(sample);
        const KMeansResult r = kmeans(data.points, options);
        QCOMPARE(r.status, Status::Ok);
        QVERIFY(recovers(r, data.labels));
        verifyAssignment(data.points, r);
    }
};

QTEST_APPLESS_MAIN(TestKMeans)
#include "tst_kmeans.moc"
