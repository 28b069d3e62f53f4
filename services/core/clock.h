#pragma once

#include <QCoroTask>
#include <QElapsedTimer>

// Time for the OpenAI client's backoff, rate limits and circuit breaker. Going through this interface lets
// tests assert delays without waiting for them (a manual clock) or run minutes of limits in a second (a fast one).
class Clock
{
public:
    virtual ~Clock() = default;
    // Milliseconds on a monotonic scale; only differences mean anything.
    virtual qint64 nowMs() const = 0;
    // Resumes on the calling thread's event loop after `ms` of this clock's time.
    virtual QCoro::Task<> sleep(qint64 ms) = 0;
};

// Real time. One shared instance serves every thread (QElapsedTimer reads are thread-safe).
class SystemClock : public Clock
{
public:
    SystemClock();
    qint64 nowMs() const override;
    QCoro::Task<> sleep(qint64 ms) override;
    static Clock *instance();

private:
    QElapsedTimer m_timer;
};
