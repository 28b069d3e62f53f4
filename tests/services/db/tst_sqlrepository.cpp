#include "support/testutil.h"
#include "core/validation.h"
#include "db/memoryrowreader.h"

#include <QSet>
#include <QSqlQuery>
#include <QSqlRecord>

#include <cmath>
#include <limits>

// Repository round-trips and bad inputs, run once against SQLite and once against the real
// PostgreSQL 15 server that the test command starts (SEXTANT_TEST_PG).
class TestSqlRepository : public QObject
{
    Q_OBJECT
public:
    explicit TestSqlRepository(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<Repository> m_repo;
    const QDateTime m_base = QDateTime(QDate(2026, 5, 1), QTime(12, 0), Qt::UTC);

    Evaluation evaluation(const QUuid &memory, int archetype)
    {
        Evaluation e;
        e.memoryId = memory;
        e.archetype = archetype;
        e.metrics = { 0.1, 0.2, 0.3, 0.4 };
        e.justifications.insert(Archetypes::metricNames(archetype).first(), QStringLiteral("because"));
        e.annotation = QStringLiteral("note %1").arg(archetype);
        e.archetypePriority = 0.1 * archetype;
        e.confidence = 0.9;
        e.model = QStringLiteral("m");
        e.createdAt = m_base;
        return e;
    }

private Q_SLOTS:
    void init()
    {
        m_repo.reset();
        if (m_backend == SqlDialect::Postgres) {
            m_repo = openFreshPostgres(QStringLiteral("sextant_repository_test"), QStringLiteral("pg-repo"));
        } else {
            QVERIFY(m_dir.isValid());
            QFile::remove(m_dir.filePath(QStringLiteral("ws.sqlite")));
            m_repo = openTempWorkspace(m_dir);
        }
        QVERIFY(m_repo);
        QCOMPARE(m_repo->dialect().backend(), m_backend);
    }

    void memoryRoundTrip()
    {
        Memory m = sampleMemory(7, m_base);
        m.priorityOverride = 0.25;
        m.longTerm = true;
        QVERIFY(m_repo->insertMemories({ m }));
        QList<Evaluation> evals;
        for (int a = Archetypes::Count - 1; a >= 0; --a)
            evals << evaluation(m.id, a);
        QVERIFY(m_repo->insertEvaluations(evals));

        const Result<MemoryDetail> detail = m_repo->memoryDetail(m.id);
        QVERIFY2(detail, qPrintable(detail.errorMessage()));
        const Memory &r = detail->memory;
        QCOMPARE(r.id, m.id);
        QCOMPARE(r.userPrompt, m.userPrompt);
        QCOMPARE(r.contextTags, m.contextTags); // including a comma and quotes inside a tag
        QCOMPARE(r.createdAt, m.createdAt);
        QCOMPARE(r.lastAccessed, m.lastAccessed);
        QCOMPARE(r.priorityOverride, m.priorityOverride);
        QVERIFY(r.longTerm);
        QVERIFY(!r.core);
        QCOMPARE(r.embedding, m.embedding);
        QCOMPARE(r.metadata, m.metadata);
        QCOMPARE(detail->evaluations.size(), Archetypes::Count);
        for (int a = 0; a < Archetypes::Count; ++a) { // ordered by archetype, not by name
            QCOMPARE(detail->evaluations[a].archetype, a);
            QCOMPARE(detail->evaluations[a].metrics[3], 0.4);
            QCOMPARE(detail->evaluations[a].annotation, QStringLiteral("note %1").arg(a));
        }
    }

    // The grid's row is read by column name: the fields come out right with columns before and after the
    // list (as MemoryQuery and the vector search add them), and a column left out reads as empty instead of
    // shifting its neighbours into the wrong fields.
    void memoryRowsAreReadByName()
    {
        Memory m = sampleMemory(3, m_base);
        m.sessionId = QStringLiteral("session-x");
        m.userId = QStringLiteral("user-y");
        m.tone = QStringLiteral("wry");
        m.priority = 0.125;
        m.priorityOverride = 0.75;
        m.longTerm = true;
        m.core = true;
        m.archivedAt = m_base.addDays(2);
        QVERIFY(m_repo->insertMemories({ m }));
        QVERIFY(m_repo->insertEvaluations({ evaluation(m.id, Archetypes::R), evaluation(m.id, Archetypes::M) }));
        const auto check = [&](const MemoryRow &row) {
            QCOMPARE(row.id, m.id);
            QCOMPARE(row.createdAt, m.createdAt);
            QCOMPARE(row.sessionId, m.sessionId);
            QCOMPARE(row.userId, m.userId);
            QCOMPARE(row.tags, m.contextTags);
            QCOMPARE(row.tone, m.tone);
            QCOMPARE(row.summary, m.summary);
            QCOMPARE(row.priority, m.priority);
            QCOMPARE(row.priorityOverride, m.priorityOverride);
            QVERIFY(row.longTerm);
            QVERIFY(row.core);
            QCOMPARE(row.archivedAt, m.archivedAt);
            QCOMPARE(row.lastAccessed, m.lastAccessed);
            // The higher archetype_priority wins (evaluation() gives 0.1 per archetype number).
            QCOMPARE(row.topArchetype, std::optional<int>(std::max(int(Archetypes::R), int(Archetypes::M))));
        };
        MemoryPageRequest request;
        request.includeArchived = true;
        const Result<MemoryPage> page = m_repo->memoryPage(request);
        QVERIFY2(page, qPrintable(page.errorMessage()));
        QCOMPARE(page->rows.size(), 1);
        check(page->rows.first());

        const SqlDialect &d = m_repo->dialect();
        QSqlQuery q(m_repo->database());
        QVERIFY(
            q.exec(QLatin1String("SELECT 0.5 AS similarity, m.summary AS other_summary, ") + MemoryRowReader::columns(d)
                + QLatin1String(", 'x' AS sort_value FROM ") + d.table(Table::Memories) + QLatin1String(" m")));
        const MemoryRowReader reader(d, q.record());
        QVERIFY(q.next());
        check(reader.read(q));

        QVERIFY(q.exec(QLatin1String("SELECT m.tone AS tone, m.id AS id, m.priority AS priority FROM ")
            + d.table(Table::Memories) + QLatin1String(" m")));
        const MemoryRowReader partial(d, q.record());
        QVERIFY(q.next());
        const MemoryRow row = partial.read(q);
        QCOMPARE(row.id, m.id);
        QCOMPARE(row.tone, m.tone);
        QCOMPARE(row.priority, m.priority);
        QVERIFY(row.summary.isEmpty());
        QVERIFY(row.sessionId.isEmpty());
        QVERIFY(!row.priorityOverride);
    }

    void linksBothWays()
    {
        const Memory a = sampleMemory(1, m_base);
        const Memory b = sampleMemory(2, m_base.addSecs(10));
        QVERIFY(m_repo->insertMemories({ a, b }));
        MemoryLink link { a.id, b.id, QStringLiteral("research_link"), 0.8, int(Archetypes::R),
            QStringLiteral("evaluator"), m_base, {} };
        QVERIFY(m_repo->insertLinks({ link }));
        const Result<MemoryDetail> da = m_repo->memoryDetail(a.id);
        const Result<MemoryDetail> db = m_repo->memoryDetail(b.id);
        QCOMPARE(da->outgoing.size(), 1);
        QCOMPARE(da->incoming.size(), 0);
        QCOMPARE(db->incoming.size(), 1);
        QCOMPARE(da->outgoing[0].otherSummary, b.summary);
        QCOMPARE(db->incoming[0].archetype, std::optional<int>(int(Archetypes::R)));
    }

    void keysetPaging()
    {
        QList<Memory> memories;
        for (int i = 0; i < 25; ++i) // three share a timestamp: the id breaks the tie
            memories << sampleMemory(i, m_base.addSecs(i < 3 ? 0 : i));
        QVERIFY(m_repo->insertMemories(memories));
        QSet<QUuid> seen;
        MemoryPageRequest request;
        request.limit = 10;
        QList<int> sizes;
        QDateTime previous;
        do {
            const Result<MemoryPage> page = m_repo->memoryPage(request);
            QVERIFY(page);
            sizes << int(page->rows.size());
            for (const MemoryRow &row : page->rows) {
                QVERIFY(!seen.contains(row.id));
                seen.insert(row.id);
                if (previous.isValid())
                    QVERIFY(row.createdAt <= previous); // newest first
                previous = row.createdAt;
            }
            request.after = page->next;
        } while (!request.after.isNull());
        QCOMPARE(sizes, (QList<int> { 10, 10, 5 }));
        QCOMPARE(seen.size(), 25);
    }

    void badInputWritesNothing_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("wrong dimension") << 0 << QStringLiteral("768 dimensions");
        QTest::newRow("NaN in vector") << 1 << QStringLiteral("non-finite");
        QTest::newRow("priority out of range") << 2 << QStringLiteral("between 0 and 1");
        QTest::newRow("unknown archetype") << 3 << QStringLiteral("Unknown archetype");
        QTest::newRow("NaN metric") << 4 << QStringLiteral("not a number");
        QTest::newRow("unknown link type") << 5 << QStringLiteral("Unknown link type");
        QTest::newRow("oversized text") << 6 << QStringLiteral("too long");
    }
    void badInputWritesNothing()
    {
        QFETCH(int, kind);
        QFETCH(QString, expected);
        const Memory good = sampleMemory(1, m_base);
        Memory bad = sampleMemory(2, m_base);
        Result<void> result;
        if (kind <= 2 || kind == 6) {
            if (kind == 6)
                bad.agentReply = QString(Validation::MaxTextLength + 1, QLatin1Char('x'));
            else if (kind == 0)
                bad.embedding = Embedding(768, 0.1f);
            else if (kind == 1)
                bad.embedding[5] = std::numeric_limits<float>::quiet_NaN();
            else
                bad.priority = 1.5;
            result = m_repo->insertMemories({ good, bad }); // the good row must not land either
            QCOMPARE(m_repo->counts()->memories, 0);
        } else {
            QVERIFY(m_repo->insertMemories({ good }));
            if (kind == 5) {
                MemoryLink valid { good.id, good.id, QStringLiteral("manual"), 0.5, std::nullopt,
                    QStringLiteral("manual"), m_base, {} };
                MemoryLink link = valid;
                link.linkType = QStringLiteral("friendship_link");
                result = m_repo->insertLinks({ valid, link });
                QCOMPARE(m_repo->counts()->links, 0);
            } else {
                Evaluation ok = evaluation(good.id, 0);
                Evaluation wrong = evaluation(good.id, 1);
                if (kind == 3)
                    wrong.archetype = 11;
                else
                    wrong.metrics[2] = std::numeric_limits<double>::quiet_NaN();
                result = m_repo->insertEvaluations({ ok, wrong });
                QCOMPARE(m_repo->counts()->evaluations, 0);
            }
        }
        QVERIFY(!result);
        QCOMPARE(result.error().code, Error::InvalidInput);
        QVERIFY2(result.error().message.contains(expected), qPrintable(result.error().message));
        QVERIFY2(result.error().message.startsWith(QLatin1String("Row 2")), qPrintable(result.error().message));
    }

