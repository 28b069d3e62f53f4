#include "support/openaitestutil.h"

#include <QCoroTask>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

namespace {
QJsonObject evaluationSchema()
{
    return QJsonDocument::fromJson(R"({"type":"object","additionalProperties":false,"required":["score","reason"],
        "properties":{"score":{"type":"number","minimum":0,"maximum":1},"reason":{"type":"string"}}})")
        .object();
}

ChatRequest question(const QString &text)
{
    ChatRequest request;
    request.messages
        = { { QStringLiteral("system"), QStringLiteral("You evaluate memories.") }, { QStringLiteral("user"), text } };
    return request;
}
} // namespace

class TestOpenAiChat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<OpenAiTestServer>();
        QVERIFY(m_server->listen());
        m_clock = ManualClock();
    }
    void cleanup() { m_server.reset(); }

    void plainChat()
    {
        OpenAiClient client(mockSettings(*m_server), testApiKey(), &m_clock);
        const Result<ChatReply> reply = QCoro::waitFor(client.chat(question(QStringLiteral("Hello there"))));
        QVERIFY2(reply.ok(), qPrintable(reply.errorMessage()));
        QCOMPARE(reply->content, QStringLiteral("Echo: Hello there"));
        QCOMPARE(reply->model, QStringLiteral("gpt-4o-mini"));
        QCOMPARE(reply->finishReason, QStringLiteral("stop"));
        QCOMPARE(reply->promptTokens + reply->completionTokens, 20);
        const QJsonObject sent = QJsonDocument::fromJson(m_server->lastBody()).object();
        QCOMPARE(sent.value(QLatin1String("messages")).toArray().size(), 2);
        QVERIFY(!sent.contains(QLatin1String("response_format")));
    }

    void structuredOutput()
    {
        m_server->setChatContent(QStringLiteral(R"({"score":0.8,"reason":"vivid"})"));
        OpenAiClient client(mockSettings(*m_server), testApiKey(), &m_clock);
        ChatRequest request = question(QStringLiteral("Rate this"));
        request.jsonSchema = evaluationSchema();
        request.schemaName = QStringLiteral("evaluation");
        request.temperature = 0.0;
        const Result<ChatReply> reply = QCoro::waitFor(client.chat(request));
        QVERIFY2(reply.ok(), qPrintable(reply.errorMessage()));
        QCOMPARE(reply->json.value(QLatin1String("score")).toDouble(), 0.8);
        const QJsonObject format
            = QJsonDocument::fromJson(m_server->lastBody()).object().value(QLatin1String("response_format")).toObject();
        QCOMPARE(format.value(QLatin1String("type")).toString(), QStringLiteral("json_schema"));
        const QJsonObject schema = format.value(QLatin1String("json_schema")).toObject();
        QCOMPARE(schema.value(QLatin1String("name")).toString(), QStringLiteral("evaluation"));
        QCOMPARE(schema.value(QLatin1String("strict")).toBool(), true);
        QCOMPARE(schema.value(QLatin1String("schema")).toObject(), evaluationSchema());
    }

    void schemaViolationIsAnErrorNotARetry()
    {
        m_server->setChatContent(QStringLiteral(R"({"score":0.8,"reason":"vivid"})"));
        m_server->queueFault(OpenAiTestServer::Fault::SchemaViolation);
        OpenAiClient client(mockSettings(*m_server), testApiKey(), &m_clock);
        QSignalSpy failures(&client, &OpenAiClient::attemptFailed);
        ChatRequest request = question(QStringLiteral("Rate this"));
        request.jsonSchema = evaluationSchema();
        const Result<ChatReply> reply = QCoro::waitFor(client.chat(request));
        QVERIFY(!reply.ok());
        QCOMPARE(reply.error().code, Error::InvalidInput);
        QVERIFY(reply.errorMessage().contains(QLatin1String("schema")));
        QCOMPARE(m_server->requestCount(), 1);
        QCOMPARE(failures.count(), 1);
        QCOMPARE(failures.first().first().value<OpenAiFault>(), OpenAiFault::SchemaViolation);
        qInfo("FAULT schema-violating evaluation -> error: %s; 1 request", qPrintable(reply.errorMessage()));
    }

    void streamDeliversDeltasLive()
    {
        const QString text = QStringLiteral("The memory about the garden carries a calm, nostalgic tone.");
        m_server->setChatContent(text);
        m_server->setStreamPieces(8);
        OpenAiClient client(mockSettings(*m_server), testApiKey(), &m_clock);
        QStringList deltas;
        const Result<ChatReply> reply = QCoro::waitFor(
            client.chatStream(question(QStringLiteral("Summarise")), [&](const QString &d) { deltas.append(d); }));
        QVERIFY2(reply.ok(), qPrintable(reply.errorMessage()));
        QCOMPARE(reply->content, text);
        QCOMPARE(deltas.join(QString()), text);
        QCOMPARE(deltas.size(), 8);
        QCOMPARE(reply->finishReason, QStringLiteral("stop"));
        QCOMPARE(reply->completionTokens, 8); // the include_usage chunk
        QCOMPARE(m_server->lastHeaders().value("accept"), QByteArray("text/event-stream"));
        QVERIFY(m_server->lastBody().contains("\"stream\":true"));
    }

    void streamWithSchema()
    {
        m_server->setChatContent(QStringLiteral(R"({"score":0.25,"reason":"flat"})"));
        OpenAiClient client(mockSettings(*m_server), testApiKey(), &m_clock);
        ChatRequest request = question(QStringLiteral("Rate this"));
        request.jsonSchema = evaluationSchema();
        const Result<ChatReply> reply = QCoro::waitFor(client.chatStream(request, {}));
        QVERIFY2(reply.ok(), qPrintable(reply.errorMessage()));
        QCOMPARE(reply->json.value(QLatin1String("score")).toDouble(), 0.25);
    }

    void streamCutMidEventIsAnError()
    {
        m_server->setChatContent(QStringLiteral("A long answer that will never be finished by the server."));
        m_server->queueFault(OpenAiTestServer::Fault::CutStream);
        OpenAiClient client(mockSettings(*m_server), testApiKey(), &m_clock);
        QSignalSpy retries(&client, &OpenAiClient::retryScheduled);
        QString shown;
        const Result<ChatReply> reply
            = QCoro::waitFor(client.chatStream(question(QStringLiteral("Go")), [&](const QString &d) { shown += d; }));
        QVERIFY(!reply.ok()); // nothing partial comes back as a success
        QCOMPARE(reply.error().code, Error::Network);
        QVERIFY(!shown.isEmpty()); // text had been shown live, so the client does not retry
        QCOMPARE(retries.count(), 0);
        QCOMPARE(m_server->requestCount(), 1);
        qInfo("FAULT stream cut mid-event after %lld characters shown -> error: %s; no retry", qlonglong(shown.size()),
            qPrintable(reply.errorMessage()));
    }

    void streamRetriedWhileNothingShown()
    {
        m_server->queueFault(OpenAiTestServer::Fault::ServerError);
        OpenAiClient client(mockSettings(*m_server), testApiKey(), &m_clock);
        QString shown;
        const Result<ChatReply> reply = QCoro::waitFor(
            client.chatStream(question(QStringLiteral("ping")), [&](const QString &d) { shown += d; }));
        QVERIFY2(reply.ok(), qPrintable(reply.errorMessage()));
        QCOMPARE(shown, QStringLiteral("Echo: ping"));
        QCOMPARE(m_server->requestCount(), 2);
    }

private:
    std::unique_ptr<OpenAiTestServer> m_server;
    ManualClock m_clock;
};

QTEST_GUILESS_MAIN(TestOpenAiChat)
#include "tst_openaichat.moc"
