#include "support/openaitestserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cmath>

// The endpoint bodies of OpenAiTestServer (HTTP plumbing and faults are in openaitestserver.cpp).

void OpenAiTestServer::embeddings(QTcpSocket *socket, const QJsonObject &body)
{
    const QJsonValue input = body.value(QLatin1String("input"));
    const QStringList texts = input.isString() ? QStringList { input.toString() } : QStringList();
    QStringList all = texts;
    for (const QJsonValue &text : input.toArray())
        all.append(text.toString());
    const int dims = body.value(QLatin1String("dimensions")).toInt(1536);
    const bool base64 = body.value(QLatin1String("encoding_format")).toString() == QLatin1String("base64");
    m_embeddedTexts += int(all.size());
    m_maxBatch = std::max(m_maxBatch, int(all.size()));
    QList<QJsonValue> items;
    int tokens = 0;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const QList<float> vector = vectorFor(all[i], dims);
        tokens += int(all[i].size() / 4) + 1;
        QJsonValue embedding;
        if (base64) {
            embedding = QString::fromLatin1(
                QByteArray(reinterpret_cast<const char *>(vector.constData()), vector.size() * 4).toBase64());
        } else {
            QJsonArray numbers;
            for (float x : vector)
                numbers.append(double(x));
            embedding = numbers;
        }
        items.append(QJsonObject { { QStringLiteral("object"), QStringLiteral("embedding") },
            { QStringLiteral("index"), int(i) }, { QStringLiteral("embedding"), embedding } });
    }
    // Real servers may return items in any order; the client must place them by index.
    QJsonArray data;
    for (auto it = items.crbegin(); it != items.crend(); ++it)
        data.append(*it);
    const QJsonObject reply { { QStringLiteral("object"), QStringLiteral("list") }, { QStringLiteral("data"), data },
        { QStringLiteral("model"), body.value(QLatin1String("model")) },
        { QStringLiteral("usage"),
            QJsonObject { { QStringLiteral("prompt_tokens"), tokens }, { QStringLiteral("total_tokens"), tokens } } } };
    respond(socket, 200, QJsonDocument(reply).toJson(QJsonDocument::Compact));
}

namespace {
// FNV-1a: stable across runs and platforms, unlike qHash.
quint32 fnv(const QString &text)
{
    quint32 h = 2166136261u;
    for (QChar c : text) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return h;
}

QString words(quint32 h, const QString &path)
{
    static const char *const vocabulary[] = { "the", "exchange", "shows", "a", "clear", "sign", "of", "care",
        "reasoning", "memory", "user", "reply", "detail", "context", "strong", "modest", "weak", "evidence", "for",
        "this", "score", "because", "it", "names", "plan", "feeling", "risk", "and", "question", "answer" };
    constexpr quint32 size = sizeof(vocabulary) / sizeof(vocabulary[0]);
    QStringList out { QStringLiteral("Mock") };
    out << path.section(QLatin1Char('.'), -1) + QLatin1Char(':');
    const int count = 12 + int(h % 9);
    for (int i = 0; i < count; ++i) {
        h = h * 1103515245u + 12345u;
        out << QLatin1String(vocabulary[(h >> 8) % size]);
    }
    return out.join(QLatin1Char(' ')) + QLatin1Char('.');
}

QJsonValue instance(const QJsonObject &schema, const QString &seed, const QString &path)
{
    const quint32 h = fnv(seed + QLatin1Char('|') + path);
    if (schema.contains(QLatin1String("enum"))) {
        const QJsonArray values = schema.value(QLatin1String("enum")).toArray();
        return values.isEmpty() ? QJsonValue() : values.at(qsizetype(h % quint32(values.size())));
    }
    QString type = schema.value(QLatin1String("type")).toString();
    for (const QJsonValue &t : schema.value(QLatin1String("type")).toArray()) {
        if (t.toString() != QLatin1String("null")) {
            type = t.toString();
            break;
        }
    }
    if (type == QLatin1String("object")) {
        QJsonObject object;
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it)
            object.insert(it.key(), instance(it.value().toObject(), seed, path + QLatin1Char('.') + it.key()));
        return object;
    }
    if (type == QLatin1String("array")) {
        int count = schema.value(QLatin1String("minItems")).toInt(2);
        if (schema.contains(QLatin1String("maxItems")))
            count = std::min(count, schema.value(QLatin1String("maxItems")).toInt());
        QJsonArray array;
        for (int i = 0; i < count; ++i)
            array.append(
                instance(schema.value(QLatin1String("items")).toObject(), seed, path + QStringLiteral("[%1]").arg(i)));
        return array;
    }
    const double lo = schema.value(QLatin1String("minimum")).toDouble(0.0);
    const double hi
        = schema.value(QLatin1String("maximum")).toDouble(type == QLatin1String("integer") ? lo + 10 : lo + 1);
    const double fraction = double(h % 1001) / 1000.0;
    if (type == QLatin1String("number"))
        return std::round((lo + fraction * (hi - lo)) * 100.0) / 100.0; // rounding stays within [lo, hi]
    if (type == QLatin1String("integer"))
        return std::ceil(lo) + double(h % quint32(std::max(1.0, std::floor(hi) - std::ceil(lo) + 1)));
    if (type == QLatin1String("boolean"))
        return (h & 1u) != 0;
    if (type == QLatin1String("null"))
        return QJsonValue();
    return words(h, path);
}
} // namespace

