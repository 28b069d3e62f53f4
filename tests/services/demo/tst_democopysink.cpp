// The COPY way of writing the demo (DemoSink::Method::Copy, what --publish-demo uses) writes exactly what the
// statement way writes: the same rows in every table, value for value, and awkward values (unicode, tabs,
// newlines, backslashes, NULLs, no embedding) read back the same, vectors to the bit. Publishing by COPY
// rebuilds the indexes it dropped for the load. Against the PostgreSQL test server (SEXTANT_TEST_PG, real[]).
#include "demo/demopublisher.h"
#include "support/importtestutil.h"

#include <QSqlQuery>

namespace {
// Every table the demo writes; the bigserial ids and a column neither way writes are left out.
const QList<std::pair<Table, const char *>> DemoTables {
    { Table::Memories, "" }, { Table::Evaluations, "" }, { Table::Links, "id" }, { Table::ArchetypeStates, "" },
    { Table::ArchetypeStateHistory, "" }, { Table::Users, "" }, { Table::FreelancerProfiles, "" }, { Table::Jobs, "" },
    { Table::Embeddings, "id" }, { Table::MatchResults, "" }, { Table::MatchReviews, "" },
    { Table::AuditAttributes, "" }, { Table::BiasReports, "" },
    { Table::ModelVersions, "created_at" }, // not written: now() on insert; the migrations' own rows left out
};
} // namespace

