#include "archetypes/archetypeevaluator.h"
#include "archetypes/bulkevaluation.h"
#include "db/databaseworker.h"
#include "archetypes/evaluationschema.h"
#include "archetypes/evaluationstore.h"
#include "support/importtestutil.h"
#include "core/jsonschemacheck.h"
#include "support/openaitestutil.h"
#include "tasks/taskrunner.h"

#include <QCoroTask>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

// The archetype evaluation pipeline end to end: prompts, the reply validator, the evaluator against the
// loopback OpenAI server (valid, invalid, faults) and the bulk job writing through a DatabaseWorker.
// The database cases run on SQLite and on the PostgreSQL test server.
namespace {
QList<int> allArchetypes()
{
    QList<int> all;
    for (int a = 0; a < Archetypes::Count; ++a)
        all << a;
    return all;
}

// root with the value at `path` replaced (an undefined value removes the key).
QJsonObject edited(QJsonObject root, QStringList path, const QJsonValue &value)
{
    const QString key = path.takeFirst();
    if (path.isEmpty()) {
        if (value.isUndefined())
            root.remove(key);
        else
            root.insert(key, value);
    } else {
        root.insert(key, edited(root.value(key).toObject(), path, value));
    }
    return root;
}

PromptTemplate prompt(const char *mode)
{
    Result<PromptTemplate> p = PromptLibrary().find(QStringLiteral("archetype-evaluation"), QLatin1String(mode));
    if (!p)
        qWarning("%s", qPrintable(p.errorMessage()));
    return p ? *p : PromptTemplate();
}
} // namespace