QJsonValue OpenAiTestServer::instanceFor(const QJsonObject &schema, const QString &seed)
{
    return instance(schema, seed, QStringLiteral("$"));
}

void OpenAiTestServer::chat(QTcpSocket *socket, const QJsonObject &body, bool violate, bool cut)
{
    const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
    const QJsonObject schema = body.value(QLatin1String("response_format"))
                                   .toObject()
                                   .value(QLatin1String("json_schema"))
                                   .toObject()
                                   .value(QLatin1String("schema"))
                                   .toObject();
    QString content = m_chatContent;
    int promptTokens = 12, completionTokens = 8; // fixed for the echo, which tests compare exactly
    if (content.isEmpty() && !schema.isEmpty()) {
        // Seeded by the whole conversation: the same request gets the same answer, another memory another.
        QString seed;
        for (const QJsonValue &m : messages)
            seed += m.toObject().value(QLatin1String("content")).toString();
        content = QString::fromUtf8(QJsonDocument(instanceFor(schema, seed).toObject()).toJson(QJsonDocument::Compact));
        promptTokens = int(seed.size() / 4) + 4 * int(messages.size());
        completionTokens = int(content.size() / 4) + 1;
    }
    if (content.isEmpty())
        content = QStringLiteral("Echo: ") + messages.last().toObject().value(QLatin1String("content")).toString();
    if (violate)
        content = QStringLiteral("{\"unexpected\": \"field\", \"score\": 7}");
    const int delayMs = m_latencyBaseMs + int(m_latencyPerTokenMs * completionTokens);
    if (delayMs > 0) {
        QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(delayMs, this, [this, guard, body, cut, content, promptTokens, completionTokens] {
            if (guard && guard->state() == QAbstractSocket::ConnectedState)
                answer(guard, body, content, promptTokens, completionTokens, cut);
        });
        return;
    }
    answer(socket, body, content, promptTokens, completionTokens, cut);
}

