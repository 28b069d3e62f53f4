#include "core/clock.h"

#include <QCoroTimer>

#include <chrono>

SystemClock::SystemClock()
{
    m_timer.start();
}

qint64 SystemClock::nowMs() const
{
    return m_timer.elapsed();
}

QCoro::Task<> SystemClock::sleep(qint64 ms)
{
    if (ms > 0)
        co_await QCoro::sleepFor(std::chrono::milliseconds(ms));
}

Clock *SystemClock::instance()
{
    static SystemClock clock;
    return &clock;
}