class TestArchetypeEvaluator : public QObject
{
    Q_OBJECT
public:
    explicit TestArchetypeEvaluator(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<OpenAiTestServer> m_server;
    std::unique_ptr<DatabaseWorker> m_db;
    std::unique_ptr<OpenAiClient> m_client;
    std::unique_ptr<TaskRunner> m_runner;
    const QDateTime m_base = QDateTime(QDate(2026, 6, 1), QTime(9, 0), Qt::UTC);

    template<typename F> auto db(F f) { return m_db->run(std::move(f)).result(); }

    template<typename F> auto store(F f)
    {
        return db([f = std::move(f)](Repository &repo) {
            EvaluationStore s(repo);
            return f(s);
        });
    }

    qint64 count(Table table)
    {
        return db([table](Repository &repo) -> Result<qint64> {
            Repository &sql = repo;
            QSqlQuery q(sql.database());
            if (!q.exec(QLatin1String("SELECT COUNT(*) FROM ") + sql.dialect().table(table)) || !q.next())
                return makeError(Error::Database, QStringLiteral("count"));
            return q.value(0).toLongLong();
        }).value();
    }

    QList<QUuid> addMemories(int n)
    {
        QList<Memory> memories;
        for (int i = 0; i < n; ++i)
            memories << sampleMemory(i, m_base.addSecs(i));
        const auto r = db([memories](Repository &repo) { return repo.insertMemories(memories); });
        if (!r)
            qWarning("%s", qPrintable(r.errorMessage()));
        QList<QUuid> ids;
        for (const Memory &m : memories)
            ids << m.id;
        return ids;
    }

    MemoryDetail detail(const QUuid &id)
    {
        return db([id](Repository &repo) { return repo.memoryDetail(id); }).value();
    }

    BulkEvaluationSummary runBulk(ArchetypeEvaluator &evaluator, BulkEvaluationOptions options = {})
    {
        BulkEvaluation bulk(*m_db, evaluator, m_runner.get());
        return QCoro::waitFor(bulk.run(std::move(options)));
    }

    void makeClient(OpenAiSettings settings)
    {
        m_client = std::make_unique<OpenAiClient>(settings, testApiKey());
        m_client->setRandomSource([] { return 0.5; });
    }

    bool pureCase()
    {
        return m_backend == SqlDialect::Postgres; // no database involved: the SQLite pass is enough
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<OpenAiTestServer>();
        QVERIFY(m_server->listen());
        OpenAiSettings settings = mockSettings(*m_server);
        settings.requestsPerMinute = 100000;
        makeClient(settings);
        m_runner = std::make_unique<TaskRunner>();
        m_db = std::make_unique<DatabaseWorker>();
        QVERIFY(m_dir.isValid());
        DatabaseWorker::Opener opener;
        if (m_backend == SqlDialect::Postgres) {
            const std::optional<PostgresSettings> pg
                = recreatePostgresDatabase(QStringLiteral("sextant_evaluator_test"));
            QVERIFY(pg);
            opener = [pg] { return PostgresWorkspace::open(*pg, QStringLiteral("pg-evaluator")); };
        } else {
            const QString path
                = m_dir.filePath(QStringLiteral("evaluator-%1.sqlite").arg(QUuid::createUuid().toString(QUuid::Id128)));
            opener = [path] { return SqliteWorkspace::open(path, QStringLiteral("evaluator")); };
        }
        const Result<void> opened = m_db->open(opener).result();
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
    }
    void cleanup()
    {
        m_runner.reset();
        m_db.reset();
        m_client.reset();
        m_server.reset();
    }

    void promptsAreVersionedResources()
    {
        if (pureCase())
            QSKIP("no database involved");
        const Result<QList<PromptTemplate>> all = PromptLibrary().all();
        QVERIFY2(all, qPrintable(all.errorMessage()));
        QStringList versions;
        for (const PromptTemplate &p : *all)
            versions << p.fullVersion();
        QVERIFY(versions.contains(QStringLiteral("archetype-evaluation-v1/per-memory")));
        QVERIFY(versions.contains(QStringLiteral("archetype-evaluation-v1/per-archetype")));

        Memory memory = sampleMemory(7, m_base);
        memory.userPrompt = QStringLiteral("Explain {{reply}} to me");
        const QList<ChatMessage> all8
            = PromptLibrary::render(prompt(PromptLibrary::PerMemory), memory, allArchetypes());
        QCOMPARE(all8.size(), 2);
        QCOMPARE(all8[0].role, QStringLiteral("system"));
        for (int a = 0; a < Archetypes::Count; ++a) {
            QVERIFY2(all8[1].content.contains(Archetypes::name(a)), qPrintable(Archetypes::name(a)));
            for (const QString &metric : Archetypes::metricNames(a))
                QVERIFY2(all8[1].content.contains(metric), qPrintable(metric));
        }
        QVERIFY(all8[1].content.contains(QStringLiteral("Explain {{reply}} to me"))); // not expanded twice
        QVERIFY(all8[1].content.contains(memory.agentReply));
        QVERIFY(all8[1].content.contains(memory.summary));
        const QList<ChatMessage> one
            = PromptLibrary::render(prompt(PromptLibrary::PerArchetype), memory, { Archetypes::X });
        QVERIFY(one[1].content.contains(QStringLiteral("Ella-X")));
        QVERIFY(!one[1].content.contains(QStringLiteral("Ella-M")));
        QVERIFY(!one[1].content.contains(QStringLiteral("{{")) || one[1].content.contains(QStringLiteral("{{reply}}")));
    }

    void validator_data()
    {
        QTest::addColumn<QStringList>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QStringList>("named"); // what the reason must name
        const auto list = [](std::initializer_list<const char *> words) {
            QStringList out;
            for (const char *w : words)
                out << QString::fromLatin1(w);
            return out;
        };
        const auto row = [&](const char *name, std::initializer_list<const char *> path, QJsonValue value,
                             std::initializer_list<const char *> named) {
            QTest::newRow(name) << list(path) << value << list(named);
        };
        row("valid", {}, QJsonValue(), {});
        row("missing metric", { "Ella-R", "metrics", "curiosityLevel" }, QJsonValue(QJsonValue::Undefined),
            { "Ella-R", "curiosityLevel", "missing" });
        row("metric 1.2", { "Ella-X", "metrics", "boundaryPushing" }, 1.2, { "Ella-X", "boundaryPushing", "1.2" });
        row("negative metric", { "Ella-H", "metrics", "eventSignificance" }, -0.01, { "Ella-H", "eventSignificance" });
        row("metric as text", { "Ella-A", "metrics", "logicalReasoning" }, QStringLiteral("high"),
            { "Ella-A", "logicalReasoning", "not a number" });
        row("unknown metric", { "Ella-D", "metrics", "joy" }, 0.5, { "Ella-D", "joy" });
        row("unknown archetype", { "Ella-Z" }, QJsonObject(), { "Ella-Z", "unknown archetype" });
        row("missing archetype", { "Ella-O" }, QJsonValue(QJsonValue::Undefined), { "Ella-O", "missing" });
        row("empty justification", { "Ella-F", "justifications", "cautionLevel" }, QStringLiteral("  "),
            { "Ella-F", "cautionLevel", "justification" });
        row("missing justification", { "Ella-M", "justifications", "empathyLevel" }, QJsonValue(QJsonValue::Undefined),
            { "Ella-M", "empathyLevel", "justification" });
        row("confidence 1.5", { "Ella-R", "confidence" }, 1.5, { "Ella-R", "confidence" });
        row("priority missing", { "Ella-M", "archetype_priority" }, QJsonValue(QJsonValue::Undefined),
            { "Ella-M", "archetype_priority" });
        row("annotation missing", { "Ella-H", "annotation" }, QJsonValue(QJsonValue::Undefined),
            { "Ella-H", "annotation" });
    }
    void validator()
    {
        if (pureCase())
            QSKIP("no database involved");
        QFETCH(QStringList, path);
        QFETCH(QJsonValue, value);
        QFETCH(QStringList, named);
        // The loopback server's schema-following answer is the valid baseline.
        const QJsonObject schema = EvaluationSchema::schema(allArchetypes());
        QJsonObject reply = OpenAiTestServer::instanceFor(schema, QStringLiteral("seed")).toObject();
        QVERIFY(JsonSchemaCheck::violation(reply, schema).isEmpty());
        if (!path.isEmpty())
            reply = edited(reply, path, value);
        const Result<QList<Evaluation>> read = EvaluationSchema::read(reply, allArchetypes());
        if (named.isEmpty()) {
            QVERIFY2(read, qPrintable(read.errorMessage()));
            QCOMPARE(read->size(), Archetypes::Count);
            QCOMPARE(read->at(5).archetype, int(Archetypes::R));
            QVERIFY(!read->at(5).justifications.value(QStringLiteral("researchDepth")).toString().isEmpty());
            return;
        }
        QVERIFY(!read);
        QCOMPARE(read.error().code, Error::InvalidInput);
        for (const QString &word : named)
            QVERIFY2(
                read.errorMessage().contains(word), qPrintable(read.errorMessage() + QStringLiteral(" lacks ") + word));
    }

    void validReplyWritesEverything()
    {
        const QList<QUuid> ids = addMemories(2);
        ArchetypeEvaluator evaluator(*m_client, prompt(PromptLibrary::PerMemory));
        const BulkEvaluationSummary summary = runBulk(evaluator, { .ids = { ids[0] } });
        QVERIFY(!summary.error);
        QCOMPARE(summary.evaluated, 1);
        QCOMPARE(summary.requests, 1);
        QVERIFY(summary.promptTokens > 100); // the prompt carries eight archetype blocks

        const QJsonObject sent = QJsonDocument::fromJson(m_server->lastBody()).object();
        QCOMPARE(sent.value(QLatin1String("response_format")).toObject().value(QLatin1String("type")).toString(),
            QStringLiteral("json_schema"));
        const MemoryDetail d = detail(ids[0]);
        QCOMPARE(d.evaluations.size(), Archetypes::Count);
        std::array<double, Archetypes::Count> priorities {};
        for (const Evaluation &e : d.evaluations) {
            QCOMPARE(e.model, QStringLiteral("gpt-4o-mini"));
            QCOMPARE(e.promptVersion, QStringLiteral("archetype-evaluation-v1/per-memory"));
            QCOMPARE(e.justifications.size(), Archetypes::MetricsPerArchetype);
            priorities[size_t(e.archetype)] = e.archetypePriority;
        }
        QVERIFY(qFuzzyCompare(d.memory.priority, Archetypes::memoryPriority(priorities)));
        QCOMPARE(detail(ids[1]).evaluations.size(), 0);
        QCOMPARE(count(Table::ArchetypeStates), Archetypes::Count);
        QCOMPARE(count(Table::ArchetypeStateHistory), Archetypes::Count);
        QCOMPARE(db([](Repository &r) -> Result<qint64> {
            return auditCount(r, QStringLiteral("evaluate"));
        }).value(),
            1);
        QCOMPARE(count(Table::EvaluationFailures), 0);
    }

    void violationTwiceIsRecordedNotWritten()
    {
        const QList<QUuid> ids = addMemories(1);
        m_server->queueFault(OpenAiTestServer::Fault::SchemaViolation);
        m_server->queueFault(OpenAiTestServer::Fault::SchemaViolation);
        ArchetypeEvaluator evaluator(*m_client, prompt(PromptLibrary::PerMemory));
        const BulkEvaluationSummary summary = runBulk(evaluator);
        QVERIFY(!summary.error);
        QCOMPARE(summary.failed, 1);
        QCOMPARE(summary.evaluated, 0);
        QCOMPARE(m_server->requestCount(), 2);
        const QList<EvaluationFailure> failures
            = store([id = ids[0]](EvaluationStore &s) { return s.failures(id); }).value();
        QCOMPARE(failures.size(), 1);
        QCOMPARE(failures[0].rawReply, QStringLiteral("{\"unexpected\": \"field\", \"score\": 7}"));
        QCOMPARE(failures[0].attempts, 2);
        QCOMPARE(failures[0].model, QStringLiteral("gpt-4o-mini"));
        QCOMPARE(failures[0].promptVersion, QStringLiteral("archetype-evaluation-v1/per-memory"));
        QVERIFY2(failures[0].reason.contains(QStringLiteral("unknown archetype")), qPrintable(failures[0].reason));
        QCOMPARE(count(Table::Evaluations), 0);
        QCOMPARE(count(Table::ArchetypeStates), 0);
        QCOMPARE(detail(ids[0]).memory.priority, 0.5);
        // A rerun tries it again (a failure is not "done"), and this time it works.
        QCOMPARE(runBulk(evaluator).evaluated, 1);
    }

    void outOfRangeReplyNamesTheField()
    {
        const QJsonObject schema = EvaluationSchema::schema(allArchetypes());
        QJsonObject reply = OpenAiTestServer::instanceFor(schema, QStringLiteral("x")).toObject();
        reply = edited(
            reply, { QStringLiteral("Ella-X"), QStringLiteral("metrics"), QStringLiteral("sensualAwareness") }, 1.2);
        const QString raw = QString::fromUtf8(QJsonDocument(reply).toJson(QJsonDocument::Compact));
        m_server->setChatContent(raw);
        const QList<QUuid> ids = addMemories(1);
        ArchetypeEvaluator evaluator(*m_client, prompt(PromptLibrary::PerMemory));
        QCOMPARE(runBulk(evaluator).failed, 1);
        const EvaluationFailure failure = store([id = ids[0]](EvaluationStore &s) { return s.failures(id); })->first();
        QCOMPARE(failure.rawReply, raw);
        QVERIFY2(failure.reason.contains(QStringLiteral("Ella-X"))
                && failure.reason.contains(QStringLiteral("sensualAwareness")),
            qPrintable(failure.reason));
        QCOMPARE(count(Table::Evaluations), 0);
    }

    void violationThenValidIsRetriedOnce()
    {
        addMemories(1);
        m_server->queueFault(OpenAiTestServer::Fault::SchemaViolation);
        ArchetypeEvaluator evaluator(*m_client, prompt(PromptLibrary::PerMemory));
        const BulkEvaluationSummary summary = runBulk(evaluator);
        QCOMPARE(summary.evaluated, 1);
        QCOMPARE(summary.failed, 0);
        QCOMPARE(summary.requests, 2);
        QCOMPARE(count(Table::Evaluations), Archetypes::Count);
        QCOMPARE(count(Table::EvaluationFailures), 0);
    }

    void perArchetypeModeAsksEightTimes()
    {
        const QList<QUuid> ids = addMemories(1);
        m_server->queueFault(OpenAiTestServer::Fault::Slow, 1); // the first request answers normally
        m_server->queueFault(OpenAiTestServer::Fault::SchemaViolation); // the second (Ella-O) once bad
        ArchetypeEvaluator evaluator(*m_client, prompt(PromptLibrary::PerArchetype));
        const BulkEvaluationSummary summary = runBulk(evaluator);
        QCOMPARE(summary.evaluated, 1);
        QCOMPARE(summary.requests, Archetypes::Count + 1);
        const QJsonObject schema = QJsonDocument::fromJson(m_server->lastBody())
                                       .object()
                                       .value(QLatin1String("response_format"))
                                       .toObject()
                                       .value(QLatin1String("json_schema"))
                                       .toObject()
                                       .value(QLatin1String("schema"))
                                       .toObject();
        QCOMPARE(schema.value(QLatin1String("required")).toArray(), QJsonArray { QStringLiteral("Ella-F") });
        QCOMPARE(detail(ids[0]).evaluations.size(), Archetypes::Count);
        QCOMPARE(detail(ids[0]).evaluations[0].promptVersion, QStringLiteral("archetype-evaluation-v1/per-archetype"));
    }

    void droppedConnectionWritesNothing()
    {
        addMemories(2);
        for (int i = 0; i < 20; ++i)
            m_server->queueFault(OpenAiTestServer::Fault::Drop);
        ArchetypeEvaluator evaluator(*m_client, prompt(PromptLibrary::PerMemory));
        const BulkEvaluationSummary summary = runBulk(evaluator, { .ids = {}, .inFlight = 1 });
        QVERIFY(summary.error);
        QCOMPARE(summary.error->code, Error::Network);
        QCOMPARE(summary.evaluated, 0);
        QCOMPARE(summary.failed, 0);
        QCOMPARE(count(Table::Evaluations), 0);
        QCOMPARE(count(Table::EvaluationFailures), 0);
        QCOMPARE(count(Table::ArchetypeStates), 0);
    }

    void serverErrorsUntilTheBreakerOpensWriteNothing()
    {
        addMemories(3);
        for (int i = 0; i < 40; ++i)
            m_server->queueFault(OpenAiTestServer::Fault::ServerError);
        ArchetypeEvaluator evaluator(*m_client, prompt(PromptLibrary::PerMemory));
        const BulkEvaluationSummary summary = runBulk(evaluator);
        QVERIFY(summary.error);
        QCOMPARE(m_client->breaker()->state(), CircuitBreaker::State::Open);
        QCOMPARE(count(Table::Evaluations), 0);
        QCOMPARE(count(Table::EvaluationFailures), 0);
        QCOMPARE(count(Table::ArchetypeStateHistory), 0);
        // With the breaker open nothing is even sent.
        const int sent = m_server->requestCount();
        QVERIFY(runBulk(evaluator).error);
        QCOMPARE(m_server->requestCount(), sent);
        QCOMPARE(count(Table::Evaluations), 0);
    }

    void unauthorizedWritesNothing()
    {
        addMemories(1);
        m_server->setRequiredKey(QStringLiteral("another-key"));
        ArchetypeEvaluator evaluator(*m_client, prompt(PromptLibrary::PerMemory));
        const BulkEvaluationSummary summary = runBulk(evaluator);
        QVERIFY(summary.error);
        QCOMPARE(m_server->requestCount(), 1); // 401 is not retried, and not recorded as a failed evaluation
        QCOMPARE(count(Table::EvaluationFailures), 0);
        QCOMPARE(count(Table::Evaluations), 0);
    }

    void rerunSkipsDoneMemories()
    {
        const QList<QUuid> ids = addMemories(6);
        ArchetypeEvaluator evaluator(*m_client, prompt(PromptLibrary::PerMemory));
        QCOMPARE(runBulk(evaluator, { .ids = ids.mid(0, 2) }).evaluated, 2);
        const BulkEvaluationSummary all = runBulk(evaluator);
        QCOMPARE(all.total, 4);
        QCOMPARE(all.evaluated, 4);
        QCOMPARE(m_server->requestCount(), 6);
        const BulkEvaluationSummary again = runBulk(evaluator);
        QCOMPARE(again.total, 0);
        QCOMPARE(m_server->requestCount(), 6);
        // A selection skips what is done unless asked to re-evaluate it.
        const BulkEvaluationSummary selection = runBulk(evaluator, { .ids = ids });
        QCOMPARE(selection.alreadyDone, 6);
        QCOMPARE(selection.total, 0);
        const BulkEvaluationSummary redo = runBulk(evaluator, { .ids = ids.mid(0, 3), .skipDone = false });
        QCOMPARE(redo.evaluated, 3);
        QCOMPARE(count(Table::Evaluations), 6 * Archetypes::Count);
    }

    void cancelMidBulkLeavesWholeMemories()
    {
        const QList<QUuid> ids = addMemories(24);
        m_server->setChatLatency(40, 0);
        ArchetypeEvaluator evaluator(*m_client, prompt(PromptLibrary::PerArchetype));
        BulkEvaluation bulk(*m_db, evaluator, m_runner.get());
        connect(&bulk, &BulkEvaluation::progress, this, [&](int done) {
            if (done >= 3)
                m_runner->cancel(bulk.taskId()); // as the Tasks panel's Cancel button does
        });
        const BulkEvaluationSummary summary = QCoro::waitFor(bulk.run({}));
        QVERIFY(summary.cancelled);
        QVERIFY(!summary.error);
        QVERIFY(summary.evaluated >= 3);
        QVERIFY(summary.evaluated < 24);
        int whole = 0;
        for (const QUuid &id : ids) {
            const qsizetype n = detail(id).evaluations.size();
            QVERIFY2(n == 0 || n == Archetypes::Count, qPrintable(QString::number(n)));
            whole += n == Archetypes::Count;
        }
        QCOMPARE(whole, summary.evaluated);
        QCOMPARE(count(Table::ArchetypeStateHistory), qint64(whole) * Archetypes::Count);
        QCOMPARE(count(Table::EvaluationFailures), 0);
        // Resumed: only the rest is asked for.
        m_server->setChatLatency(0, 0);
        const BulkEvaluationSummary rest = runBulk(evaluator);
        QCOMPARE(rest.total, 24 - whole);
        QCOMPARE(rest.evaluated, 24 - whole);
        QCOMPARE(count(Table::Evaluations), 24 * Archetypes::Count);
    }

    // Both modes over 100 memories: request counts are asserted, tokens and time printed (set
    // SEXTANT_EVAL_LATENCY="base_ms,ms_per_completion_token" to model a real server's latency).
    void modesCompared()
    {
        if (pureCase())
            QSKIP("measured once, on SQLite");
        const QStringList latency = qEnvironmentVariable("SEXTANT_EVAL_LATENCY").split(QLatin1Char(','));
        if (latency.size() == 2)
            m_server->setChatLatency(latency[0].toInt(), latency[1].toDouble());
        addMemories(100);
        for (const char *mode : { PromptLibrary::PerMemory, PromptLibrary::PerArchetype }) {
            ArchetypeEvaluator evaluator(*m_client, prompt(mode));
            const BulkEvaluationSummary s = runBulk(evaluator);
            QVERIFY(!s.error);
            QCOMPARE(s.evaluated, 100);
            QCOMPARE(s.requests, evaluator.perArchetype() ? 800 : 100);
            qInfo("MEASURE mode=%s memories=%d requests=%d prompt_tokens=%d completion_tokens=%d seconds=%.2f "
                  "evaluations_per_min=%.0f latency=%s",
                mode, s.evaluated, s.requests, s.promptTokens, s.completionTokens, s.elapsedMs / 1000.0,
                s.evaluated * 60000.0 / std::max<qint64>(1, s.elapsedMs), qPrintable(latency.join(QLatin1Char(','))));
        }
        QCOMPARE(count(Table::Evaluations), 100 * Archetypes::Count); // the second mode replaced the first
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestArchetypeEvaluator>(argc, argv);
}

#include "tst_archetypeevaluator.moc"