void OpenAiTestServer::answer(QTcpSocket *socket, const QJsonObject &body, const QString &content, int promptTokens,
    int completionTokens, bool cut)
{
    const QString model = body.value(QLatin1String("model")).toString();
    if (body.value(QLatin1String("stream")).toBool())
        return stream(socket, model, content, cut);
    const QJsonObject message { { QStringLiteral("role"), QStringLiteral("assistant") },
        { QStringLiteral("content"), content }, { QStringLiteral("refusal"), QJsonValue() } };
    const QJsonObject reply { { QStringLiteral("id"), QStringLiteral("chatcmpl-mock") },
        { QStringLiteral("object"), QStringLiteral("chat.completion") }, { QStringLiteral("model"), model },
        { QStringLiteral("choices"),
            QJsonArray { QJsonObject { { QStringLiteral("index"), 0 }, { QStringLiteral("message"), message },
                { QStringLiteral("finish_reason"), QStringLiteral("stop") } } } },
        { QStringLiteral("usage"),
            QJsonObject { { QStringLiteral("prompt_tokens"), promptTokens },
                { QStringLiteral("completion_tokens"), completionTokens },
                { QStringLiteral("total_tokens"), promptTokens + completionTokens } } } };
    respond(socket, 200, QJsonDocument(reply).toJson(QJsonDocument::Compact));
}

void OpenAiTestServer::stream(QTcpSocket *socket, const QString &model, const QString &content, bool cut)
{
    QList<QByteArray> events;
    const auto chunk = [&](const QJsonObject &delta, const QJsonValue &finish) {
        const QJsonObject object { { QStringLiteral("id"), QStringLiteral("chatcmpl-mock") },
            { QStringLiteral("object"), QStringLiteral("chat.completion.chunk") }, { QStringLiteral("model"), model },
            { QStringLiteral("choices"),
                QJsonArray { QJsonObject { { QStringLiteral("index"), 0 }, { QStringLiteral("delta"), delta },
                    { QStringLiteral("finish_reason"), finish } } } } };
        events.append("data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n");
    };
    chunk(QJsonObject { { QStringLiteral("role"), QStringLiteral("assistant") },
              { QStringLiteral("content"), QString() } },
        QJsonValue());
    const qsizetype step = std::max<qsizetype>(1, (content.size() + m_streamPieces - 1) / m_streamPieces);
    for (qsizetype at = 0; at < content.size(); at += step)
        chunk(QJsonObject { { QStringLiteral("content"), content.mid(at, step) } }, QJsonValue());
    chunk(QJsonObject {}, QStringLiteral("stop"));
    const QJsonObject usage { { QStringLiteral("object"), QStringLiteral("chat.completion.chunk") },
        { QStringLiteral("choices"), QJsonArray {} },
        { QStringLiteral("usage"),
            QJsonObject { { QStringLiteral("prompt_tokens"), 12 }, { QStringLiteral("completion_tokens"), 8 },
                { QStringLiteral("total_tokens"), 20 } } } };
    events.append("data: " + QJsonDocument(usage).toJson(QJsonDocument::Compact) + "\n\n");
    events.append("data: [DONE]\n\n");

    // Every event goes out in two TCP writes a few ms apart, so the client sees events split across reads.
    QList<QByteArray> pieces;
    for (const QByteArray &event : events) {
        pieces.append(event.left(event.size() / 2));
        pieces.append(event.mid(event.size() / 2));
    }
    if (cut)
        pieces = pieces.mid(0, pieces.size() / 2 | 1); // odd: ends halfway through an event

    QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                      "Connection: keep-alive\r\n";
    for (const auto &[name, value] : m_extraHeaders)
        head += name + ": " + value + "\r\n";
    socket->write(head + "\r\n");
    QPointer<QTcpSocket> guard(socket);
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        const QByteArray piece = QByteArray::number(pieces[i].size(), 16) + "\r\n" + pieces[i] + "\r\n";
        QTimer::singleShot(int(2 * (i + 1)), this, [guard, piece] {
            if (guard && guard->state() == QAbstractSocket::ConnectedState) {
                guard->write(piece);
                guard->flush();
            }
        });
    }
    QTimer::singleShot(int(2 * (pieces.size() + 1)), this, [this, guard, cut] {
        if (!guard || guard->state() != QAbstractSocket::ConnectedState)
            return;
        if (cut) {
            m_buffers.remove(guard);
            guard->abort();
        } else {
            guard->write("0\r\n\r\n");
        }
    });
}
