#pragma once

#include "ai/circuitbreaker.h"

#include <QLabel>
#include <QTimer>

class AiEndpoint;

// The status bar's AI indicator: which endpoint is in use, and the circuit breaker's state. While the
// breaker is open (the endpoint failed too often in a row) it shows in red with the seconds until the
// next trial request; half-open in amber; closed in the normal colours.
class AiStatusLabel : public QLabel
{
    Q_OBJECT
public:
    explicit AiStatusLabel(AiEndpoint *endpoint, QWidget *parent = nullptr);
    CircuitBreaker::State state() const { return m_state; }

private:
    void onBreaker(CircuitBreaker::State state);
    void refresh();

    AiEndpoint *m_endpoint;
    CircuitBreaker::State m_state = CircuitBreaker::State::Closed;
    QTimer m_countdown;
};
