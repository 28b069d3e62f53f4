#include "ai/aistatuslabel.h"

#include "ai/aiendpoint.h"
#include "ai/openaiclient.h"


AiStatusLabel::AiStatusLabel(AiEndpoint *endpoint, QWidget *parent)
    : QLabel(parent)
    , m_endpoint(endpoint)
{
    setObjectName(QStringLiteral("aiStatusLabel"));
    setTextFormat(Qt::PlainText);
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &AiStatusLabel::refresh);
    connect(endpoint, &AiEndpoint::breakerStateChanged, this, &AiStatusLabel::onBreaker);
    connect(endpoint, &AiEndpoint::changed, this, &AiStatusLabel::refresh);
    refresh();
}

void AiStatusLabel::onBreaker(CircuitBreaker::State state)
{
    m_state = state;
    if (state == CircuitBreaker::State::Open)
        m_countdown.start();
    else
        m_countdown.stop();
    refresh();
}

void AiStatusLabel::refresh()
{
    OpenAiClient *client = m_endpoint->client();
    if (client && m_state == CircuitBreaker::State::Open && client->breaker()->state() != CircuitBreaker::State::Open)
        m_state = client->breaker()->state(); // the cooldown ran out while nothing was sent
    switch (m_state) {
    case CircuitBreaker::State::Open: {
        const int seconds = client ? int((client->breaker()->msUntilRetry() + 999) / 1000) : 0;
        setText(tr("AI paused: retrying in %n s", nullptr, seconds));
        setToolTip(tr("The AI endpoint failed %n time(s) in a row, so requests are paused. The next request after "
                      "the pause is a trial; if it succeeds, work resumes.",
            nullptr, m_endpoint->config().openai.breakerThreshold));
        setStyleSheet(QStringLiteral("QLabel { color: white; background: #b3261e; padding: 0 6px; }"));
        break;
    }
    case CircuitBreaker::State::HalfOpen:
        setText(tr("AI: trying again"));
        setToolTip(tr("One trial request decides whether the AI endpoint is back."));
        setStyleSheet(QStringLiteral("QLabel { color: black; background: #f2c14e; padding: 0 6px; }"));
        break;
    case CircuitBreaker::State::Closed:
        setText(tr("AI: %1").arg(m_endpoint->description()));
        setToolTip(m_endpoint->isOnline() ? m_endpoint->config().openai.baseUrl
                                          : tr("Embeddings are made offline; evaluations need an AI endpoint."));
        setStyleSheet(QString());
        break;
    }
}
