#include "ai/offlineembedder.h"

#include "compute/vectorops.h"

#include <QCoroTask>
#include <QTest>

#include <cmath>
#include <optional>

// Parameters by value, no lambda captures: a coroutine must not refer to a temporary closure.
static QCoro::Task<> collect(Embedder &embedder, QStringList texts, std::optional<Result<QList<Embedding>>> *out)
{
    *out = co_await embedder.embed(std::move(texts));
}

class TestOfflineEmbedder : public QObject
{
    Q_OBJECT
private:
    static float similarity(const QString &a, const QString &b)
    {
        const Embedding x = OfflineEmbedder::embedOne(a);
        const Embedding y = OfflineEmbedder::embedOne(b);
        return compute::dot(x.constData(), y.constData(), EmbeddingDimensions);
    }

    static QStringList numberedTexts(int count)
    {
        QStringList texts;
        for (int i = 0; i < count; ++i)
            texts << QStringLiteral("topic %1 word%1").arg(i);
        return texts;
    }

private Q_SLOTS:
    void unitNorm_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("short") << QStringLiteral("telescope");
        QTest::newRow("sentence") << QStringLiteral("How do I collimate a Newtonian telescope mirror?");
        QTest::newRow("unicode") << QStringLiteral("Grüße aus Köln — café crème");
        QTest::newRow("repeats") << QStringLiteral("bread bread bread bread");
    }
    void unitNorm()
    {
        QFETCH(QString, text);
        const Embedding e = OfflineEmbedder::embedOne(text);
        QCOMPARE(e.size(), EmbeddingDimensions);
        QVERIFY(std::abs(compute::norm(e.constData(), e.size()) - 1.0f) < 1e-5f);
    }

    void deterministic()
    {
        const QString text = QStringLiteral("Sourdough starter needs feeding twice a day");
        QCOMPARE(OfflineEmbedder::embedOne(text), OfflineEmbedder::embedOne(text));
        // Case and punctuation do not change the words.
        QCOMPARE(OfflineEmbedder::embedOne(QStringLiteral("Sourdough, STARTER!")),
            OfflineEmbedder::embedOne(QStringLiteral("sourdough starter")));
        // One word is exactly one hashed feature (no bigram without a neighbour).
        const Embedding e = OfflineEmbedder::embedOne(QStringLiteral("telescope"));
        int nonZero = 0;
        for (float v : e)
            nonZero += v != 0.0f;
        QCOMPARE(nonZero, 1);
    }

    void sharedWordsRaiseSimilarity()
    {
        const QString base = QStringLiteral("prune the tomato seedlings in the greenhouse");
        const float related = similarity(base, QStringLiteral("water the tomato seedlings daily"));
        const float unrelated = similarity(base, QStringLiteral("collimate the telescope mirror tonight"));
        QVERIFY2(related > unrelated + 0.2f, qPrintable(QStringLiteral("%1 vs %2").arg(related).arg(unrelated)));
        QCOMPARE(similarity(base, base), 1.0f);
        // Word order matters a little (bigrams), not a lot.
        const float reordered
            = similarity(QStringLiteral("tomato seedlings greenhouse"), QStringLiteral("greenhouse seedlings tomato"));
        QVERIFY(reordered > 0.5f && reordered < 0.999f);
    }

    void stopWordsAndEmptyText()
    {
        QCOMPARE(similarity(QStringLiteral("the telescope"), QStringLiteral("a telescope")), 1.0f);
        const Embedding empty = OfflineEmbedder::embedOne(QString());
        QCOMPARE(compute::norm(empty.constData(), empty.size()), 0.0f);
    }

    void embedKeepsOrder()
    {
        OfflineEmbedder embedder;
        QVERIFY(!embedder.isSemantic());
        QCOMPARE(embedder.dimensions(), EmbeddingDimensions);
        const QStringList texts = numberedTexts(200); // > 64 takes the thread-pool path
        std::optional<Result<QList<Embedding>>> result;
        collect(embedder, texts, &result);
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        QVERIFY(*result);
        const QList<Embedding> &embeddings = result->value();
        QCOMPARE(embeddings.size(), texts.size());
        for (int i : { 0, 63, 64, 199 })
            QCOMPARE(embeddings.at(i), OfflineEmbedder::embedOne(texts[i]));
    }
};

QTEST_GUILESS_MAIN(TestOfflineEmbedder)
#include "tst_offlineembedder.moc"
