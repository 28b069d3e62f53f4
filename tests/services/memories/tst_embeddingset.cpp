// Repository rows to compute matrix: sizes checked, NaN rejected naming the row's id, rows unit length,
// ids kept in order, zero rows counted; compute statuses become sentences.
#include "memories/embeddingset.h"

#include <QTest>

#include <cmath>

class TestEmbeddingSet : public QObject
{
    Q_OBJECT

    static EmbeddingBlock block(int rows, int dims)
    {
        EmbeddingBlock b;
        b.dimensions = dims;
        for (int i = 0; i < rows; ++i) {
            b.ids.append(QUuid::createUuid());
            for (int d = 0; d < dims; ++d)
                b.values.push_back(float(i + d + 1));
        }
        return b;
    }

private Q_SLOTS:
    void keepsIdsAndNormalises()
    {
        EmbeddingBlock b = block(5, 7);
        const QList<QUuid> ids = b.ids;
        std::fill(b.values.begin() + 14, b.values.begin() + 21, 0.0f); // row 2 all zeros
        const Result<EmbeddingSet> set = makeEmbeddingSet(std::move(b));
        QVERIFY(set.ok());
        QCOMPARE(set.value().ids, ids);
        QCOMPARE(set.value().zeroRows, qsizetype(1));
        const compute::EmbeddingMatrix &m = *set.value().matrix;
        QCOMPARE(m.rows(), std::size_t(5));
        QCOMPARE(m.dims(), 7);
        for (std::size_t i : { 0u, 1u, 3u, 4u }) {
            double s = 0;
            for (int d = 0; d < 7; ++d)
                s += double(m.row(i)[d]) * m.row(i)[d];
            QVERIFY(std::abs(s - 1.0) < 1e-5);
        }
    }

    void rejectsNaNNamingTheRow()
    {
        EmbeddingBlock b = block(4, 3);
        const QUuid bad = b.ids[2];
        b.values[2 * 3 + 1] = std::nanf("");
        const Result<EmbeddingSet> set = makeEmbeddingSet(std::move(b));
        QVERIFY(!set.ok());
        QCOMPARE(set.error().code, Error::InvalidInput);
        QVERIFY(set.error().message.contains(bad.toString(QUuid::WithoutBraces)));
    }

    void rejectsWrongSizes()
    {
        EmbeddingBlock b = block(4, 3);
        b.values.pop_back();
        const Result<EmbeddingSet> set = makeEmbeddingSet(std::move(b));
        QVERIFY(!set.ok());
        QVERIFY(set.error().message.contains(QStringLiteral("12")));
    }

    void statusesBecomeSentences()
    {
        QCOMPARE(computeError(compute::Status::Cancelled).code, Error::Cancelled);
        QCOMPARE(computeError(compute::Status::InvalidArgument).code, Error::InvalidInput);
        QVERIFY(computeError(compute::Status::NonFiniteInput, 6).message.contains(QStringLiteral("7")));
        QVERIFY(!computeError(compute::Status::EmptyInput).message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEmbeddingSet)
#include "tst_embeddingset.moc"
