#include "support/openaitestutil.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <mutex>

namespace {
std::mutex logMutex;
QStringList capturedLog;
void captureMessage(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    const std::lock_guard lock(logMutex);
    capturedLog.append(QLatin1String(context.category ? context.category : "") + QLatin1Char(' ') + message);
}

QStringList texts(int n, const QString &prefix = QStringLiteral("memory"))
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out.append(QStringLiteral("%1 %2: the operator reviewed the archetype scores").arg(prefix).arg(i));
    return out;
}
} // namespace

class TestOpenAiClient : public QObject
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

    void embeddingsInInputOrder()
    {
        OpenAiSettings settings = mockSettings(*m_server);
        settings.batchMaxInputs = 64;
        OpenAiClient client(settings, testApiKey(), &m_clock);
        const QStringList input = texts(1000);
        const Result<QList<Embedding>> vectors = QCoro::waitFor(client.embed(input));
        QVERIFY2(vectors.ok(), qPrintable(vectors.errorMessage()));
        QCOMPARE(vectors->size(), input.size());
        for (qsizetype i = 0; i < input.size(); ++i)
            QVERIFY2(vectors->at(i) == OpenAiTestServer::vectorFor(input[i], 1536), qPrintable(QString::number(i)));
        QCOMPARE(m_server->requestCount(), 16); // ceil(1000 / 64)
        QCOMPARE(m_server->maxBatchSize(), 64);
        const auto headers = m_server->lastHeaders();
        QCOMPARE(headers.value("authorization"), "Bearer " + testApiKey().toUtf8());
        QCOMPARE(headers.value("openai-organization"), QByteArray("org-test"));
        QCOMPARE(headers.value("openai-project"), QByteArray("proj-test"));
        QVERIFY(m_server->lastBody().contains("\"dimensions\":1536"));
        QVERIFY(client.isSemantic());
        QCOMPARE(client.modelName(), QStringLiteral("text-embedding-3-small"));
    }

    void batchesByTokenEstimate()
    {
        OpenAiSettings settings = mockSettings(*m_server);
        settings.embeddingDimensions = 256;
        settings.batchMaxTokens = 100; // each text is about 14 tokens: 7 per batch
        OpenAiClient client(settings, testApiKey(), &m_clock);
        const QStringList input = texts(50);
        const Result<QList<Embedding>> vectors = QCoro::waitFor(client.embed(input));
        QVERIFY2(vectors.ok(), qPrintable(vectors.errorMessage()));
        QCOMPARE(vectors->first().size(), 256);
        QCOMPARE(vectors->last(), OpenAiTestServer::vectorFor(input.last(), 256));
        QCOMPARE(m_server->maxBatchSize(), 7);
        QCOMPARE(m_server->requestCount(), 8);
    }

    void emptyTextIsRefused()
    {
        OpenAiClient client(mockSettings(*m_server), testApiKey(), &m_clock);
        const auto result = QCoro::waitFor(client.embed({ QStringLiteral("a"), QStringLiteral("  ") }));
        QCOMPARE(result.error().code, Error::InvalidInput);
        QCOMPARE(m_server->requestCount(), 0);
    }

    void models()
    {
        OpenAiClient client(mockSettings(*m_server), testApiKey(), &m_clock);
        const Result<QStringList> ids = QCoro::waitFor(client.models());
        QVERIFY2(ids.ok(), qPrintable(ids.errorMessage()));
        QStringList expected = OpenAiTestServer::modelIds();
        expected.sort();
        QCOMPARE(*ids, expected);
        QCOMPARE(m_server->lastPath(), QStringLiteral("/v1/models"));
    }

    void unknownModelIsNamed()
    {
        OpenAiSettings settings = mockSettings(*m_server);
        settings.embeddingModel = QStringLiteral("text-embedding-9-huge");
        OpenAiClient client(settings, testApiKey(), &m_clock);
        const auto result = QCoro::waitFor(client.embed(texts(3)));
        QCOMPARE(result.error().code, Error::NotFound);
        QVERIFY(result.errorMessage().contains(QLatin1String("text-embedding-9-huge")));
        QCOMPARE(m_server->requestCount(), 1);
    }

    void faultMatrix_data()
    {
        using F = OpenAiTestServer::Fault;
        QTest::addColumn<int>("fault");
        QTest::addColumn<int>("param");
        QTest::addColumn<int>("times");
        QTest::addColumn<bool>("succeeds");
        QTest::addColumn<int>("requests");
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("observed");
        QTest::newRow("429 Retry-After 1.5 s")
            << int(F::RateLimit) << 1500 << 1 << true << 2 << 0 << int(OpenAiFault::RateLimited);
        QTest::newRow("500") << int(F::ServerError) << 0 << 1 << true << 2 << 0 << int(OpenAiFault::ServerError);
        QTest::newRow("slow 1.5 s, timeout 0.3 s")
            << int(F::Slow) << 1500 << 1 << true << 2 << 0 << int(OpenAiFault::Timeout);
        QTest::newRow("dropped connection")
            << int(F::Drop) << 0 << 1 << true << -2 << 0 << int(OpenAiFault::Connection);
        QTest::newRow("dropped twice (Qt resends once)")
            << int(F::Drop) << 0 << 2 << true << 3 << 0 << int(OpenAiFault::Connection);
        QTest::newRow("malformed JSON") << int(F::MalformedJson) << 0 << 1 << true << 2 << 0
                                        << int(OpenAiFault::Malformed);
        QTest::newRow("cut mid-reply") << int(F::CutStream) << 0 << 1 << true << -2 << 0
                                       << int(OpenAiFault::Connection);
        QTest::newRow("429 that persists")
            << int(F::RateLimit) << 10 << 4 << false << 4 << int(Error::Network) << int(OpenAiFault::RateLimited);
        QTest::newRow("401") << int(F::Unauthorized) << 0 << 1 << false << 1 << int(Error::InvalidInput)
                             << int(OpenAiFault::Unauthorized);
        QTest::newRow("403") << int(F::Forbidden) << 0 << 1 << false << 1 << int(Error::InvalidInput)
                             << int(OpenAiFault::Forbidden);
        QTest::newRow("404") << int(F::NotFound) << 0 << 1 << false << 1 << int(Error::NotFound)
                             << int(OpenAiFault::NotFound);
        QTest::newRow("400 quoting the key") << int(F::BadRequestEchoingKey) << 0 << 1 << false << 1
                                             << int(Error::InvalidInput) << int(OpenAiFault::BadRequest);
    }
    void faultMatrix()
    {
        QFETCH(int, fault);
        QFETCH(int, param);
        QFETCH(int, times);
        QFETCH(bool, succeeds);
        QFETCH(int, requests);
        QFETCH(int, code);
        QFETCH(int, observed);
        OpenAiSettings settings = mockSettings(*m_server);
        settings.timeoutMs = 300;
        OpenAiClient client(settings, testApiKey(), &m_clock);
        client.setRandomSource([] { return 0.5; });
        QSignalSpy failures(&client, &OpenAiClient::attemptFailed);
        QSignalSpy retries(&client, &OpenAiClient::retryScheduled);
        for (int i = 0; i < times; ++i)
            m_server->queueFault(OpenAiTestServer::Fault(fault), param);
        QElapsedTimer wall;
        wall.start();
        const Result<QList<Embedding>> result = QCoro::waitFor(client.embed(texts(5)));
        const qint64 ms = wall.elapsed();
        QCOMPARE(result.ok(), succeeds);
        if (requests > 0)
            QCOMPARE(m_server->requestCount(), requests);
        else // Qt may resend on a fresh connection itself before the client sees the drop
            QVERIFY(m_server->requestCount() >= -requests);
        QString outcome;
        if (!succeeds) {
            QCOMPARE(int(result.error().code), code);
            QVERIFY(!result.errorMessage().contains(testApiKey()));
            QCOMPARE(retries.count(), requests - 1); // 400/401/403/404: never retried
            outcome = QStringLiteral("error: ") + result.errorMessage();
        } else {
            QVERIFY(result->at(4) == OpenAiTestServer::vectorFor(texts(5).at(4), 1536));
            outcome = QStringLiteral("success after %1 retr%2")
                          .arg(retries.count())
                          .arg(retries.count() == 1 ? QLatin1String("y") : QLatin1String("ies"));
        }
        if (!failures.isEmpty())
            QCOMPARE(failures.first().first().value<OpenAiFault>(), OpenAiFault(observed));
        if (times == 2)
            QCOMPARE(failures.size(), 1); // the second drop reached the client, which retried
        if (fault == int(OpenAiTestServer::Fault::RateLimit))
            QCOMPARE(retries.first().at(1).toLongLong(), qint64(param)); // Retry-After, not the jitter
        if (fault == int(OpenAiTestServer::Fault::ServerError))
            QCOMPARE(retries.first().at(1).toLongLong(), 50); // jitter 0.5 of the first ceiling, 100 ms
        qInfo("FAULT %s -> %s; %d request(s), %lld ms wall, %lld ms backoff", QTest::currentDataTag(),
            qPrintable(outcome), m_server->requestCount(), ms, m_clock.slept());
    }

    void backoffBoundsAndGivingUp()
    {
        OpenAiSettings settings = mockSettings(*m_server);
        settings.maxRetries = 4;
        settings.backoffBaseMs = 200;
        settings.backoffMaxMs = 1000;
        settings.breakerThreshold = 100;
        OpenAiClient client(settings, testApiKey(), &m_clock);
        client.setRandomSource([] { return 0.999999; });
        QSignalSpy retries(&client, &OpenAiClient::retryScheduled);
        for (int i = 0; i < 5; ++i)
            m_server->queueFault(OpenAiTestServer::Fault::ServerError);
        const qint64 before = m_clock.nowMs();
        const auto result = QCoro::waitFor(client.embed(texts(2)));
        QVERIFY(!result.ok());
        QVERIFY(result.errorMessage().contains(QLatin1String("5 attempt")));
        QCOMPARE(m_server->requestCount(), 5);
        QCOMPARE(retries.count(), 4);
        const qint64 ceilings[] = { 200, 400, 800, 1000 };
        qint64 total = 0;
        for (int i = 0; i < 4; ++i) {
            const qint64 delay = retries.at(i).at(1).toLongLong();
            QVERIFY(delay <= ceilings[i] && delay >= ceilings[i] - 1);
            total += delay;
        }
        QCOMPARE(m_clock.nowMs() - before, total); // the client slept exactly that, on the injected clock
    }

    void breakerTransitions()
    {
        OpenAiSettings settings = mockSettings(*m_server);
        settings.maxRetries = 1;
        settings.breakerThreshold = 2;
        settings.breakerCooldownMs = 60000;
        OpenAiClient client(settings, testApiKey(), &m_clock);
        QSignalSpy states(&client, &OpenAiClient::breakerStateChanged);
        m_server->queueFault(OpenAiTestServer::Fault::ServerError);
        m_server->queueFault(OpenAiTestServer::Fault::ServerError);
        QVERIFY(!QCoro::waitFor(client.embed(texts(1))).ok());
        QCOMPARE(client.breaker()->state(), CircuitBreaker::State::Open);
        const auto refused = QCoro::waitFor(client.embed(texts(1)));
        QVERIFY(refused.errorMessage().contains(QLatin1String("paused")));
        QCOMPARE(m_server->requestCount(), 2); // nothing sent while open
        m_clock.advance(60000);
        QCOMPARE(client.breaker()->state(), CircuitBreaker::State::HalfOpen);
        QVERIFY(QCoro::waitFor(client.embed(texts(1))).ok());
        QCOMPARE(client.breaker()->state(), CircuitBreaker::State::Closed);
        QCOMPARE(states.count(), 3);
        QCOMPARE(states.at(0).at(0).value<CircuitBreaker::State>(), CircuitBreaker::State::Open);
        QCOMPARE(states.at(1).at(0).value<CircuitBreaker::State>(), CircuitBreaker::State::HalfOpen);
        QCOMPARE(states.at(2).at(0).value<CircuitBreaker::State>(), CircuitBreaker::State::Closed);
    }

    void cancellation()
    {
        OpenAiClient client(mockSettings(*m_server), testApiKey(), &m_clock);
        m_server->queueFault(OpenAiTestServer::Fault::Slow, 5000);
        CancelToken token;
        QTimer::singleShot(100, [token]() mutable { token.cancel(); });
        const int answered = m_server->embeddedTexts();
        const auto result = QCoro::waitFor(client.embed(texts(3), token));
        QCOMPARE(result.error().code, Error::Cancelled);
        // The cancel did not wait for the reply: the server (on this thread) is still holding it back.
        QCOMPARE(m_server->requestCount(), 1);
        QCOMPARE(m_server->embeddedTexts(), answered);

        m_server->queueFault(OpenAiTestServer::Fault::Slow, 5000);
        QTimer::singleShot(100, &client, &OpenAiClient::cancelAll);
        QCOMPARE(QCoro::waitFor(client.models()).error().code, Error::Cancelled);
        QVERIFY(QCoro::waitFor(client.models()).ok()); // later calls are not affected
    }

    void keyNeverLogged()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("sextant.*=true"));
        capturedLog.clear();
        const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
        OpenAiSettings settings = mockSettings(*m_server);
        settings.timeoutMs = 300;
        OpenAiClient client(settings, testApiKey(), &m_clock);
        QStringList errors;
        using F = OpenAiTestServer::Fault;
        for (F fault : { F::Unauthorized, F::BadRequestEchoingKey, F::ServerError, F::Drop, F::MalformedJson, F::Slow,
                 F::RateLimit, F::NotFound, F::Forbidden }) {
            m_server->queueFault(fault, fault == F::Slow ? 1000 : 10);
            errors << QCoro::waitFor(client.embed(texts(2))).errorMessage();
        }
        ChatRequest hello;
        hello.messages = { { QStringLiteral("user"), QStringLiteral("hi") } };
        errors << QCoro::waitFor(client.chat(hello)).errorMessage();
        errors << QCoro::waitFor(client.models()).errorMessage();
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
        QVERIFY(capturedLog.size() >= 10);
        const QStringList everything = capturedLog + errors;
        for (const QString &line : everything)
            QVERIFY2(!line.contains(testApiKey()) && !line.contains(QLatin1String("S3CR3T")), qPrintable(line));
        QVERIFY(errors.join(QLatin1Char('\n')).contains(QLatin1String("***"))); // the 400 quoted it, scrubbed
    }

    void burstOf200RespectsRequestBucket()
    {
        // A minute passes in 0.6 s (slower under the sanitizers, so that a request still fits in the slack below).
        FastClock clock(100 / testTimeScale());
        OpenAiSettings settings = mockSettings(*m_server);
        settings.requestsPerMinute = 60;
        OpenAiClient client(settings, testApiKey(), &clock);
        m_server->setTimeSource([&clock] { return clock.nowMs(); });
        const qint64 start = clock.nowMs();
        std::vector<QCoro::Task<Result<QStringList>>> tasks;
        for (int i = 0; i < 200; ++i)
            tasks.push_back(client.models());
        int ok = 0;
        for (auto &task : tasks)
            ok += QCoro::waitFor(std::move(task)).ok() ? 1 : 0;
        QCOMPARE(ok, 200);
        QList<qint64> arrivals = m_server->arrivals();
        std::sort(arrivals.begin(), arrivals.end());
        QCOMPARE(arrivals.size(), 200);
        // Token bucket law: by time t at most 60 + t/1 s requests; slack for event-loop latency at 100x.
        for (int k = 60; k < 200; ++k) {
            const qint64 earliest = start + qint64(k + 1 - 60) * 1000;
            QVERIFY2(arrivals[k] >= earliest - 300,
                qPrintable(QStringLiteral("request %1 at %2 ms, bucket allows %3")
                               .arg(k)
                               .arg(arrivals[k] - start)
                               .arg(earliest - start)));
        }
        const qint64 span = arrivals.last() - start;
        qInfo("200 requests at 60 RPM: last sent after %lld ms of clock time (ideal 140000)", span);
        QVERIFY(span < 140000 * 13 / 10);
    }

    void embeddingThroughput()
    {
        // The server gets its own thread, so the figure is the client's (and loopback's), not the mock's.
        QThread thread;
        thread.start();
        auto *server = new OpenAiTestServer;
        server->moveToThread(&thread);
        bool listening = false;
        QMetaObject::invokeMethod(
            server, [&] { listening = server->listen(); }, Qt::BlockingQueuedConnection);
        QVERIFY(listening);
        const auto stop = qScopeGuard([&] {
            QMetaObject::invokeMethod(
                server, [server] { delete server; }, Qt::BlockingQueuedConnection);
            thread.quit();
            thread.wait();
        });
        OpenAiSettings settings = mockSettings(*server);
        settings.requestsPerMinute = 100000;
        settings.tokensPerMinute = 100000000;
        OpenAiClient client(settings, testApiKey());
        const QStringList input = texts(2000, QStringLiteral("throughput"));
        QElapsedTimer wall;
        wall.start();
        const auto vectors = QCoro::waitFor(client.embed(input));
        const qint64 ms = std::max<qint64>(1, wall.elapsed());
        QVERIFY(vectors.ok());
        QCOMPARE(vectors->size(), 2000);
        qInfo("THROUGHPUT 2000 texts x 1536 d, batches of %d, %d in flight: %lld ms, %.0f texts/s (server on its own "
              "thread)",
            settings.batchMaxInputs, settings.embeddingConcurrency, ms, 2000.0 * 1000.0 / double(ms));
    }

private:
    std::unique_ptr<OpenAiTestServer> m_server;
    ManualClock m_clock;
};

QTEST_GUILESS_MAIN(TestOpenAiClient)
#include "tst_openaiclient.moc"
