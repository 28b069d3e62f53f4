#include "ai/openaiclient.h"

#include "core/clock.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QRandomGenerator>

#include <algorithm>

Q_LOGGING_CATEGORY(lcOpenAi, "sextant.openai")

namespace {
// The slice in which a waiting call looks at its cancel token.
constexpr qint64 CancelPollMs = 100;
} // namespace

OpenAiClient::OpenAiClient(OpenAiSettings settings, QString apiKey, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_apiKey(std::move(apiKey))
    , m_clock(clock ? clock : SystemClock::instance())
    , m_nam(new QNetworkAccessManager(this))
    , m_limiter(m_clock, m_settings.requestsPerMinute, m_settings.tokensPerMinute)
    , m_breaker(new CircuitBreaker(m_clock, m_settings.breakerThreshold, m_settings.breakerCooldownMs, this))
    , m_random([] { return QRandomGenerator::global()->generateDouble(); })
{
    connect(m_breaker, &CircuitBreaker::stateChanged, this, &OpenAiClient::breakerStateChanged);
}

OpenAiClient::~OpenAiClient() = default;

void OpenAiClient::setSettings(OpenAiSettings settings)
{
    const bool limitsChanged = settings.requestsPerMinute != m_settings.requestsPerMinute
        || settings.tokensPerMinute != m_settings.tokensPerMinute;
    m_settings = std::move(settings);
    if (limitsChanged)
        m_limiter = RateLimiter(m_clock, m_settings.requestsPerMinute, m_settings.tokensPerMinute);
    m_breaker->configure(m_settings.breakerThreshold, m_settings.breakerCooldownMs);
}

void OpenAiClient::setApiKey(QString apiKey)
{
    m_apiKey = std::move(apiKey);
}

int OpenAiClient::dimensions() const
{
    return m_settings.embeddingDimensions > 0 ? m_settings.embeddingDimensions : EmbeddingDimensions;
}

int OpenAiClient::estimateTokens(const QString &text)
{
    return int(text.size() / 4) + 1;
}

void OpenAiClient::reportUsage(const QString &endpoint, const QString &model, const QString &tag, int inputs,
    qint64 promptTokens, qint64 completionTokens)
{
    ApiUsage usage;
    usage.at = QDateTime::currentDateTimeUtc();
    usage.endpoint = endpoint;
    usage.model = model;
    usage.task = tag;
    usage.inputs = inputs;
    usage.promptTokens = promptTokens;
    usage.completionTokens = completionTokens;
    Q_EMIT usageReported(usage);
}

void OpenAiClient::cancelAll()
{
    m_all.cancel();
    m_all = CancelToken();
}

bool OpenAiClient::cancelled(const CancelToken &cancel, const CancelToken &all) const
{
    return cancel.isCancelled() || all.isCancelled();
}

QString OpenAiClient::scrub(QString text) const
{
    if (m_apiKey.size() >= 4)
        text.replace(m_apiKey, QStringLiteral("***"));
    return text;
}

QCoro::Task<bool> OpenAiClient::sleepUnlessCancelled(qint64 ms, CancelToken cancel, CancelToken all)
{
    const qint64 until = m_clock->nowMs() + ms;
    for (qint64 left = ms; left > 0; left = until - m_clock->nowMs()) {
        if (cancelled(cancel, all))
            co_return false;
        co_await m_clock->sleep(std::min(left, CancelPollMs));
    }
    co_return !cancelled(cancel, all);
}

QCoro::Task<Result<OpenAiRawReply>> OpenAiClient::call(ApiCall call, CancelToken cancel)
{
    const OpenAiSettings settings = m_settings;
    const CancelToken all = m_all;
    const RetryPolicy policy { settings.maxRetries, settings.backoffBaseMs, settings.backoffMaxMs,
        settings.maxRetryAfterMs };
    const Error cancelledError = makeError(Error::Cancelled, tr("The OpenAI request was cancelled."));
    for (int attempt = 0;; ++attempt) {
        const qint64 wait = m_limiter.reserve(call.estimatedTokens);
        if (wait > 0) {
            qCDebug(lcOpenAi) << "rate limiter holds" << call.path << "for" << wait << "ms";
            if (!co_await sleepUnlessCancelled(wait, cancel, all))
                co_return cancelledError;
        }
        if (cancelled(cancel, all))
            co_return cancelledError;
        if (!m_breaker->allowRequest()) {
            const qint64 seconds = std::max<qint64>(1, (m_breaker->retryAtMs() - m_clock->nowMs() + 999) / 1000);
            co_return makeError(Error::Network,
                tr("OpenAI requests are paused after repeated failures; Sextant tries again in %n second(s).", nullptr,
                    int(seconds)));
        }
        if (call.stream)
            call.stream->begin();
        const qint64 started = QDateTime::currentMSecsSinceEpoch();
        OpenAiRawReply raw = co_await exchange(call, settings, cancel, all);
        m_limiter.update(raw.headers);
        Outcome outcome = classify(raw, call);
        if (outcome.fault == OpenAiFault::None && call.stream) {
            if (std::optional<Error> broken = call.stream->finish())
                outcome = Outcome { OpenAiFault::Connection, *broken, true, true };
        }
        // URL path and status only: headers and bodies carry the key and the user's texts.
        qCDebug(lcOpenAi).noquote() << call.verb << settings.endpoint(call.path).path() << raw.status
                                    << (QDateTime::currentMSecsSinceEpoch() - started) << "ms, attempt" << attempt + 1;
        if (outcome.fault == OpenAiFault::None) {
            m_breaker->recordSuccess();
            co_return raw;
        }
        if (outcome.fault == OpenAiFault::Cancelled) {
            m_breaker->abandonProbe();
            co_return cancelledError;
        }
        if (outcome.breakerFailure)
            m_breaker->recordFailure();
        else
            m_breaker->recordSuccess(); // it answered: the service is up, the request is what failed
        outcome.error.message = scrub(outcome.error.message);
        qCInfo(lcOpenAi).noquote() << call.path << "attempt" << attempt + 1 << "failed: HTTP" << raw.status
                                   << faultName(outcome.fault);
        Q_EMIT attemptFailed(outcome.fault, outcome.error.message);

        const bool shown = call.stream && call.stream->shownAnything();
        if (!outcome.retry || shown)
            co_return outcome.error;
        if (attempt >= policy.maxRetries) {
            outcome.error.message += QLatin1Char(' ') + tr("Gave up after %n attempt(s).", nullptr, attempt + 1);
            co_return outcome.error;
        }
        const std::optional<qint64> after = RetryPolicy::retryAfterMs(raw.headers, QDateTime::currentMSecsSinceEpoch());
        if (after && *after > policy.maxRetryAfterMs) {
            outcome.error.message += QLatin1Char(' ')
                + tr("The server asks to wait %n second(s) before trying again.", nullptr, int(*after / 1000));
            co_return outcome.error;
        }
        const qint64 delay = policy.delayMs(attempt, after, m_random());
        Q_EMIT retryScheduled(attempt + 1, delay, outcome.fault);
        if (!co_await sleepUnlessCancelled(delay, cancel, all))
            co_return cancelledError;
    }
}

QCoro::Task<Result<QStringList>> OpenAiClient::models(CancelToken cancel)
{
    ApiCall request;
    request.verb = "GET";
    request.path = QStringLiteral("models");
    Result<OpenAiRawReply> raw = co_await call(request, cancel);
    if (!raw)
        co_return raw.error();
    QStringList ids;
    const QJsonArray data = QJsonDocument::fromJson(raw->body).object().value(QLatin1String("data")).toArray();
    for (const QJsonValue &model : data)
        ids.append(model.toObject().value(QLatin1String("id")).toString());
    ids.removeAll(QString());
    std::sort(ids.begin(), ids.end());
    co_return ids;
}
