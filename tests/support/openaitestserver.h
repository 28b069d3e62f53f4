#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>

class QTcpServer;
class QTcpSocket;

// A loopback HTTP/1.1 server that speaks enough of the OpenAI wire format for the client's tests and for
// pointing Sextant at it by hand (sextant-openai-mock): /v1/embeddings (deterministic vectors, float or
// base64), /v1/chat/completions (plain, json_schema, and server-sent events), /v1/models. Faults are
// queued and each one is used up by the next request, whatever its endpoint.
// Lives on the thread that created it; answers from that thread's event loop.
class OpenAiTestServer : public QObject
{
    Q_OBJECT
public:
    enum class Fault {
        RateLimit, // 429 with retry-after-ms = param and Retry-After = ceil(param / 1000)
        ServerError, // 500
        Slow, // answer normally after param ms
        Drop, // close the connection without answering
        MalformedJson, // 200 with a truncated JSON body
        CutStream, // a stream that stops in the middle of an event (plain requests: like Drop)
        SchemaViolation, // chat content that breaks any schema with a required field
        Unauthorized, // 401
        Forbidden, // 403
        NotFound, // 404 model_not_found
        BadRequestEchoingKey, // 400 whose message quotes the Authorization header, as a careless proxy might
    };

    explicit OpenAiTestServer(QObject *parent = nullptr);
    ~OpenAiTestServer() override;

    bool listen(quint16 port = 0); // 127.0.0.1 only
    QUrl baseUrl() const; // http://127.0.0.1:<port>/v1

    void queueFault(Fault fault, int param = 0);
    void clearFaults() { m_faults.clear(); }
    int pendingFaults() const { return int(m_faults.size()); }

    void setRequiredKey(const QString &key) { m_requiredKey = key; } // others get 401; empty = any
    void setChatContent(const QString &content) { m_chatContent = content; } // empty: echo the last message
    void setStreamPieces(int pieces) { m_streamPieces = pieces; }
    void setExtraHeaders(const QList<std::pair<QByteArray, QByteArray>> &headers) { m_extraHeaders = headers; }
    void setTimeSource(std::function<qint64()> now) { m_now = std::move(now); }
    // A stand-in for model latency on chat answers: base + perToken·completion tokens (ms). Default 0.
    void setChatLatency(int baseMs, double perCompletionTokenMs)
    {
        m_latencyBaseMs = baseMs;
        m_latencyPerTokenMs = perCompletionTokenMs;
    }

    int requestCount() const { return m_requestCount; }
    int embeddedTexts() const { return m_embeddedTexts; }
    QHash<QByteArray, QByteArray> lastHeaders() const { return m_lastHeaders; } // names lower-case
    QByteArray lastBody() const { return m_lastBody; }
    QString lastPath() const { return m_lastPath; }
    QList<qint64> arrivals() const { return m_arrivals; } // per request, from the time source
    QList<int> arrivalTokens() const { return m_arrivalTokens; } // estimated tokens per request
    int maxBatchSize() const { return m_maxBatch; }

    // The vector the server returns for `text`: unit length, from a hash of the text.
    static QList<float> vectorFor(const QString &text, int dimensions);
    static QStringList modelIds();
    // A deterministic value that follows `schema` (objects with every property, numbers within
    // minimum/maximum, enums, arrays of minItems or 2, strings of a few words), varied by `seed`. A chat
    // request with response_format json_schema and no setChatContent() is answered with it.
    static QJsonValue instanceFor(const QJsonObject &schema, const QString &seed);

private:
    struct Request
    {
        QByteArray method;
        QString path;
        QHash<QByteArray, QByteArray> headers;
        QByteArray body;
    };
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void handle(QTcpSocket *socket, const Request &request, bool applyFaults);
    void embeddings(QTcpSocket *socket, const QJsonObject &body);
    void chat(QTcpSocket *socket, const QJsonObject &body, bool violate, bool cut);
    void answer(QTcpSocket *socket, const QJsonObject &body, const QString &content, int promptTokens,
        int completionTokens, bool cut);
    void stream(QTcpSocket *socket, const QString &model, const QString &content, bool cut);
    void respond(QTcpSocket *socket, int status, const QByteArray &body,
        const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    void error(QTcpSocket *socket, int status, const QString &message, const QString &type, const QString &code,
        const QList<std::pair<QByteArray, QByteArray>> &headers = {});

    QTcpServer *m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<std::pair<Fault, int>> m_faults;
    QString m_requiredKey;
    QString m_chatContent;
    int m_streamPieces = 6;
    int m_latencyBaseMs = 0;
    double m_latencyPerTokenMs = 0.0;
    QList<std::pair<QByteArray, QByteArray>> m_extraHeaders;
    std::function<qint64()> m_now;
    int m_requestCount = 0;
    int m_embeddedTexts = 0;
    int m_maxBatch = 0;
    QHash<QByteArray, QByteArray> m_lastHeaders;
    QByteArray m_lastBody;
    QString m_lastPath;
    QList<qint64> m_arrivals;
    QList<int> m_arrivalTokens;
};