    void injectionStringsAreData()
    {
        // Values are always bound, never spliced into SQL: hostile text is stored and read back verbatim.
        Memory m = sampleMemory(1, m_base);
        const QString hostile = QStringLiteral("x'); DROP TABLE memories; -- \"$$ ; SELECT pg_sleep(10) --");
        m.summary = hostile;
        m.sessionId = hostile;
        m.contextTags = { hostile, QStringLiteral("{a,b}"), QStringLiteral("\\\"") };
        QVERIFY(m_repo->insertMemories({ m }));
        const Result<MemoryDetail> detail = m_repo->memoryDetail(m.id);
        QVERIFY(detail);
        QCOMPARE(detail->memory.summary, hostile);
        QCOMPARE(detail->memory.sessionId, hostile);
        QCOMPARE(detail->memory.contextTags, m.contextTags);
        QCOMPARE(m_repo->counts()->memories, 1);
    }

    void databaseRefusalRollsBack()
    {
        // A duplicate primary key is caught by the database, not by validation: still all or nothing.
        const Memory a = sampleMemory(1, m_base);
        QVERIFY(m_repo->insertMemories({ a }));
        const Result<void> again = m_repo->insertMemories({ sampleMemory(2, m_base), a });
        QVERIFY(!again);
        QCOMPARE(again.error().code, Error::Database);
        QCOMPARE(m_repo->counts()->memories, 1);
    }

