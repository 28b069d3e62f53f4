// The pgvector path, against a pgvector-enabled server (PGlite, see packaging/scripts/pglite-test-server.sh):
// vector(1536) columns with HNSW cosine indexes, semantic search in the database agreeing with the
// client-side search over the same rows, and the seed plan's verbatim DDL (VECTOR(1536)) upgraded in place.
#include "db/migrator.h"
#include "support/testutil.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

class TestPgvector : public QObject
{
    Q_OBJECT

    std::optional<PostgresSettings> m_settings;

    static qint64 count(Repository &repo, const QString &sql)
    {
        QSqlQuery q(repo.database());
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }

    // 120 memories whose vectors mix two one-hot directions, so neighbours are well defined.
    static QList<Memory> memories()
    {
        QList<Memory> list;
        const QDateTime base = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 120; ++i) {
            Memory m = sampleMemory(i, base.addSecs(-i));
            m.embedding[(i + 1) % EmbeddingDimensions] = 0.3f * float(i % 7);
            list << m;
        }
        return list;
    }

    static Embedding query()
    {
        Embedding q(EmbeddingDimensions, 0.0f);
        q[40] = 1.0f;
        q[41] = 0.5f;
        q[39] = 0.2f;
        return q;
    }

    // PGlite serves one session: a connection opened right after another closed may be turned away
    // until the server has noticed the close. Real servers never need this.
    template<typename F> static auto whenFree(F f)
    {
        auto result = f();
        for (int attempt = 0; !result && attempt < 20; ++attempt) {
            QTest::qWait(150);
            result = f();
        }
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString text = qEnvironmentVariable("SEXTANT_TEST_PGVECTOR");
        if (text.isEmpty())
            QSKIP("SEXTANT_TEST_PGVECTOR is not set (packaging/scripts/test.sh starts PGlite and sets it)");
        Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(text);
        QVERIFY(settings);
        m_settings = *settings;
        // The server may have served an earlier run: start from an empty database.
        QVERIFY(runSql(*m_settings,
            { QStringLiteral("DROP SCHEMA IF EXISTS public, auth, core, ai, seed_eumas, seed_auth, seed_core, seed_ai CASCADE"),
                QStringLiteral("DROP TYPE IF EXISTS user_role"), QStringLiteral("CREATE SCHEMA public") }));
    }

    void freshSchemaUsesVectorColumnsAndHnsw()
    {
        Result<ConnectionReport> report
            = whenFree([this] { return PostgresWorkspace::probe(*m_settings, QStringLiteral("vec-probe")); });
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QVERIFY(report->pgvectorAvailable);
        QVERIFY(report->nativeVectors);
        QVERIFY(report->plan.script().contains(QLatin1String("vector(1536)")));
        QVERIFY(report->plan.script().contains(QLatin1String("USING hnsw (embedding vector_cosine_ops)")));

        Result<std::unique_ptr<Repository>> repo
            = whenFree([this] { return PostgresWorkspace::open(*m_settings, QStringLiteral("vec")); });
        QVERIFY2(repo, repo ? "" : qPrintable(repo.error().message));
        QVERIFY((*repo)->hasNativeVectors());
        QCOMPARE(count(**repo,
                     QStringLiteral("SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.memories'::regclass "
                                    "AND attname = 'embedding' AND format_type(atttypid, atttypmod) = 'vector(1536)'")),
            1);
        QCOMPARE(count(**repo, QStringLiteral("SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%USING hnsw%'")), 2);
    }

    void semanticSearchRunsInTheDatabaseAndAgreesWithTheClient()
    {
        const QList<Memory> data = memories();
        QList<QUuid> inDatabase;
        {
            Result<std::unique_ptr<Repository>> repo
            = whenFree([this] { return PostgresWorkspace::open(*m_settings, QStringLiteral("vec")); });
            QVERIFY(repo);
            QVERIFY((*repo)->insertMemories(data));
            const Result<QList<SimilarMemory>> found = (*repo)->similarMemories(query(), 4);
            QVERIFY2(found, found ? "" : qPrintable(found.error().message));
            QCOMPARE(found->size(), 4); // the four memories that overlap the query; the rest tie at 0
            QCOMPARE(found->first().row.id, data[40].id);
            for (qsizetype i = 1; i < found->size(); ++i)
                QVERIFY(found->at(i - 1).similarity >= found->at(i).similarity);
            for (const SimilarMemory &s : *found)
                inDatabase << s.row.id;
            // The plan really is pgvector's distance operator.
            QSqlQuery explain((*repo)->database());
            QVERIFY(explain.exec(QStringLiteral("EXPLAIN SELECT id FROM public.memories ORDER BY embedding <=> '[%1]' LIMIT 5")
                                     .arg(QStringList(EmbeddingDimensions, QStringLiteral("0.1")).join(QLatin1Char(',')))));

            // Binary COPY of vector(1536) columns decodes to the very floats that were stored.
            const Result<EmbeddingBlock> block = (*repo)->loadEmbeddings(VectorSource::Memories);
            QVERIFY2(block, block ? "" : qPrintable(block.error().message));
            QCOMPARE(block->rows(), data.size());
            const qsizetype at = block->ids.indexOf(data[33].id);
            QVERIFY(at >= 0);
            QVERIFY(std::equal(data[33].embedding.cbegin(), data[33].embedding.cend(),
                block->values.cbegin() + at * EmbeddingDimensions));

            Embedding wrong(12, 0.5f);
            QVERIFY(!(*repo)->similarMemories(wrong, 5));
            Embedding nan = query();
            nan[3] = std::nanf("");
            QVERIFY(!(*repo)->similarMemories(nan, 5));
        }
        // The same rows in a local workspace: the client-side search must rank them the same way.
        QTemporaryDir dir;
        auto local = openTempWorkspace(dir);
        QVERIFY(local);
        QVERIFY(local->insertMemories(data));
        const Result<QList<SimilarMemory>> onClient = local->similarMemories(query(), 4);
        QVERIFY(onClient);
        QList<QUuid> clientIds;
        for (const SimilarMemory &s : *onClient)
            clientIds << s.row.id;
        QCOMPARE(clientIds, inDatabase);
    }

    void seedPlanDdlVerbatimIsUpgraded()
    {
        PostgresSettings settings = *m_settings;
        settings.schemas = { QStringLiteral("seed_eumas"), QStringLiteral("auth"), QStringLiteral("core"), QStringLiteral("ai") };
        // Other schema names than the first test's: PGlite holds one database.
        settings.schemas.auth = QStringLiteral("seed_auth");
        settings.schemas.core = QStringLiteral("seed_core");
        settings.schemas.ai = QStringLiteral("seed_ai");
        QVERIFY(whenFree([&settings] { return runSql(settings,
            { QStringLiteral("CREATE TYPE user_role AS ENUM ('user_freelancer', 'user_client', 'admin')"),
                QStringLiteral("CREATE SCHEMA seed_auth"),
                QStringLiteral("CREATE TABLE seed_auth.users (id UUID PRIMARY KEY, email VARCHAR NOT NULL UNIQUE, "
                               "full_name VARCHAR NOT NULL, role user_role NOT NULL)"),
                QStringLiteral("CREATE SCHEMA seed_core"),
                QStringLiteral("CREATE TABLE seed_core.jobs (id UUID PRIMARY KEY, title VARCHAR NOT NULL, description "
                               "TEXT NOT NULL, budget NUMERIC(10,2) NOT NULL)"),
                QStringLiteral("CREATE SCHEMA seed_ai"),
                QStringLiteral("CREATE TABLE seed_ai.embeddings (id UUID PRIMARY KEY, entity_type VARCHAR NOT NULL, "
                               "entity_id UUID NOT NULL, vector VECTOR(1536))"),
                QStringLiteral("INSERT INTO seed_ai.embeddings VALUES (gen_random_uuid(), 'job', gen_random_uuid(), "
                               "array_fill(0.5, ARRAY[1536])::vector)") }); }));
        Result<std::unique_ptr<Repository>> repo
            = whenFree([&settings] { return PostgresWorkspace::open(settings, QStringLiteral("vec-seed")); });
        QVERIFY2(repo, repo ? "" : qPrintable(repo.error().message));
        QVERIFY((*repo)->hasNativeVectors());
        QCOMPARE((*repo)->schemaVersion().value(), Migrator::latestVersion(SqlDialect::Postgres));
        QCOMPARE(count(**repo, QStringLiteral("SELECT count(*) FROM seed_ai.embeddings WHERE model = 'unknown' "
                                              "AND vector_dims(vector) = 1536")),
            1);
    }
};

QTEST_GUILESS_MAIN(TestPgvector)
#include "tst_pgvector.moc"
