#pragma once

#include "core/clock.h"

#include <QCoroTimer>
#include <QElapsedTimer>
#include <QList>

#include <algorithm>
#include <chrono>

// How many times slower than a plain Release build this run's code is: test.sh sets SEXTANT_TEST_TIME_SCALE under
// the sanitizers (ASan costs about 2x, TSan 5-15x). Tests that wait on real time (a request timeout, a clock sped
// up against real time) scale their bounds by it; what they assert stays the same.
inline int testTimeScale()
{
    static const int scale = std::max(1, qEnvironmentVariableIntValue("SEXTANT_TEST_TIME_SCALE"));
    return scale;
}

// Time that moves only when somebody sleeps: backoff and cooldowns are asserted without waiting.
class ManualClock : public Clock
{
public:
    qint64 nowMs() const override { return m_now; }
    QCoro::Task<> sleep(qint64 ms) override
    {
        m_slept += std::max<qint64>(0, ms);
        m_now += std::max<qint64>(0, ms);
        co_return;
    }
    void advance(qint64 ms) { m_now += ms; }
    qint64 slept() const { return m_slept; }

private:
    qint64 m_now = 1000000;
    qint64 m_slept = 0;
};

// Real time sped up `factor` times: minutes of rate limits pass in a second, with real concurrency.
class FastClock : public Clock
{
public:
    explicit FastClock(int factor)
        : m_factor(factor)
    {
        m_timer.start();
    }
    qint64 nowMs() const override { return m_timer.nsecsElapsed() * m_factor / 1000000; }
    QCoro::Task<> sleep(qint64 ms) override
    {
        if (ms > 0)
            co_await QCoro::sleepFor(std::chrono::microseconds(ms * 1000 / m_factor));
    }

private:
    QElapsedTimer m_timer;
    int m_factor;
};
