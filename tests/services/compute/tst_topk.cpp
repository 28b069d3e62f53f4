// Exact top-k search against a brute-force reference: batch and single-query paths, filtered search,
// k larger than the data, ties, and cancellation.
#include "compute/halfmatrix.h"
#include "compute/topk.h"

#include <QTest>

#include <algorithm>
#include <random>

using compute::EmbeddingMatrix;
using compute::Neighbor;

class TestTopK : public QObject
{
    Q_OBJECT

    static EmbeddingMatrix randomMatrix(std::size_t rows, int dims, unsigned seed)
    {
        std::mt19937 random(seed);
        std::normal_distribution<float> normal;
        std::vector<float> packed(rows * dims);
        for (float &x : packed)
            x = normal(random);
        return EmbeddingMatrix::fromPacked(packed.data(), rows, dims);
    }

    static std::vector<Neighbor> reference(const EmbeddingMatrix &base, const float *q, int k, const std::uint8_t *mask)
    {
        std::vector<Neighbor> all;
        for (std::size_t i = 0; i < base.rows(); ++i) {
            if (mask && !mask[i])
                continue;
            double s = 0;
            for (int d = 0; d < base.dims(); ++d)
                s += double(base.row(i)[d]) * q[d];
            all.push_back({ float(s), std::uint32_t(i) });
        }
        std::sort(all.begin(), all.end(), [](const Neighbor &a, const Neighbor &b) { return a.score > b.score; });
        all.resize(std::min<std::size_t>(all.size(), std::size_t(k)));
        return all;
    }

    static void compare(const std::vector<Neighbor> &got, const std::vector<Neighbor> &want)
    {
        QCOMPARE(got.size(), want.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].index, want[i].index);
            QVERIFY(std::abs(got[i].score - want[i].score) < 1e-4f);
        }
    }

private Q_SLOTS:
    void matrixIsAlignedAndNormalised()
    {
        const EmbeddingMatrix m = randomMatrix(7, 1536, 1);
        QCOMPARE(reinterpret_cast<std::uintptr_t>(m.row(0)) % 64, 0u);
        QCOMPARE(reinterpret_cast<std::uintptr_t>(m.row(5)) % 64, 0u);
        double s = 0;
        for (int d = 0; d < m.dims(); ++d)
            s += double(m.row(3)[d]) * m.row(3)[d];
        QVERIFY(std::abs(s - 1.0) < 1e-5);
    }

    void batchAndSingleMatchBruteForce_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("dims");
        QTest::addColumn<int>("k");
        QTest::newRow("small, odd dims") << 50 << 37 << 5;
        QTest::newRow("several blocks") << 9000 << 64 << 10;
        QTest::newRow("two threads, 1536-d") << 21000 << 1536 << 10;
        QTest::newRow("k larger than rows") << 6 << 16 << 10;
    }

    void batchAndSingleMatchBruteForce()
    {
        QFETCH(int, rows);
        QFETCH(int, dims);
        QFETCH(int, k);
        const EmbeddingMatrix base = randomMatrix(std::size_t(rows), dims, 2);
        const EmbeddingMatrix queries = randomMatrix(12, dims, 3);
        const auto batch = compute::searchBatch(base, queries, { k });
        QCOMPARE(batch.size(), std::size_t(12));
        for (std::size_t q = 0; q < queries.rows(); ++q) {
            const auto want = reference(base, queries.row(q), k, nullptr);
            compare(batch[q], want);
            compare(compute::searchOne(base, queries.row(q), { k }), want);
        }
    }

    void filteredSearchSkipsMaskedRows()
    {
        const EmbeddingMatrix base = randomMatrix(3000, 48, 4);
        std::vector<std::uint8_t> mask(base.rows());
        for (std::size_t i = 0; i < mask.size(); ++i)
            mask[i] = i % 3 == 0;
        const float *q = base.row(1); // row 1 itself is masked out: it must not be found
        compute::SearchOptions options { 5, mask.data(), nullptr };
        const auto one = compute::searchOne(base, q, options);
        compare(one, reference(base, q, 5, mask.data()));
        for (const Neighbor &n : one)
            QCOMPARE(n.index % 3, 0u);
        compare(compute::searchBatch(base, randomMatrix(1, 48, 9), options)[0],
            reference(base, randomMatrix(1, 48, 9).row(0), 5, mask.data()));
    }

    void selfQueryFindsItselfFirst()
    {
        const EmbeddingMatrix base = randomMatrix(500, 1536, 5);
        for (std::size_t i : { 0u, 17u, 499u })
            QCOMPARE(compute::searchOne(base, base.row(i), { 1 }).at(0).index, std::uint32_t(i));
    }

    void cancelledSearchReturnsNothing()
    {
        const EmbeddingMatrix base = randomMatrix(10000, 32, 6);
        std::atomic<bool> cancel { true };
        compute::SearchOptions options { 10, nullptr, &cancel };
        QVERIFY(compute::searchBatch(base, randomMatrix(4, 32, 7), options).empty());
        QVERIFY(compute::searchOne(base, base.row(0), options).empty());
    }

    void halfPrecisionShortlistMatchesTheExactScan()
    {
        const EmbeddingMatrix base = randomMatrix(30000, 96, 12);
        const EmbeddingMatrix queries = randomMatrix(20, 96, 13);
        const compute::HalfMatrix half(base);
        QCOMPARE(reinterpret_cast<std::uintptr_t>(half.row(3)) % 64, 0u);
        for (std::size_t q = 0; q < queries.rows(); ++q) {
            const auto got = compute::searchOneHalf(base, half, queries.row(q), { 10 });
            compare(got, reference(base, queries.row(q), 10, nullptr));
        }
        // Filtered: only even rows.
        std::vector<std::uint8_t> mask(base.rows());
        for (std::size_t i = 0; i < mask.size(); i += 2)
            mask[i] = 1;
        compute::SearchOptions options { 5, mask.data(), nullptr };
        compare(compute::searchOneHalf(base, half, queries.row(0), options), reference(base, queries.row(0), 5, mask.data()));
    }
};

QTEST_APPLESS_MAIN(TestTopK)
#include "tst_topk.moc"
