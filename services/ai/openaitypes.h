#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// Value structs of the OpenAI client. They cross threads by value.

struct ChatMessage
{
    QString role; // system | user | assistant
    QString content;
};

struct ChatRequest
{
    QList<ChatMessage> messages;
    QString model; // empty: OpenAiSettings::chatModel
    std::optional<double> temperature;
    int maxTokens = 0; // max_completion_tokens; 0 = not sent
    // Structured outputs: when jsonSchema is set the reply must be a JSON object that follows it
    // (response_format json_schema, strict); ChatReply::json then holds it.
    QString schemaName = QStringLiteral("answer");
    QJsonObject jsonSchema;
    QString usageTag; // the task its tokens are booked to in the usage panel (e.g. "Evaluate memories")
    // false: a reply that breaks jsonSchema, or a refusal, comes back as a ChatReply (json filled when the
    // content parses) for the caller to judge, so it can keep the raw text of a rejected answer.
    bool checkReply = true;
};

struct ChatReply
{
    QString content;
    QJsonObject json; // the parsed content when a schema was requested
    QString model; // as the server reports it
    QString finishReason;
    QString refusal; // the model's refusal, when it declined (only seen with checkReply = false)
    int promptTokens = 0;
    int completionTokens = 0;
};

// What one successful request cost, as the server's `usage` field said (for the usage panel).
struct ApiUsage
{
    QDateTime at;
    QString endpoint; // "embeddings" | "chat"
    QString model;
    QString task; // ChatRequest::usageTag / EmbedOptions::usageTag; empty = interactive
    int inputs = 0; // texts sent (embeddings) or 1 (chat)
    int cachedInputs = 0; // texts answered from the embedding cache instead (no tokens)
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
};

// What went wrong, for callers that branch (retry later, ask for a new key) and for the log panel.
enum class OpenAiFault {
    None,
    Unauthorized, // 401: the key was refused
    Forbidden, // 403: the key has no access (model, region, project)
    NotFound, // 404: unknown model or endpoint
    BadRequest, // other 4xx: the request itself is wrong
    RateLimited, // 429
    ServerError, // 5xx
    Timeout,
    Connection, // refused, dropped, cut mid-stream
    Malformed, // a 2xx body that is not the JSON we expect
    SchemaViolation, // structured output that does not follow the schema, or a refusal
    CircuitOpen, // not sent: the circuit breaker is open
    Cancelled,
};

// For log lines (not translated).
inline const char *faultName(OpenAiFault fault)
{
    static const char *const names[]
        = { "none", "unauthorized", "forbidden", "not-found", "bad-request", "rate-limited", "server-error", "timeout",
              "connection", "malformed", "schema-violation", "circuit-open", "cancelled" };
    return names[int(fault)];
}

// One HTTP exchange as the transport saw it (internal to the client, exposed for tests).
struct OpenAiRawReply
{
    int status = 0; // 0 when no HTTP status arrived
    QHash<QByteArray, QByteArray> headers; // names lower-case
    QByteArray body; // empty for a stream: its bytes went to the stream sink
    int networkError = 0; // QNetworkReply::NetworkError
    QString errorString; // Qt's description of a network error (names the URL, never headers)
    bool timedOut = false;
    bool cancelled = false;
};

Q_DECLARE_METATYPE(OpenAiFault)
Q_DECLARE_METATYPE(ApiUsage)
