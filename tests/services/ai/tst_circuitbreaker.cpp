#include "ai/circuitbreaker.h"
#include "support/testclocks.h"

#include <QSignalSpy>
#include <QTest>

class TestCircuitBreaker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void opensAfterThresholdAndRecovers()
    {
        ManualClock clock;
        CircuitBreaker breaker(&clock, 5, 60000);
        QSignalSpy changes(&breaker, &CircuitBreaker::stateChanged);
        for (int i = 0; i < 4; ++i) {
            QVERIFY(breaker.allowRequest());
            breaker.recordFailure();
        }
        QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
        breaker.recordFailure();
        QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
        QVERIFY(!breaker.allowRequest());
        QCOMPARE(breaker.retryAtMs(), clock.nowMs() + 60000);

        clock.advance(59999);
        QVERIFY(!breaker.allowRequest());
        clock.advance(1);
        QCOMPARE(breaker.state(), CircuitBreaker::State::HalfOpen);
        QVERIFY(breaker.allowRequest()); // the probe
        QVERIFY(!breaker.allowRequest()); // only one at a time
        breaker.recordSuccess();
        QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
        QCOMPARE(breaker.consecutiveFailures(), 0);

        QCOMPARE(changes.count(), 3);
        QCOMPARE(changes.at(0).at(0).value<CircuitBreaker::State>(), CircuitBreaker::State::Open);
        QCOMPARE(changes.at(1).at(0).value<CircuitBreaker::State>(), CircuitBreaker::State::HalfOpen);
        QCOMPARE(changes.at(2).at(0).value<CircuitBreaker::State>(), CircuitBreaker::State::Closed);
    }

    void failedProbeReopens()
    {
        ManualClock clock;
        CircuitBreaker breaker(&clock, 2, 1000);
        breaker.recordFailure();
        breaker.recordFailure();
        QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
        clock.advance(1000);
        QVERIFY(breaker.allowRequest());
        breaker.recordFailure();
        QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
        QCOMPARE(breaker.retryAtMs(), clock.nowMs() + 1000); // a fresh cooldown
        clock.advance(1000);
        QVERIFY(breaker.allowRequest());
        breaker.abandonProbe(); // a cancelled probe frees the slot
        QVERIFY(breaker.allowRequest());
    }

    void successResetsTheCount()
    {
        ManualClock clock;
        CircuitBreaker breaker(&clock, 3, 1000);
        breaker.recordFailure();
        breaker.recordFailure();
        breaker.recordSuccess();
        breaker.recordFailure();
        breaker.recordFailure();
        QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
        breaker.configure(2, 500);
        breaker.recordFailure();
        QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
        QVERIFY(!CircuitBreaker::stateName(CircuitBreaker::State::Open).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
