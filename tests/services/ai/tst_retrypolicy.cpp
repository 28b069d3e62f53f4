#include "ai/retrypolicy.h"

#include <QTest>

class TestRetryPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fullJitterBounds()
    {
        const RetryPolicy policy { 6, 500, 8000, 120000 };
        const qint64 ceilings[] = { 500, 1000, 2000, 4000, 8000, 8000, 8000 };
        for (int attempt = 0; attempt < 7; ++attempt) {
            QCOMPARE(policy.ceilingMs(attempt), ceilings[attempt]);
            QCOMPARE(policy.backoffMs(attempt, 0.0), 0);
            QCOMPARE(policy.backoffMs(attempt, 0.5), ceilings[attempt] / 2);
            QVERIFY(policy.backoffMs(attempt, 0.999999) <= ceilings[attempt]);
        }
        QCOMPARE(policy.ceilingMs(1000), 8000); // no overflow
    }

    void retryAfterWins()
    {
        const RetryPolicy policy;
        QCOMPARE(policy.delayMs(3, qint64(2500), 0.9), 2500);
        QCOMPARE(policy.delayMs(0, std::nullopt, 0.5), 250);
    }

    void parsesRetryAfter()
    {
        const qint64 now = QDateTime(QDate(2015, 10, 21), QTime(7, 27, 58), Qt::UTC).toMSecsSinceEpoch();
        QHash<QByteArray, QByteArray> h;
        QCOMPARE(RetryPolicy::retryAfterMs(h, now), std::nullopt);
        h.insert("retry-after", "3");
        QCOMPARE(RetryPolicy::retryAfterMs(h, now), 3000);
        h.insert("retry-after", "0.5");
        QCOMPARE(RetryPolicy::retryAfterMs(h, now), 500);
        h.insert("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT");
        QCOMPARE(RetryPolicy::retryAfterMs(h, now), 2000);
        h.insert("retry-after-ms", "1234.2"); // OpenAI's own header is preferred
        QCOMPARE(RetryPolicy::retryAfterMs(h, now), 1235);
        h.clear();
        h.insert("retry-after", "soon");
        QCOMPARE(RetryPolicy::retryAfterMs(h, now), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
