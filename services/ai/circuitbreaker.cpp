#include "ai/circuitbreaker.h"

#include "core/clock.h"

#include <QLoggingCategory>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcOpenAi)

CircuitBreaker::CircuitBreaker(Clock *clock, int threshold, qint64 cooldownMs, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_threshold(std::max(1, threshold))
    , m_cooldownMs(std::max<qint64>(0, cooldownMs))
{
}

void CircuitBreaker::configure(int threshold, qint64 cooldownMs)
{
    m_threshold = std::max(1, threshold);
    m_cooldownMs = std::max<qint64>(0, cooldownMs);
}

void CircuitBreaker::checkCooldown()
{
    if (m_state == State::Open && m_clock->nowMs() >= m_openedAtMs + m_cooldownMs) {
        m_probeInFlight = false;
        setState(State::HalfOpen);
    }
}

CircuitBreaker::State CircuitBreaker::state() const
{
    const_cast<CircuitBreaker *>(this)->checkCooldown();
    return m_state;
}

bool CircuitBreaker::allowRequest()
{
    checkCooldown();
    switch (m_state) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        if (m_probeInFlight)
            return false;
        m_probeInFlight = true;
        return true;
    }
    return false;
}

void CircuitBreaker::recordSuccess()
{
    m_failures = 0;
    m_probeInFlight = false;
    setState(State::Closed);
}

void CircuitBreaker::recordFailure()
{
    ++m_failures;
    m_probeInFlight = false;
    if (m_state == State::HalfOpen || (m_state == State::Closed && m_failures >= m_threshold)) {
        m_openedAtMs = m_clock->nowMs();
        setState(State::Open);
    }
}

void CircuitBreaker::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    qCInfo(lcOpenAi) << "circuit breaker" << state << "after" << m_failures << "consecutive failures";
    Q_EMIT stateChanged(state);
}

QString CircuitBreaker::stateName(State state)
{
    switch (state) {
    case State::Closed:
        return tr("OpenAI: available");
    case State::Open:
        return tr("OpenAI: paused after repeated failures");
    case State::HalfOpen:
        return tr("OpenAI: trying again");
    }
    return {};
}

qint64 CircuitBreaker::msUntilRetry() const
{
    return m_state == State::Open ? std::max<qint64>(0, m_openedAtMs + m_cooldownMs - m_clock->nowMs()) : 0;
}