    void auditLogIsAppendOnly()
    {
        QVERIFY(m_repo->appendAudit({ m_base, QStringLiteral("tester"), QStringLiteral("pin"), QStringLiteral("memory"),
            QStringLiteral("x"), {}, {} }));
        QSqlQuery q(m_repo->database());
        QVERIFY(!q.exec(QStringLiteral("UPDATE audit_log SET actor = 'someone else'")));
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM audit_log")));
        QVERIFY(q.exec(QStringLiteral("SELECT actor FROM audit_log")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("tester"));
    }

    void similarMemoriesRankByCosine()
    {
        QList<Memory> memories;
        for (int i = 0; i < 20; ++i)
            memories << sampleMemory(i, m_base.addSecs(-i)); // one-hot vectors at index i
        memories[7].archivedAt = m_base; // archived memories are not searched
        QVERIFY(m_repo->insertMemories(memories));
        Embedding query(EmbeddingDimensions, 0.0f);
        query[3] = 1.0f;
        query[5] = 0.6f;
        query[7] = 2.0f;
        const Result<QList<SimilarMemory>> found = m_repo->similarMemories(query, 3);
        QVERIFY2(found, found ? "" : qPrintable(found.error().message));
        QCOMPARE(found->size(), 3);
        QCOMPARE(found->at(0).row.id, memories[3].id);
        QCOMPARE(found->at(1).row.id, memories[5].id);
        QVERIFY(qAbs(found->at(0).similarity - 1.0 / std::sqrt(1.0 + 0.36 + 4.0)) < 1e-4);
        QVERIFY(!m_repo->similarMemories(Embedding(3, 1.0f), 3)); // wrong dimension: a clear error
    }

    void loadEmbeddingsStreamsEveryVector()
    {
        QList<Memory> memories;
        for (int i = 0; i < 1500; ++i) {
            Memory m = sampleMemory(i, m_base.addSecs(-i));
            m.embedding[(i * 7 + 1) % EmbeddingDimensions] = -0.25f;
            memories << m;
        }
        memories[10].embedding.clear(); // no vector yet
        memories[11].archivedAt = m_base;
        QVERIFY(m_repo->insertMemories(memories));
        qint64 reported = 0;
        const Result<EmbeddingBlock> block = m_repo->loadEmbeddings(VectorSource::Memories, [&](qint64 done, qint64 total) {
            reported = done;
            return total == 1498;
        });
        QVERIFY2(block, block ? "" : qPrintable(block.error().message));
        QCOMPARE(block->rows(), 1498);
        QCOMPARE(reported, 1498);
        QCOMPARE(block->values.size(), std::size_t(1498) * EmbeddingDimensions);
        const qsizetype at = block->ids.indexOf(memories[1234].id);
        QVERIFY(at >= 0);
        const float *row = block->values.data() + at * EmbeddingDimensions;
        QVERIFY(std::equal(row, row + EmbeddingDimensions, memories[1234].embedding.cbegin()));

        const Result<EmbeddingBlock> cancelled
            = m_repo->loadEmbeddings(VectorSource::Memories, [](qint64, qint64) { return false; });
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error().code, Error::Cancelled);
        QVERIFY(m_repo->ping()); // the connection is usable after a cancelled stream
        QCOMPARE(m_repo->counts()->memories, 1500);
    }

    void archetypeStateUpsert()
    {
        ArchetypeState s { int(Archetypes::O), { 0.1, 0.2, 0.3, 0.4 }, 0.5, m_base };
        QVERIFY(m_repo->upsertArchetypeStates({ s }));
        s.state[0] = 0.9;
        QVERIFY(m_repo->upsertArchetypeStates({ s }));
        const auto states = m_repo->archetypeStates();
        QCOMPARE(states->size(), 1);
        QCOMPARE(states->at(0).state[0], 0.9);
        QCOMPARE(states->at(0).archetype, int(Archetypes::O));
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestSqlRepository>(argc, argv);
}
#include "tst_sqlrepository.moc"
