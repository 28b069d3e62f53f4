// The embedding cache, the usage ledger and the bulk embedding task against the loopback OpenAI server,
// on SQLite and on PostgreSQL.
#include "ai/aiendpoint.h"
#include "memories/bulkembedding.h"
#include "db/databaseworker.h"
#include "ai/embeddingcache.h"
#include "memories/memoryembeddingstore.h"
#include "support/openaitestutil.h"
#include "ai/pricetable.h"
#include "tasks/taskrunner.h"
#include "support/testutil.h"
#include "ai/usageledger.h"
#include "ai/usagestore.h"

#include <QCoroTask>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTimer>

namespace {

QList<Memory> memoriesWithoutEmbeddings(int n)
{
    QList<Memory> out;
    const QDateTime base = QDateTime::currentDateTimeUtc().addDays(-1);
    for (int i = 0; i < n; ++i) {
        Memory m = sampleMemory(i, base.addSecs(i));
        m.embedding.clear();
        m.embeddingModel.clear();
        out << m;
    }
    return out;
}

} // namespace

class TestBulkEmbedding : public QObject
{
    Q_OBJECT
public:
    explicit TestBulkEmbedding(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    template<typename F> auto onDb(F f)
    {
        auto future = m_worker->run(std::move(f));
        future.waitForFinished();
        return future.result();
    }
    int countWhere(const QString &condition)
    {
        const Result<int> n = onDb([condition](Repository &r) -> Result<int> {
            QSqlQuery q(r.database());
            if (!q.exec(QStringLiteral("SELECT count(*) FROM memories WHERE ") + condition) || !q.next())
                return makeError(Error::Database, q.lastError().text());
            return q.value(0).toInt();
        });
        return n ? *n : -1;
    }
    BulkEmbedding::Summary runBulk(AiEndpoint &ai, const QList<QUuid> &ids = {}, int chunk = 16)
    {
        BulkEmbedding job(m_runner.get(), m_worker.get());
        job.setChunkSize(chunk);
        QSignalSpy done(&job, &BulkEmbedding::finished);
        if (!job.start(ai.embedder(), ids))
            return {};
        if (!done.wait(30000))
            return {};
        return done.first().first().value<BulkEmbedding::Summary>();
    }
    AiEndpoint::Config onlineConfig() const
    {
        AiEndpoint::Config config;
        config.provider = AiEndpoint::Provider::OpenAi;
        config.openai = mockSettings(*m_server);
        config.openai.maxRetries = 1;
        return config;
    }

    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<TaskRunner> m_runner;
    std::unique_ptr<OpenAiTestServer> m_server;
    QList<Memory> m_memories;

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<OpenAiTestServer>();
        QVERIFY(m_server->listen());
        m_worker = std::make_unique<DatabaseWorker>();
        m_runner = std::make_unique<TaskRunner>();
        DatabaseWorker::Opener opener;
        if (m_backend == SqlDialect::Sqlite) {
            const QString path = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QLatin1String(".sqlite"));
            opener = [path] { return SqliteWorkspace::open(path, QStringLiteral("bulk-embed")); };
        } else {
            const std::optional<PostgresSettings> settings = recreatePostgresDatabase(QStringLiteral("sextant_bulkembed"));
            QVERIFY(settings);
            opener = [s = *settings] { return PostgresWorkspace::open(s, QStringLiteral("bulk-embed")); };
        }
        auto opened = m_worker->open(opener);
        opened.waitForFinished();
        QVERIFY2(opened.result().ok(), qPrintable(opened.result().errorMessage()));
        m_memories = memoriesWithoutEmbeddings(100);
        const Result<void> inserted = onDb([list = m_memories](Repository &r) { return r.insertMemories(list); });
        QVERIFY2(inserted.ok(), qPrintable(inserted.errorMessage()));
    }
    void cleanup()
    {
        m_runner.reset();
        m_worker.reset();
        m_server.reset();
    }

    void cacheAnswersRepeatsWithoutRequests()
    {
        AiEndpoint ai(m_worker.get(), nullptr);
        ai.configure(onlineConfig(), testApiKey());
        const QStringList first { QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("alpha") };
        const auto a = QCoro::waitFor(ai.embedder()->embed(first));
        QVERIFY2(a.ok(), qPrintable(a.errorMessage()));
        QCOMPARE(m_server->embeddedTexts(), 2); // the repeated text is sent once
        QCOMPARE(a->at(0), OpenAiTestServer::vectorFor(QStringLiteral("alpha"), 1536));
        QCOMPARE(a->at(2), a->at(0));
        const QStringList second { QStringLiteral("gamma"), QStringLiteral("alpha"), QStringLiteral("beta") };
        const auto b = QCoro::waitFor(ai.embedder()->embed(second));
        QVERIFY(b.ok());
        QCOMPARE(m_server->embeddedTexts(), 3); // only gamma was new
        for (int i = 0; i < 3; ++i)
            QCOMPARE(b->at(i), OpenAiTestServer::vectorFor(second[i], 1536)); // input order
        QCOMPARE(ai.cacheStats().hits, 3); // alpha twice + beta (the batch's own repeat counts as a miss)
        // Another dimension is another cache entry.
        AiEndpoint::Config shorter = onlineConfig();
        shorter.openai.embeddingDimensions = 256;
        ai.configure(shorter, testApiKey());
        const auto c = QCoro::waitFor(ai.embedder()->embed({ QStringLiteral("alpha") }));
        QVERIFY(c.ok());
        QCOMPARE(c->first().size(), 256);
        QCOMPARE(m_server->embeddedTexts(), 4);
        QCOMPARE(onDb([](Repository &r) { return EmbeddingCache::size(r); }).value(), 4);
    }

    void usageIsBookedPerTaskAndPriced()
    {
        AiEndpoint ai(m_worker.get(), nullptr);
        ai.configure(onlineConfig(), testApiKey());
        QVERIFY(QCoro::waitFor(ai.embedder()->embed({ QStringLiteral("one"), QStringLiteral("two") },
                                   EmbedOptions { {}, QStringLiteral("Embed memories") }))
                    .ok());
        ChatRequest chat;
        chat.messages = { { QStringLiteral("user"), QStringLiteral("hello") } };
        chat.usageTag = QStringLiteral("Evaluate memories");
        QVERIFY(QCoro::waitFor(ai.client()->chat(chat)).ok());
        QSignalSpy written(ai.ledger(), &UsageLedger::written);
        ai.ledger()->flush();
        QVERIFY(written.wait(5000));
        const auto totals = onDb([](Repository &r) {
            return UsageStore::totals(r, QDate::currentDate().addDays(-1));
        });
        QVERIFY2(totals.ok(), qPrintable(totals.errorMessage()));
        qint64 chatPrompt = 0, chatCompletion = 0, embedRequests = 0, cacheInputs = 0;
        for (const UsageTotals &t : *totals) {
            QCOMPARE(t.day, QDateTime::currentDateTimeUtc().date());
            if (t.endpoint == QLatin1String("chat")) {
                QCOMPARE(t.task, QStringLiteral("Evaluate memories"));
                chatPrompt += t.promptTokens;
                chatCompletion += t.completionTokens;
            } else if (t.endpoint == QLatin1String("embeddings")) {
                QCOMPARE(t.task, QStringLiteral("Embed memories"));
                embedRequests += t.requests;
            } else if (t.endpoint == QLatin1String("cache")) {
                cacheInputs += t.inputs;
            }
        }
        QCOMPARE(chatPrompt, 12); // what the loopback server reports
        QCOMPARE(chatCompletion, 8);
        QCOMPARE(embedRequests, 1);
        QCOMPARE(cacheInputs, 2);
        const PriceTable prices = PriceTable::defaults();
        QCOMPARE(prices.cost(QStringLiteral("gpt-4o-mini-2024-07-18"), 1000000, 1000000), 0.75);
    }

    void bulkEmbedsEverythingOnceAndIsResumable()
    {
        AiEndpoint ai(m_worker.get(), nullptr);
        ai.configure(onlineConfig(), testApiKey());
        // Two requests go through (a Slow fault of 0 ms is a normal answer), then every attempt of the
        // third chunk's request is dropped: two chunks land, the rest stays untouched.
        m_server->queueFault(OpenAiTestServer::Fault::Slow, 0);
        m_server->queueFault(OpenAiTestServer::Fault::Slow, 0);
        for (int i = 0; i < 4; ++i)
            m_server->queueFault(OpenAiTestServer::Fault::Drop);
        const BulkEmbedding::Summary first = runBulk(ai);
        QVERIFY2(!first.error.isEmpty(), qPrintable(QStringLiteral("embedded %1 of %2, requests %3").arg(first.embedded).arg(first.total).arg(m_server->requestCount())));
        QCOMPARE(first.embedded, 32);
        QCOMPARE(countWhere(QStringLiteral("embedding IS NOT NULL")), 32); // nothing half-written
        m_server->clearFaults();

        const int before = m_server->embeddedTexts();
        const BulkEmbedding::Summary second = runBulk(ai);
        QVERIFY2(second.error.isEmpty(), qPrintable(second.error));
        QCOMPARE(second.embedded, 100 - first.embedded); // resumes: only what was missing
        QCOMPARE(countWhere(QStringLiteral("embedding IS NOT NULL AND embedding_model = 'text-embedding-3-small'")), 100);
        QCOMPARE(m_server->embeddedTexts() - before, int(second.embedded));

        const BulkEmbedding::Summary third = runBulk(ai); // idempotent
        QCOMPARE(third.embedded, 0);
        QCOMPARE(third.total, 0);

        // Re-embedding a selection is answered by the cache: no request.
        const int sent = m_server->embeddedTexts();
        const BulkEmbedding::Summary again = runBulk(ai, { m_memories[0].id, m_memories[1].id });
        QCOMPARE(again.embedded, 2);
        QCOMPARE(m_server->embeddedTexts(), sent);
        // The vector stored is the endpoint's vector for the memory's text.
        const auto stored = onDb([id = m_memories[5].id](Repository &r) { return r.memoryDetail(id); });
        QVERIFY(stored.ok());
        QCOMPARE(stored->memory.embedding,
            OpenAiTestServer::vectorFor(
                MemoryEmbeddingStore::memoryText(m_memories[5].userPrompt, m_memories[5].agentReply), 1536));
    }

    void wrongDimensionWritesNothing()
    {
        AiEndpoint ai(m_worker.get(), nullptr);
        AiEndpoint::Config config = onlineConfig();
        config.openai.embeddingDimensions = 256;
        ai.configure(config, testApiKey());
        const BulkEmbedding::Summary summary = runBulk(ai);
        QVERIFY(summary.error.contains(QStringLiteral("256")));
        QVERIFY(summary.error.contains(QStringLiteral("1536")));
        QCOMPARE(summary.embedded, 0);
        QCOMPARE(countWhere(QStringLiteral("embedding IS NOT NULL")), 0);
    }

    void cancelStopsBetweenChunks()
    {
        AiEndpoint ai(m_worker.get(), nullptr);
        ai.configure(onlineConfig(), testApiKey());
        BulkEmbedding job(m_runner.get(), m_worker.get());
        job.setChunkSize(10);
        QSignalSpy done(&job, &BulkEmbedding::finished);
        m_server->queueFault(OpenAiTestServer::Fault::Slow, 300);
        QVERIFY(job.start(ai.embedder()));
        QTimer::singleShot(100, this, [&] { m_runner->cancel(job.taskId()); });
        QVERIFY(done.wait(30000));
        const auto summary = done.first().first().value<BulkEmbedding::Summary>();
        QVERIFY(summary.cancelled);
        QVERIFY(summary.embedded < 100);
        QCOMPARE(countWhere(QStringLiteral("embedding IS NOT NULL")), int(summary.embedded));
        QCOMPARE(m_runner->task(job.taskId()).state, TaskInfo::Cancelled);
    }

    void offlineEmbedderNeedsNoNetwork()
    {
        AiEndpoint ai(m_worker.get(), nullptr);
        QVERIFY(!ai.isOnline());
        QVERIFY(!ai.client());
        const BulkEmbedding::Summary summary = runBulk(ai, {}, 40);
        QCOMPARE(summary.embedded, 100);
        QCOMPARE(m_server->requestCount(), 0);
        QCOMPARE(countWhere(QStringLiteral("embedding_model = 'sextant-offline-hash-v1'")), 100);
    }

    void priceTableRoundTrip()
    {
        const QString path = m_dir.filePath(QStringLiteral("prices.ini"));
        PriceTable table = PriceTable::defaults();
        table.setPrice(QStringLiteral("llama3"), { 0.0, 0.0 });
        table.setPrice(QStringLiteral("gpt-4o-mini"), { 0.2, 0.8 });
        table.remove(QStringLiteral("gpt-4o"));
        {
            QSettings settings(path, QSettings::IniFormat);
            table.save(settings);
        }
        QSettings settings(path, QSettings::IniFormat);
        const PriceTable loaded = PriceTable::load(settings);
        QCOMPARE(loaded, table);
        QVERIFY(!loaded.hasPrice(QStringLiteral("gpt-4o"))); // a removed model stays removed
        QVERIFY(loaded.hasPrice(QStringLiteral("gpt-4o-mini-2024-07-18")));
        QCOMPARE(loaded.cost(QStringLiteral("gpt-4o-mini"), 500000, 0), 0.1);
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestBulkEmbedding>(argc, argv);
}

#include "tst_bulkembedding.moc"
