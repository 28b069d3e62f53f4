#pragma once

#include <QObject>

class Clock;

// Stops sending to a service that keeps failing. Closed: requests pass; `threshold` consecutive failures
// open it. Open: requests are refused at once until `cooldownMs` has passed, then it half-opens. HalfOpen:
// one probe request passes; its success closes the circuit, its failure opens it again for another cooldown.
// Lives on the OpenAI client's thread; stateChanged is what the status bar shows.
class CircuitBreaker : public QObject
{
    Q_OBJECT
public:
    enum class State { Closed, Open, HalfOpen };
    Q_ENUM(State)

    CircuitBreaker(Clock *clock, int threshold, qint64 cooldownMs, QObject *parent = nullptr);

    void configure(int threshold, qint64 cooldownMs);
    // May a request go now? In HalfOpen only one probe is let through until it reports back.
    bool allowRequest();
    void recordSuccess();
    void recordFailure();
    // The probe let through in HalfOpen was called off before it could tell anything.
    void abandonProbe() { m_probeInFlight = false; }

    State state() const; // moves Open → HalfOpen when the cooldown is over, so a reader sees it
    int consecutiveFailures() const { return m_failures; }
    // When an open circuit will let a probe through (clock ms); 0 when not open.
    qint64 retryAtMs() const { return m_state == State::Open ? m_openedAtMs + m_cooldownMs : 0; }
    qint64 cooldownMs() const { return m_cooldownMs; }
    qint64 msUntilRetry() const; // while open: how long until a trial request may go; else 0

    static QString stateName(State state); // translated, for the status bar

Q_SIGNALS:
    void stateChanged(CircuitBreaker::State state);

private:
    void setState(State state);
    void checkCooldown();

    Clock *m_clock;
    int m_threshold;
    qint64 m_cooldownMs;
    State m_state = State::Closed;
    int m_failures = 0;
    qint64 m_openedAtMs = 0;
    bool m_probeInFlight = false;
};