class TestDemoCopySink : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Repository> m_statements;
    std::unique_ptr<Repository> m_copy;

    static DemoSpec smallSpec()
    {
        DemoSpec spec;
        spec.memories = 400;
        spec.freelancers = 80;
        spec.jobs = 16;
        spec.batchSize = 150;
        spec.now = QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
        return spec;
    }

    // Row count and a digest of every row (as jsonb, without `skip`), in a stable order.
    static std::pair<qint64, QString> contents(Repository &repo, Table table, const char *skip)
    {
        const QString row = *skip ? QStringLiteral("(to_jsonb(t) - '%1')::text").arg(QLatin1String(skip))
                                  : QStringLiteral("to_jsonb(t)::text");
        QSqlQuery q(repo.database());
        if (!q.exec(QStringLiteral("SELECT count(*), md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) FROM "
                                   "(SELECT %1 AS r FROM %2 t) s")
                        .arg(row, repo.dialect().table(table)))
            || !q.next())
            return { -1, Repository::queryError(q, QString()).message };
        return { q.value(0).toLongLong(), q.value(1).toString() };
    }

    // Every row as jsonb text without `skip`, sorted.
    static QStringList rowsOf(Repository &repo, Table table, const char *skip)
    {
        const QString row = *skip ? QStringLiteral("(to_jsonb(t) - '%1')::text").arg(QLatin1String(skip))
                                  : QStringLiteral("to_jsonb(t)::text");
        QSqlQuery q(repo.database());
        QStringList rows;
        const QString mine = table == Table::ModelVersions
            ? QStringLiteral(" WHERE coalesce(created_by, '') NOT LIKE 'sextant-migration-%'")
            : QString();
        if (!q.exec(
                QStringLiteral("SELECT %1 AS r FROM %2 t%3 ORDER BY r").arg(row, repo.dialect().table(table), mine)))
            return { Repository::queryError(q, QString()).message };
        while (q.next())
            rows << q.value(0).toString();
        return rows;
    }

    static QStringList indexes(Repository &repo)
    {
        QSqlQuery q(repo.database());
        QStringList list;
        if (!q.exec(
                QStringLiteral("SELECT indexdef FROM pg_indexes WHERE schemaname IN ('public', 'auth', 'core', 'ai') "
                               "ORDER BY indexname")))
            return { Repository::queryError(q, QString()).message };
        while (q.next())
            list << q.value(0).toString();
        return list;
    }

    static DemoEumas::Batch awkwardBatch()
    {
        DemoEumas::Batch batch;
        const QDateTime at(QDate(2026, 10, 3), QTime(8, 30, 15, 250), Qt::UTC);
        const QStringList texts = awkwardTexts();
        for (int i = 0; i < texts.size(); ++i) {
            Memory m = sampleMemory(i, at.addSecs(i));
            m.userPrompt = texts[i] + QLatin1String("\tand a tab, \\N, \\. and a backslash at the end\\");
            m.agentReply = texts[(i + 1) % texts.size()];
            m.summary = i % 2 ? QString() : texts[i];
            m.contextTags
                = i % 3 ? QStringList { texts[i], QStringLiteral("a,b"), QStringLiteral("{x}") } : QStringList();
            m.priorityOverride = i % 2 ? std::optional<double>(0.25) : std::nullopt;
            if (i % 4 == 1) {
                m.embedding.clear(); // NULL
                m.embeddingModel.clear(); // NULL too
            } else {
                for (qsizetype k = 0; k < m.embedding.size(); ++k)
                    m.embedding[k] = float(std::sin(double(k * (i + 1)))) / 3.0f;
            }
            m.archivedAt = i % 3 == 2 ? at.addDays(1) : QDateTime();
            m.updatedAt = m.createdAt;
            m.metadata.insert(QStringLiteral("text"), texts[i]);
            batch.memories << m;
            Evaluation e;
            e.memoryId = m.id;
            e.archetype = i % Archetypes::Count;
            e.metrics = { 0.1, 0.2, 0.3, 0.123456789 };
            e.archetypePriority = 0.5;
            e.confidence = 0.75;
            e.annotation = texts[i];
            e.createdAt = at;
            batch.evaluations << e;
            if (i > 0) {
                MemoryLink link;
                link.sourceId = m.id;
                link.targetId = batch.memories.first().id;
                link.linkType = QStringLiteral("manual");
                link.strength = 0.5;
                link.origin = QStringLiteral("manual");
                link.createdAt = at;
                if (i % 2)
                    link.archetype = int(Archetypes::H); // the others: NULL
                batch.links << link;
            }
        }
        return batch;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_statements = openFreshWorkspace(SqlDialect::Postgres, m_dir, QStringLiteral("democopy_rows"));
        QVERIFY(m_statements);
        m_copy = openFreshWorkspace(SqlDialect::Postgres, m_dir, QStringLiteral("democopy_copy"));
        QVERIFY(m_copy);
    }

    void cleanup()
    {
        m_statements.reset();
        m_copy.reset();
    }

    void copyWritesWhatStatementsWrite()
    {
        const QStringList indexesBefore = indexes(*m_copy);
        const Result<DemoSummary> rows
            = DemoPublisher::publish(*m_statements, smallSpec(), {}, DemoSink::Method::Statements);
        QVERIFY2(rows, qPrintable(rows.errorMessage()));
        QStringList stages;
        const Result<DemoSummary> copied = DemoPublisher::publish(
            *m_copy, smallSpec(),
            [&](int, const QString &stage) {
                if (stages.isEmpty() || stages.last() != stage)
                    stages << stage;
                return true;
            },
            DemoSink::Method::Copy);
        QVERIFY2(copied, qPrintable(copied.errorMessage()));
        QCOMPARE(copied->memories, 400);
        QCOMPARE(copied->links, rows->links);
        for (const auto &[table, skip] : DemoTables) {
            const QStringList expected = rowsOf(*m_statements, table, skip);
            const QStringList actual = rowsOf(*m_copy, table, skip);
            const QString label = m_copy->dialect().label(table);
            QVERIFY2(!expected.isEmpty(), qPrintable(label));
            QCOMPARE(actual.size(), expected.size());
            for (qsizetype i = 0; i < expected.size(); ++i)
                QVERIFY2(actual[i] == expected[i],
                    qPrintable(QStringLiteral("%1, row %2:\n copy:       %3\n statements: %4")
                                   .arg(label)
                                   .arg(i)
                                   .arg(actual[i], expected[i])));
        }
        QCOMPARE(m_copy->counts()->memories, 400);
        // The indexes dropped for the load are back, exactly as they were.
        QCOMPARE(indexes(*m_copy), indexesBefore);
        QVERIFY2(stages.contains(QStringLiteral("Building indexes")), qPrintable(stages.join(QLatin1String(", "))));
        QCOMPARE(stages.last(), QStringLiteral("Done"));
    }

    void awkwardValuesReadBackTheSame()
    {
        const DemoEumas::Batch batch = awkwardBatch();
        for (Repository *repo : { m_statements.get(), m_copy.get() }) {
            const std::unique_ptr<DemoSink> sink
                = DemoSink::create(*repo, repo == m_copy.get() ? DemoSink::Method::Copy : DemoSink::Method::Statements);
            const Result<void> written = repo->inTransaction([&] { return sink->writeMemories(batch); });
            QVERIFY2(written, qPrintable(written.errorMessage()));
        }
        for (Table table : { Table::Memories, Table::Evaluations }) {
            const auto expected = contents(*m_statements, table, "");
            QCOMPARE(expected.first, batch.memories.size());
            QCOMPARE(contents(*m_copy, table, ""), expected);
        }
        QCOMPARE(contents(*m_copy, Table::Links, "id"), contents(*m_statements, Table::Links, "id"));
        for (const Memory &m : batch.memories) {
            const Result<MemoryDetail> detail = m_copy->memoryDetail(m.id);
            QVERIFY2(detail, qPrintable(detail.errorMessage()));
            COMPARE_MEMORY(detail->memory, m, true);
        }
        // NULLs stay NULLs: no embedding, no model, no override, no archive time, no link archetype.
        QSqlQuery q(m_copy->database());
        QVERIFY(q.exec(QLatin1String("SELECT count(*) FILTER (WHERE embedding IS NULL), "
                                     "count(*) FILTER (WHERE embedding_model IS NULL), "
                                     "count(*) FILTER (WHERE priority_override IS NULL), "
                                     "count(*) FILTER (WHERE archived_at IS NULL) FROM ")
            + m_copy->dialect().table(Table::Memories)));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        QCOMPARE(q.value(1).toInt(), 2);
        QCOMPARE(q.value(2).toInt(), 5);
        QCOMPARE(q.value(3).toInt(), 6);
    }

    void anInvalidRowWritesNothing()
    {
        DemoEumas::Batch batch = awkwardBatch();
        batch.evaluations[3].confidence = 1.5; // out of 0..1: the validation both ways share refuses it
        const std::unique_ptr<DemoSink> sink = DemoSink::create(*m_copy, DemoSink::Method::Copy);
        const Result<void> written = m_copy->inTransaction([&] { return sink->writeMemories(batch); });
        QVERIFY(!written);
        QCOMPARE(written.error().code, Error::InvalidInput);
        QCOMPARE(m_copy->counts()->memories, 0);
    }
};

QTEST_GUILESS_MAIN(TestDemoCopySink)
#include "tst_democopysink.moc"
