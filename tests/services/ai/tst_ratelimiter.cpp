#include "ai/ratelimiter.h"
#include "support/testclocks.h"

#include <QTest>

class TestRateLimiter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void burstOf200QueuesByRequests()
    {
        ManualClock clock;
        RateLimiter limiter(&clock, 60, 1000000);
        for (int k = 0; k < 200; ++k) {
            const qint64 wait = limiter.reserve(10);
            // A full bucket of 60, then one more per second, in reservation order.
            const qint64 expected = std::max(0, k + 1 - 60) * 1000;
            QVERIFY2(std::abs(wait - expected) <= 1, qPrintable(QStringLiteral("k=%1 wait=%2").arg(k).arg(wait)));
        }
        clock.advance(140000);
        QVERIFY(std::abs(limiter.availableRequests()) < 0.01);
    }

    void burstQueuesByTokens()
    {
        ManualClock clock;
        RateLimiter limiter(&clock, 10000, 1000);
        for (int k = 0; k < 30; ++k) {
            const qint64 wait = limiter.reserve(100);
            const qint64 expected = std::max(0, k + 1 - 10) * 6000; // 100 tokens refill in 6 s
            QVERIFY2(std::abs(wait - expected) <= 1, qPrintable(QStringLiteral("k=%1 wait=%2").arg(k).arg(wait)));
        }
    }

    void refillsOverTime()
    {
        ManualClock clock;
        RateLimiter limiter(&clock, 60, 600);
        for (int i = 0; i < 60; ++i)
            QCOMPARE(limiter.reserve(0), 0);
        QCOMPARE(limiter.reserve(0), 1000);
        clock.advance(61000); // the debt is paid and the bucket refills to its cap, never beyond
        QCOMPARE(limiter.availableRequests(), 60.0);
        QCOMPARE(limiter.reserve(600), 0);
        limiter.settle(600, 100); // the request used less than estimated
        QCOMPARE(limiter.availableTokens(), 500.0);
    }

    void headersTighten()
    {
        ManualClock clock;
        RateLimiter limiter(&clock, 500, 100000);
        QCOMPARE(limiter.reserve(10), 0);
        limiter.update({ { "x-ratelimit-limit-requests", "100" }, { "x-ratelimit-remaining-requests", "0" },
            { "x-ratelimit-reset-requests", "2s" }, { "x-ratelimit-limit-tokens", "200000" },
            { "x-ratelimit-remaining-tokens", "50" }, { "x-ratelimit-reset-tokens", "6m0s" } });
        QCOMPARE(limiter.requestsPerMinute(), 100); // lowered
        QCOMPARE(limiter.tokensPerMinute(), 100000); // a higher server limit does not loosen ours
        QCOMPARE(limiter.availableTokens(), 50.0);
        QVERIFY(limiter.reserve(10) >= 2000);
        clock.advance(2000);
        QCOMPARE(limiter.reserve(10), 0);
    }

    void parsesDurations_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("seconds") << QByteArray("1s") << qint64(1000);
        QTest::newRow("fraction") << QByteArray("1.5s") << qint64(1500);
        QTest::newRow("minutes") << QByteArray("6m0s") << qint64(360000);
        QTest::newRow("millis") << QByteArray("20ms") << qint64(20);
        QTest::newRow("hours") << QByteArray("1h2m") << qint64(3720000);
        QTest::newRow("bare") << QByteArray("3") << qint64(3000);
        QTest::newRow("junk") << QByteArray("soon") << qint64(-1);
        QTest::newRow("empty") << QByteArray() << qint64(-1);
    }
    void parsesDurations()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, ms);
        QCOMPARE(RateLimiter::parseDurationMs(text), ms);
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
