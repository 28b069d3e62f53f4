#include "db/migrator.h"
#include "support/testutil.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>

class TestMigrator : public QObject
{
    Q_OBJECT
private:
    static QStringList tables(Repository &repo)
    {
        QStringList names;
        QSqlQuery q(repo.database());
        q.exec(QStringLiteral(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"));
        while (q.next())
            names << q.value(0).toString();
        return names;
    }

private Q_SLOTS:
    void appliesToEmptyFile()
    {
        QTemporaryDir dir;
        auto repo = openTempWorkspace(dir);
        QVERIFY(repo);
        QCOMPARE(repo->schemaVersion().value(), Migrator::latestVersion(SqlDialect::Sqlite));
        const QStringList names = tables(*repo);
        // Every table of the canonical model (PRODUCT.md), SQLite spelling.
        for (const char *table : { "memories", "evaluations", "links", "archetype_states", "archetype_state_history",
                 "cluster_runs", "cluster_members", "auth_users", "core_freelancer_profiles", "core_jobs",
                 "ai_embeddings", "ai_match_results", "ai_match_reviews", "ai_bias_reports", "ai_model_versions",
                 "ai_learning_metrics", "ai_audit_attributes", "audit_log", "schema_migrations" })
            QVERIFY2(names.contains(QLatin1String(table)), table);
    }

    void isIdempotent()
    {
        QTemporaryDir dir;
        {
            auto repo = openTempWorkspace(dir, QStringLiteral("a"));
            QVERIFY(repo);
            QVERIFY(repo->insertMemories({ sampleMemory(1, QDateTime::currentDateTimeUtc()) }));
        }
        // Reopening runs the migrator again: nothing re-applied, nothing lost.
        auto again = openTempWorkspace(dir, QStringLiteral("a"));
        QVERIFY(again);
        Result<int> second = Migrator::migrate(*again);
        QVERIFY(second);
        QCOMPARE(*second, Migrator::latestVersion(SqlDialect::Sqlite));
        QSqlQuery q(again->database());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), Migrator::available(SqlDialect::Sqlite).size());
        QCOMPARE(again->counts()->memories, 1);
    }

    void refusesNewerSchema()
    {
        QTemporaryDir dir;
        {
            auto repo = openTempWorkspace(dir, QStringLiteral("b"));
            QSqlQuery q(repo->database());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_migrations VALUES (999, 'future', 'x', '2030-01-01')")));
        }
        Result<std::unique_ptr<Repository>> repo
            = SqliteWorkspace::open(dir.filePath(QStringLiteral("b.sqlite")), QStringLiteral("b2"));
        QVERIFY(!repo);
        QCOMPARE(repo.error().code, Error::SchemaTooNew);
        QVERIFY2(repo.error().message.contains(QLatin1String("999")), qPrintable(repo.error().message));
    }

    void corruptFileGivesClearError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.sqlite"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x'));
        file.close();
        Result<std::unique_ptr<Repository>> repo = SqliteWorkspace::open(path, QStringLiteral("broken"));
        QVERIFY(!repo);
        QVERIFY2(
            repo.error().message.contains(QLatin1String("not a Sextant workspace")), qPrintable(repo.error().message));
        // The file is left as it was: nothing of the user's is overwritten.
        QCOMPARE(QFileInfo(path).size(), 8192);
    }

    void postgresAppliesIdempotentlyAndRefusesNewer()
    {
        if (!testPostgres())
            QSKIP("SEXTANT_TEST_PG is not set (packaging/scripts/test.sh sets it)");
        auto repo = openFreshPostgres(QStringLiteral("sextant_migrator_test"), QStringLiteral("pg-mig"));
        QVERIFY(repo);
        QVERIFY(!repo->hasNativeVectors()); // Debian's PostgreSQL 15 has no pgvector: real[] columns
        QCOMPARE(repo->schemaVersion().value(), Migrator::latestVersion(SqlDialect::Postgres));
        QSqlQuery q(repo->database());
        // Every table the code names exists (SQLite's FTS index has no PostgreSQL counterpart).
        for (int t = 0; t <= int(Table::MemoryText); ++t) {
            if (Table(t) == Table::MemoryText)
                continue;
            const QString name = repo->dialect().table(Table(t));
            QVERIFY(q.exec(QStringLiteral("SELECT to_regclass('%1') IS NOT NULL").arg(name)) && q.next());
            QVERIFY2(q.value(0).toBool(), qPrintable(name));
        }
        QVERIFY(q.exec(QStringLiteral("SELECT data_type FROM information_schema.columns WHERE table_name = 'memories' "
                                      "AND column_name = 'embedding'"))
            && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ARRAY"));
        QCOMPARE(Migrator::migrate(*repo).value(), Migrator::latestVersion(SqlDialect::Postgres)); // idempotent
        QVERIFY(
            q.exec(QStringLiteral("INSERT INTO public.schema_migrations VALUES (999, 'future', 'x', '2030-01-01')")));
        const Result<int> newer = Migrator::migrate(*repo);
        QVERIFY(!newer);
        QCOMPARE(newer.error().code, Error::SchemaTooNew);
    }

    void splitsDollarQuotedBodies()
    {
        const QStringList statements = Migrator::splitStatements(QStringLiteral(
            "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    RAISE EXCEPTION 'x';\nEND;\n$$;\n"
            "CREATE TABLE t (x int);\n"));
        QCOMPARE(statements.size(), 2);
        QVERIFY(statements[0].endsWith(QLatin1String("$$;")));
    }

    void splitsTriggersWhole()
    {
        const QStringList statements = Migrator::splitStatements(
            QStringLiteral("-- comment\nCREATE TABLE a (x INT);\nCREATE TRIGGER t BEFORE UPDATE ON a\nBEGIN\n    "
                           "SELECT RAISE(ABORT, 'no');\nEND;\nCREATE INDEX i ON a (x);\n"));
        QCOMPARE(statements.size(), 3);
        QVERIFY(statements[1].startsWith(QLatin1String("CREATE TRIGGER")));
        QVERIFY(statements[1].endsWith(QLatin1String("END;")));
    }
};

QTEST_GUILESS_MAIN(TestMigrator)
#include "tst_migrator.moc"
