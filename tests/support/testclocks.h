#pragma once

#include "core/clock.h"

#include <QCoroTimer>
#include <QElapsedTimer>
#include <QList>

#include <chrono>

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
