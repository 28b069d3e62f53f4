#include "ai/aiendpoint.h"
#include "ai/embeddingcache.h"
#include "ai/usageledger.h"
#include "db/databaseworker.h"
#include "db/sqliteworkspace.h"
#include "support/faultproxy.h"
#include "support/openaitestutil.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// Network fault drills between Sextant and the OpenAI endpoint (issue 21, item 3): the loopback OpenAI server sits
// behind a FaultProxy that cuts a reply in the middle, resets the connection, stalls and trickles. Each failed
// request ends in a sentence that says what happened, leaves no half result behind (the embedding cache and the
// usage ledger in the workspace are as they were), and the same request works once the proxy passes again.
class TestOpenAiProxyDrill : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<OpenAiTestServer> m_server;
    std::unique_ptr<FaultProxy> m_proxy;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<AiEndpoint> m_ai;

    static QStringList texts(const QString &prefix)
    {
        QStringList out;
        for (int i = 0; i < 8; ++i)
            out << QStringLiteral("%1 %2: the reviewer approved the match").arg(prefix).arg(i);
        return out;
    }

    qint64 scalar(const QString &sql)
    {
        QFuture<Result<qint64>> n = m_worker->run([sql](Repository &r) -> Result<qint64> {
            QSqlQuery q(r.database());
            if (!q.exec(sql) || !q.next())
                return Repository::queryError(q, sql);
            return q.value(0).toLongLong();
        });
        n.waitForFinished();
        return n.result() ? *n.result() : -1;
    }

    // What a request leaves in the workspace: cached vectors and booked usage rows (pending ones written first).
    std::pair<qint64, qint64> stored()
    {
        QSignalSpy written(m_ai->ledger(), &UsageLedger::written);
        m_ai->ledger()->flush();
        written.wait(500); // only when something was pending
        return { scalar(QStringLiteral("SELECT count(*) FROM embedding_cache")),
            scalar(QStringLiteral("SELECT count(*) FROM api_usage")) };
    }

    Result<QList<Embedding>> embed(const QStringList &input) { return QCoro::waitFor(m_ai->embedder()->embed(input)); }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_server = std::make_unique<OpenAiTestServer>();
        QVERIFY(m_server->listen());
        m_proxy = std::make_unique<FaultProxy>(QStringLiteral("127.0.0.1"), quint16(m_server->baseUrl().port()));
        QVERIFY(m_proxy->listen());
        m_worker = std::make_unique<DatabaseWorker>();
        const QString path = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QLatin1String(".sqlite"));
        const Result<void> opened = m_worker
                                        ->open([path]() -> Result<std::unique_ptr<Repository>> {
                                            return SqliteWorkspace::open(path, QStringLiteral("openai-drill"));
                                        })
                                        .result();
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        AiEndpoint::Config config;
        config.provider = AiEndpoint::Provider::OpenAi;
        config.openai = mockSettings(*m_server);
        config.openai.baseUrl = QStringLiteral("http://127.0.0.1:%1/v1").arg(m_proxy->port());
        config.openai.maxRetries = 1;
        config.openai.timeoutMs = 2000;
        m_ai = std::make_unique<AiEndpoint>(m_worker.get(), nullptr);
        m_ai->configure(config, testApiKey());
        QVERIFY(m_ai->client());
    }

    void cleanup()
    {
        m_ai.reset();
        m_worker.reset();
        m_proxy.reset();
        m_server.reset();
    }

    // An embeddings request that fails under each fault, then the same request once the proxy passes again.
    void aFailedEmbeddingStoresNothingAndWorksAgain_data()
    {
        QTest::addColumn<int>("mode"); // FaultProxy::Mode
        QTest::addColumn<qint64>("param");
        QTest::addColumn<QString>("words"); // what the message must say (a regular expression)
        QTest::newRow("drop mid-reply") << int(FaultProxy::Mode::Drop) << qint64(3000)
                                        << QStringLiteral("dropped before the answer was complete");
        // A reset that meets the request still being sent reads as reset, one that meets the reply as a drop:
        // which comes first is the kernel's timing, and both sentences say what happened.
        QTest::newRow("reset") << int(FaultProxy::Mode::Reset) << qint64(0)
                               << QStringLiteral("was cut off before the answer came|"
                                                 "dropped before the answer was complete");
        QTest::newRow("stall") << int(FaultProxy::Mode::Stall) << qint64(0)
                               << QStringLiteral("did not answer within 2 second");
    }

    void aFailedEmbeddingStoresNothingAndWorksAgain()
    {
        QFETCH(int, mode);
        QFETCH(qint64, param);
        QFETCH(QString, words);
        const QStringList input = texts(QString::fromLatin1(QTest::currentDataTag()));
        QSignalSpy usage(m_ai->client(), &OpenAiClient::usageReported);
        const auto before = stored();
        m_proxy->setMode(FaultProxy::Mode(mode), param);
        const Result<QList<Embedding>> failed = embed(input);
        QVERIFY(!failed);
        QVERIFY2(failed.errorMessage().contains(QRegularExpression(words)), qPrintable(failed.errorMessage()));
        QVERIFY2(!failed.errorMessage().contains(testApiKey()), qPrintable(failed.errorMessage()));
        QCOMPARE(usage.count(), 0);
        const auto afterFailure = stored();
        QCOMPARE(afterFailure.first, before.first); // no vector of the failed request was cached

        QElapsedTimer back;
        back.start();
        m_proxy->setMode(FaultProxy::Mode::Pass);
        const Result<QList<Embedding>> again = embed(input);
        const qint64 againMs = back.elapsed();
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(again->size(), input.size());
        for (qsizetype i = 0; i < input.size(); ++i)
            QCOMPARE(again->at(i), OpenAiTestServer::vectorFor(input[i], 1536));
        QCOMPARE(usage.count(), 1);
        const auto afterRetry = stored();
        QCOMPARE(afterRetry.first, before.first + input.size());
        QVERIFY(afterRetry.second > afterFailure.second);
        qInfo("DRILL openai-proxy %s: vectors expected %lld present %lld after the failure, %lld expected %lld "
              "present after the retry; usage rows %lld before, %lld after the failure, %lld after the retry; answered "
              "%lld ms after the proxy passed; \"%s\"",
            QTest::currentDataTag(), before.first, afterFailure.first, before.first + input.size(), afterRetry.first,
            before.second, afterFailure.second, afterRetry.second, againMs, qPrintable(failed.errorMessage()));
    }

    // A trickle (1 kB per direction every 5 ms) is slow, not broken.
    void aTrickleStillCompletes()
    {
        const QStringList input = texts(QStringLiteral("trickle"));
        m_proxy->setMode(FaultProxy::Mode::Trickle, 1024);
        QElapsedTimer took;
        took.start();
        const Result<QList<Embedding>> vectors = embed(input);
        const qint64 ms = took.elapsed();
        QVERIFY2(vectors, qPrintable(vectors.errorMessage()));
        QCOMPARE(vectors->size(), input.size());
        QCOMPARE(vectors->last(), OpenAiTestServer::vectorFor(input.last(), 1536));
        const auto after = stored();
        QCOMPARE(after.first, input.size());
        qInfo("DRILL openai-proxy trickle: vectors expected %lld present %lld; took %lld ms at 200 kB/s",
            qint64(input.size()), after.first, ms);
    }

    // A streamed chat cut in the middle of its events, after part of the answer was shown: an error (the text shown
    // is not taken for the answer), nothing booked, and the next stream completes.
    void aStreamCutMidwayIsAnErrorAndStreamsAgain()
    {
        const QString answer = QStringLiteral("The candidate's Rust work fits the job's embedded systems needs well, "
                                              "and the rate is within the budget the client set for this role.");
        m_server->setChatContent(answer);
        m_server->setStreamPieces(12);
        QSignalSpy usage(m_ai->client(), &OpenAiClient::usageReported);
        ChatRequest request;
        request.messages = { { QStringLiteral("user"), QStringLiteral("Does this match fit?") } };
        request.usageTag = QStringLiteral("Explain a match");
        QString shown;
        // The answer's headers and its first events pass, then the connection closes inside an event.
        m_proxy->setMode(FaultProxy::Mode::Drop, 900);
        const Result<ChatReply> cut
            = QCoro::waitFor(m_ai->client()->chatStream(request, [&shown](const QString &delta) { shown += delta; }));
        QVERIFY(!cut);
        QVERIFY2(!shown.isEmpty(), "the cut should come after part of the answer was shown");
        QVERIFY(shown.size() < answer.size());
        QVERIFY2(cut.errorMessage().contains(QStringLiteral("broke off"))
                || cut.errorMessage().contains(QStringLiteral("dropped before the answer was complete")),
            qPrintable(cut.errorMessage()));
        QCOMPARE(usage.count(), 0);
        const auto afterCut = stored();
        QCOMPARE(afterCut.second, 0);

        m_proxy->setMode(FaultProxy::Mode::Pass);
        QString full;
        const Result<ChatReply> again
            = QCoro::waitFor(m_ai->client()->chatStream(request, [&full](const QString &delta) { full += delta; }));
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(again->content, answer);
        QCOMPARE(full, answer);
        QCOMPARE(usage.count(), 1);
        qInfo("DRILL openai-proxy stream cut: %lld of %lld characters shown before the cut, usage rows 0 expected %lld "
              "present; the next stream gave all %lld; \"%s\"",
            qint64(shown.size()), qint64(answer.size()), afterCut.second, qint64(full.size()),
            qPrintable(cut.errorMessage()));
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    TestOpenAiProxyDrill test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_openaiproxydrill.moc"
