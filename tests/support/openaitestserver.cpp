#include "support/openaitestserver.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <cmath>

namespace {
QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    default:
        return status >= 500 ? "Internal Server Error" : "Status";
    }
}
} // namespace

OpenAiTestServer::OpenAiTestServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    connect(m_server, &QTcpServer::newConnection, this, &OpenAiTestServer::onNewConnection);
}

OpenAiTestServer::~OpenAiTestServer() = default;

bool OpenAiTestServer::listen(quint16 port)
{
    return m_server->listen(QHostAddress::LocalHost, port);
}

QUrl OpenAiTestServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(m_server->serverPort()));
}

void OpenAiTestServer::queueFault(Fault fault, int param)
{
    m_faults.append({ fault, param });
}

QStringList OpenAiTestServer::modelIds()
{
    return { QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o"), QStringLiteral("text-embedding-3-small"),
        QStringLiteral("text-embedding-3-large") };
}

QList<float> OpenAiTestServer::vectorFor(const QString &text, int dimensions)
{
    const QByteArray digest = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
    quint64 state = 0;
    memcpy(&state, digest.constData(), sizeof state);
    QList<float> out(dimensions);
    double norm = 0;
    for (float &x : out) { // SplitMix64
        quint64 z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        x = float(double(z >> 11) / double(1ULL << 53) - 0.5);
        norm += double(x) * x;
    }
    const float scale = norm > 0 ? float(1.0 / std::sqrt(norm)) : 0.0f;
    for (float &x : out)
        x *= scale;
    return out;
}

void OpenAiTestServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        m_buffers.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void OpenAiTestServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer.append(socket->readAll());
    while (true) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        Request request;
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.method = first.value(0);
        request.path = QString::fromLatin1(first.value(1));
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        request.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        ++m_requestCount;
        m_lastHeaders = request.headers;
        m_lastBody = request.body;
        m_lastPath = request.path;
        m_arrivals.append(m_now());
        m_arrivalTokens.append(int(request.body.size() / 4) + 1);
        handle(socket, request, true);
        if (!m_buffers.contains(socket))
            return; // dropped
    }
}

void OpenAiTestServer::handle(QTcpSocket *socket, const Request &request, bool applyFaults)
{
    std::pair<Fault, int> fault { Fault::Slow, 0 };
    const bool faulty = applyFaults && !m_faults.isEmpty();
    if (faulty)
        fault = m_faults.takeFirst();
    if (faulty) {
        switch (fault.first) {
        case Fault::RateLimit:
            return error(socket, 429, QStringLiteral("Rate limit reached for requests"), QStringLiteral("requests"),
                QStringLiteral("rate_limit_exceeded"),
                { { "retry-after-ms", QByteArray::number(fault.second) },
                    { "Retry-After", QByteArray::number((fault.second + 999) / 1000) } });
        case Fault::ServerError:
            return error(socket, 500, QStringLiteral("The server had an error"), QStringLiteral("server_error"), {});
        case Fault::Slow: {
            QPointer<QTcpSocket> guard(socket);
            QTimer::singleShot(fault.second, this, [this, guard, request] {
                if (guard && guard->state() == QAbstractSocket::ConnectedState)
                    handle(guard, request, false);
            });
            return;
        }
        case Fault::Drop:
            m_buffers.remove(socket);
            socket->abort();
            return;
        case Fault::MalformedJson:
            return respond(socket, 200, "{\"object\": \"list\", \"data\": [{\"index\": 0, \"embedding\": [0.1,");
        case Fault::Unauthorized:
            return error(socket, 401, QStringLiteral("Incorrect API key provided."),
                QStringLiteral("invalid_request_error"), QStringLiteral("invalid_api_key"));
        case Fault::Forbidden:
            return error(socket, 403, QStringLiteral("Country, region, or territory not supported"),
                QStringLiteral("request_forbidden"), QStringLiteral("unsupported_country_region_territory"));
        case Fault::NotFound:
            return error(socket, 404, QStringLiteral("The model does not exist or you do not have access to it."),
                QStringLiteral("invalid_request_error"), QStringLiteral("model_not_found"));
        case Fault::BadRequestEchoingKey:
            return error(socket, 400,
                QStringLiteral("Bad header: ") + QString::fromUtf8(request.headers.value("authorization")),
                QStringLiteral("invalid_request_error"), {});
        case Fault::CutStream:
        case Fault::SchemaViolation:
            break;
        }
    }
    if (!m_requiredKey.isEmpty() && request.headers.value("authorization") != "Bearer " + m_requiredKey.toUtf8())
        return error(socket, 401, QStringLiteral("Incorrect API key provided."),
            QStringLiteral("invalid_request_error"), QStringLiteral("invalid_api_key"));
    const bool cut = faulty && fault.first == Fault::CutStream;
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    if (request.method == "GET" && request.path == QLatin1String("/v1/models")) {
        QJsonArray data;
        for (const QString &id : modelIds())
            data.append(
                QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("object"), QStringLiteral("model") },
                    { QStringLiteral("owned_by"), QStringLiteral("sextant-mock") } });
        return respond(socket, 200,
            QJsonDocument(
                QJsonObject { { QStringLiteral("object"), QStringLiteral("list") }, { QStringLiteral("data"), data } })
                .toJson(QJsonDocument::Compact));
    }
    const QString model = body.value(QLatin1String("model")).toString();
    if (request.method == "POST" && !modelIds().contains(model) && request.path.startsWith(QLatin1String("/v1/")))
        return error(socket, 404,
            QStringLiteral("The model `%1` does not exist or you do not have access to it.").arg(model),
            QStringLiteral("invalid_request_error"), QStringLiteral("model_not_found"));
    if (cut && !body.value(QLatin1String("stream")).toBool()) {
        m_buffers.remove(socket);
        socket->abort();
        return;
    }
    if (request.method == "POST" && request.path == QLatin1String("/v1/embeddings"))
        return embeddings(socket, body);
    if (request.method == "POST" && request.path == QLatin1String("/v1/chat/completions"))
        return chat(socket, body, faulty && fault.first == Fault::SchemaViolation, cut);
    error(socket, 404, QStringLiteral("Unknown endpoint %1").arg(request.path), QStringLiteral("invalid_request_error"),
        {});
}

void OpenAiTestServer::respond(
    QTcpSocket *socket, int status, const QByteArray &body, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: keep-alive\r\n";
    for (const auto &[name, value] : headers + m_extraHeaders)
        head += name + ": " + value + "\r\n";
    socket->write(head + "\r\n" + body);
}

void OpenAiTestServer::error(QTcpSocket *socket, int status, const QString &message, const QString &type,
    const QString &code, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    const QJsonObject error { { QStringLiteral("message"), message }, { QStringLiteral("type"), type },
        { QStringLiteral("code"), code.isEmpty() ? QJsonValue() : QJsonValue(code) } };
    respond(socket, status,
        QJsonDocument(QJsonObject { { QStringLiteral("error"), error } }).toJson(QJsonDocument::Compact), headers);
}
