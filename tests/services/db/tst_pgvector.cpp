// The pgvector path, against a pgvector-enabled server (PGlite, see packaging/scripts/pglite-test-server.sh):
// vector(1536) columns with HNSW cosine indexes, semantic search in the database agreeing with the
// client-side search over the same rows, and the seed plan's verbatim DDL (VECTOR(1536)) upgraded in place.
#include "compute/vectorops.h"
#include "db/migrator.h"
#include "db/vectorsearch.h"
#include "memories/memoryquery.h"
#include "support/testutil.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <random>

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
            { QStringLiteral("DROP SCHEMA IF EXISTS public, auth, core, ai, seed_eumas, seed_auth, seed_core, seed_ai, "
                             "knn_eumas, knn_auth, knn_core, knn_ai CASCADE"),
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

    // A selective filter: 1.5 % of 3000 clustered memories are core. Every way of searching must find exactly
    // k of them, the k an exact scan finds, although an HNSW scan with default settings stops after 40
    // candidates (of which about one would be core).
    void filteredSearchReturnsKWhenKMatch()
    {
        constexpr int Count = 3000;
        constexpr int K = 20;
        std::mt19937 random(14007);
        std::normal_distribution<float> normal;
        QList<Embedding> centres;
        for (int c = 0; c < 30; ++c) {
            Embedding centre(EmbeddingDimensions);
            for (float &x : centre)
                x = normal(random);
            centres << centre;
        }
        QList<Memory> data;
        const QDateTime base = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < Count; ++i) {
            Memory m = sampleMemory(i, base.addSecs(-i));
            const Embedding &centre = centres[int(random() % centres.size())];
            for (int d = 0; d < EmbeddingDimensions; ++d)
                m.embedding[d] = centre[d] + 0.8f * normal(random);
            compute::normalize(m.embedding.data(), std::size_t(m.embedding.size()));
            m.core = i % 200 < 3; // 45 of 3000
            data << m;
        }
        const Embedding probe = data[7].embedding; // near a cluster that holds core memories too

        QList<std::pair<float, QUuid>> exact;
        for (const Memory &m : std::as_const(data)) {
            if (m.core)
                exact.append(
                    { compute::cosine(probe.constData(), m.embedding.constData(), EmbeddingDimensions), m.id });
        }
        std::sort(exact.begin(), exact.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
        QList<QUuid> want;
        for (int i = 0; i < K; ++i)
            want << exact[i].second;
        const auto ids = [](const QList<SimilarMemory> &rows) {
            QList<QUuid> list;
            for (const SimilarMemory &s : rows)
                list << s.row.id;
            return list;
        };

        PostgresSettings settings = *m_settings;
        settings.schemas = { QStringLiteral("knn_eumas"), QStringLiteral("knn_auth"), QStringLiteral("knn_core"),
            QStringLiteral("knn_ai") };
        Result<std::unique_ptr<Repository>> opened
            = whenFree([&settings] { return PostgresWorkspace::open(settings, QStringLiteral("vec-knn")); });
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        Repository &repo = **opened;
        QVERIFY(repo.hasNativeVectors());
        QVERIFY(repo.insertMemories(data));

        // The browser's path: MemoryQuery with the filter (few match: an exact scan).
        MemoryFilter filter;
        filter.core = TriState::Yes;
        const Result<QList<SimilarMemory>> found = MemoryQuery(repo).similar(filter, probe, K);
        QVERIFY2(found, found ? "" : qPrintable(found.error().message));
        QCOMPARE(found->size(), K);
        QCOMPARE(ids(*found), want);
        QVERIFY(std::abs(found->first().similarity - exact.first().first) < 1e-4);

        // Through the HNSW index, as on a table large enough for the planner to choose it (3000 rows it
        // would rather scan whole, which is exact and hides the problem): pgvector's defaults come back
        // short; the iterative scan and the older pgvector's way do not.
        const QString core = QStringLiteral("m.embedding IS NOT NULL AND m.core AND m.archived_at IS NULL");
        QString plan;
        int plainRows = 0;
        Result<VectorSearch::Nearest> iterative = makeError(Error::Database, QString());
        Result<VectorSearch::Nearest> bounded = makeError(Error::Database, QString());
        const Result<void> forced = repo.inTransaction([&]() -> Result<void> {
            QSqlQuery q(repo.database());
            if (!q.exec(QStringLiteral("SET LOCAL enable_seqscan = off")))
                return Repository::queryError(q, QStringLiteral("SET"));
            // The vector as a literal (numbers only): EXPLAIN cannot be prepared.
            const QString plain = QStringLiteral("SELECT m.id FROM knn_eumas.memories m WHERE %1 ORDER BY m.embedding "
                                                 "<=> '%2'::vector LIMIT %3")
                                      .arg(core, repo.dialect().vector(probe).toString())
                                      .arg(K);
            if (!q.exec(QLatin1String("EXPLAIN ") + plain))
                return Repository::queryError(q, QStringLiteral("EXPLAIN"));
            while (q.next())
                plan += q.value(0).toString() + QLatin1Char('\n');
            if (!q.exec(plain))
                return Repository::queryError(q, QStringLiteral("plain search"));
            while (q.next())
                ++plainRows;
            iterative = VectorSearch::nearest(repo, probe, K, core, {}, VectorSearch::Scan::Iterative);
            bounded = VectorSearch::nearest(repo, probe, K, core, {}, VectorSearch::Scan::Bounded);
            return {};
        });
        QVERIFY2(forced, forced ? "" : qPrintable(forced.error().message));
        QVERIFY2(plan.contains(QLatin1String("memories_embedding_hnsw")), qPrintable(plan));
        qInfo("plain ORDER BY ... LIMIT %d through the index returned %d rows", K, plainRows);
        QVERIFY(plainRows < K); // the data really is selective enough to show the problem
        QVERIFY2(iterative, iterative ? "" : qPrintable(iterative.error().message));
        QCOMPARE(iterative->scan, VectorSearch::Scan::Iterative); // from the index, no fallback needed
        QCOMPARE(ids(iterative->rows), want);
        QVERIFY2(bounded, bounded ? "" : qPrintable(bounded.error().message));
        QCOMPARE(ids(bounded->rows), want);
        qInfo("ef_search 1000 without iterative scan answered %s",
            bounded->scan == VectorSearch::Scan::Bounded ? "from the index" : "after falling back to the exact scan");

        // Unfiltered, more than ef_search's 40: all 100 come back, best first.
        const Result<QList<SimilarMemory>> hundred = repo.similarMemories(probe, 100);
        QVERIFY2(hundred, hundred ? "" : qPrintable(hundred.error().message));
        QCOMPARE(hundred->size(), 100);
        for (qsizetype i = 1; i < hundred->size(); ++i)
            QVERIFY(hundred->at(i - 1).similarity >= hundred->at(i).similarity);
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
