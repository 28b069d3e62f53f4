#pragma once

#include "core/canceltoken.h"
#include "ai/circuitbreaker.h"
#include "ai/embedder.h"
#include "ai/openaisettings.h"
#include "ai/openaitypes.h"
#include "ai/ratelimiter.h"
#include "ai/retrypolicy.h"

#include <QCoroTask>
#include <QObject>

#include <functional>

class Clock;
class QNetworkAccessManager;

// Client for the OpenAI REST API (/embeddings, /chat/completions plain and streamed, /models) over a
// QNetworkAccessManager it owns. Every call passes a client-side rate limiter (RPM/TPM buckets tightened
// by x-ratelimit-* headers) and a circuit breaker, and retries 429, 5xx, timeouts and dropped connections
// with jittered exponential backoff that honours Retry-After. 400/401/403/404 are answered at once.
// Thread: lives on the thread that created it (normally the UI thread; all work is asynchronous), and
// every call and signal happens there. Keep it alive until its tasks have finished.
// The API key is held in memory only: it goes into the Authorization header and nowhere else — no log
// line, no error message (server texts are scrubbed of it).
class OpenAiClient : public QObject, public Embedder
{
    Q_OBJECT
public:
    // `clock` (not owned; null = real time) drives backoff, limits and the breaker.
    OpenAiClient(OpenAiSettings settings, QString apiKey, Clock *clock = nullptr, QObject *parent = nullptr);
    ~OpenAiClient() override;

    const OpenAiSettings &settings() const { return m_settings; }
    void setSettings(OpenAiSettings settings); // for later calls; calls in flight keep what they started with
    void setApiKey(QString apiKey);
    bool hasApiKey() const { return !m_apiKey.isEmpty(); }

    // Embedder: vectors in input order, settings().embeddingDimensions long. Texts must not be empty.
    QString modelName() const override { return m_settings.embeddingModel; }
    int dimensions() const override;
    bool isSemantic() const override { return true; }
    using Embedder::embed;
    QCoro::Task<Result<QList<Embedding>>> embed(QStringList texts, EmbedOptions options) override;
    QCoro::Task<Result<QList<Embedding>>> embed(QStringList texts, CancelToken cancel);

    QCoro::Task<Result<ChatReply>> chat(ChatRequest request, CancelToken cancel = {});
    // Streams the reply; onDelta receives each piece of text as it arrives (on this thread). A stream that
    // breaks off is an error even when text was shown; it is retried only while nothing has been shown.
    QCoro::Task<Result<ChatReply>> chatStream(
        ChatRequest request, std::function<void(QString delta)> onDelta, CancelToken cancel = {});
    // Model ids the key can use, sorted.
    QCoro::Task<Result<QStringList>> models(CancelToken cancel = {});

    // Calls off everything in flight or waiting; they answer Error::Cancelled.
    void cancelAll();

    CircuitBreaker *breaker() { return m_breaker; }
    RateLimiter &rateLimiter() { return m_limiter; }
    // The jitter source, [0, 1); tests pin it.
    void setRandomSource(std::function<double()> random) { m_random = std::move(random); }

    // About 4 characters per token (OpenAI's rule of thumb for English); no tokenizer is shipped.
    static int estimateTokens(const QString &text);

    // Readers of the server's answers: pure functions over what arrived, so the fuzz targets reach them.
    // The vectors of an /embeddings answer for `texts` inputs, `dimensions` long (0: the first sets it).
    static Result<QList<Embedding>> readEmbeddings(const QJsonObject &reply, qsizetype texts, int dimensions);
    // A /chat/completions answer: the message, or only `refusal` (with model and usage) when it declined.
    static Result<ChatReply> readChat(const QJsonObject &object);
    // One event of a streamed answer into `reply` (model, usage, finish reason, content); returns its text.
    static Result<QString> readStreamEvent(const QByteArray &event, ChatReply &reply);
    // error.message / error.code of OpenAI's error body, when there is one.
    static std::pair<QString, QString> serverError(const QByteArray &body);

Q_SIGNALS:
    void breakerStateChanged(CircuitBreaker::State state);
    // One attempt failed (and may be retried). `message` is safe to show and to log.
    void attemptFailed(OpenAiFault fault, QString message);
    void retryScheduled(int retry, qint64 delayMs, OpenAiFault fault);
    // A request succeeded and the server said what it cost (its `usage` field).
    void usageReported(const ApiUsage &usage);

private:
    struct StreamSink
    {
        std::function<void()> begin; // a new attempt starts: reset the parser
        std::function<void(const QByteArray &)> chunk;
        std::function<std::optional<Error>()> finish; // after a 2xx: did the stream end properly?
        std::function<bool()> shownAnything; // then a failure must not be retried
    };
    struct ApiCall
    {
        QByteArray verb = "POST";
        QString path; // "embeddings", relative to the base URL
        QByteArray body;
        int estimatedTokens = 1;
        QString model; // named in the 404 message
        StreamSink *stream = nullptr;
    };
    struct Outcome
    {
        OpenAiFault fault = OpenAiFault::None;
        Error error;
        bool retry = false;
        bool breakerFailure = false;
    };

    // Limits, breaker, retries; on success the raw 2xx reply (body parsed as JSON unless streamed).
    QCoro::Task<Result<OpenAiRawReply>> call(ApiCall call, CancelToken cancel);
    QCoro::Task<OpenAiRawReply> exchange(const ApiCall &call, const OpenAiSettings &settings, CancelToken cancel,
        CancelToken all); // openaitransport.cpp
    Outcome classify(const OpenAiRawReply &raw, const ApiCall &call) const; // openaierrors.cpp
    QString scrub(QString text) const;
    QCoro::Task<bool> sleepUnlessCancelled(qint64 ms, CancelToken cancel, CancelToken all);
    bool cancelled(const CancelToken &cancel, const CancelToken &all) const;

    void reportUsage(const QString &endpoint, const QString &model, const QString &tag, int inputs,
        qint64 promptTokens, qint64 completionTokens);
    QCoro::Task<Result<QList<Embedding>>> embedBatch(
        QStringList texts, int tokens, CancelToken cancel, QString usageTag);
    ApiCall chatCall(const ChatRequest &request, bool stream) const;
    Result<ChatReply> finishChat(ChatReply reply, const ChatRequest &request, int estimatedTokens);

    OpenAiSettings m_settings;
    QString m_apiKey;
    Clock *m_clock;
    QNetworkAccessManager *m_nam;
    RateLimiter m_limiter;
    CircuitBreaker *m_breaker;
    CancelToken m_all; // replaced by cancelAll(); each call holds the one current at its start
    std::function<double()> m_random;
};
