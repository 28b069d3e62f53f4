#include "core/eventloopprobe.h"

#include <algorithm>

EventLoopProbe::EventLoopProbe(int intervalMs, QObject *parent)
    : QObject(parent)
{
    // A coarse timer may fire up to 5 % early or late by design; a precise one keeps to the millisecond.
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(std::max(1, intervalMs));
    connect(&m_timer, &QTimer::timeout, this, &EventLoopProbe::onTimeout);
}

void EventLoopProbe::start()
{
    reset();
    m_timer.start();
}

void EventLoopProbe::stop()
{
    m_timer.stop();
}

void EventLoopProbe::reset()
{
    m_clock.start();
    m_lastNs = 0;
    m_maxStallMs = 0.0;
    m_totalStallMs = 0.0;
    m_samples = 0;
}

void EventLoopProbe::onTimeout()
{
    const qint64 now = m_clock.nsecsElapsed();
    // The gap between two handled timeouts, less the interval, is how long the loop was busy elsewhere
    // (or its thread was not scheduled) while a timeout was due.
    const double stall = std::max(0.0, double(now - m_lastNs) / 1e6 - m_timer.interval());
    m_lastNs = now;
    m_maxStallMs = std::max(m_maxStallMs, stall);
    m_totalStallMs += stall;
    ++m_samples;
}
