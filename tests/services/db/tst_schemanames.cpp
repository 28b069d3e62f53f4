// Schema names are identifiers: unacceptable ones are refused before any SQL runs, acceptable but
// unusual ones (a keyword, 63 characters) migrate and read on the real PostgreSQL, and nothing outside
// the configured schemas is touched.
#include "db/migrator.h"
#include "memories/memoryquery.h"
#include "support/testutil.h"

#include <QSqlQuery>
#include <QTest>

class TestSchemaNames : public QObject
{
    Q_OBJECT

private:
    static qint64 scalar(const PostgresSettings &settings, const QString &sql)
    {
        const QString name = QStringLiteral("schemanames-scalar");
        qint64 value = -1;
        {
            QSqlDatabase db = TestServers::addConnection(settings, name);
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(sql) && q.next())
                    value = q.value(0).toLongLong();
            }
        }
        QSqlDatabase::removeDatabase(name);
        return value;
    }

    // Schemas besides the ones every database has, and tables outside the system catalogs.
    static qint64 userSchemas(const PostgresSettings &s)
    {
        return scalar(s,
            QStringLiteral("SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
                           "AND nspname NOT IN ('information_schema', 'public')"));
    }
    static qint64 userTables(const PostgresSettings &s)
    {
        return scalar(s,
            QStringLiteral(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'r' AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"));
    }

    static QString longName(int length) { return QString(length, QLatin1Char('s')); }

private Q_SLOTS:
    void problems_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("default") << QStringLiteral("public") << true;
        QTest::newRow("underscore") << QStringLiteral("app_auth") << true;
        QTest::newRow("leading underscore, digits") << QStringLiteral("_core2") << true;
        QTest::newRow("keyword") << QStringLiteral("user") << true;
        QTest::newRow("63 bytes") << longName(63) << true;
        QTest::newRow("64 bytes") << longName(64) << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("injection") << QStringLiteral("x\"; DROP TABLE victim; --") << false;
        QTest::newRow("quote") << QStringLiteral("a'b") << false;
        QTest::newRow("space") << QStringLiteral("my schema") << false;
        QTest::newRow("upper case") << QStringLiteral("Sextant") << false;
        QTest::newRow("leading digit") << QStringLiteral("1st") << false;
        QTest::newRow("dollar") << QStringLiteral("a$$b") << false;
        QTest::newRow("reserved prefix") << QStringLiteral("pg_sextant") << false;
        QTest::newRow("non-ASCII") << QStringLiteral("sch\u00e9ma") << false;
    }

    void problems()
    {
        QFETCH(QString, name);
        QFETCH(bool, allowed);
        const QString problem = SqlSchemas::problem(name);
        QCOMPARE(problem.isEmpty(), allowed);
        if (!allowed)
            QVERIFY2(problem.contains(QLatin1String("a-z")) || problem.contains(QLatin1String("pg_")),
                qPrintable(problem)); // says what is allowed
        SqlSchemas schemas;
        schemas.core = name;
        const Result<void> checked = schemas.check();
        QCOMPARE(checked.ok(), allowed);
        if (!allowed) {
            QCOMPARE(checked.error().code, Error::InvalidInput);
            QVERIFY2(checked.error().message.contains(QLatin1String("core")), qPrintable(checked.error().message));
        }
    }

    void quotesWhateverTheName()
    {
        QCOMPARE(SqlDialect::quoteIdentifier(QStringLiteral("public")), QStringLiteral("\"public\""));
        QCOMPARE(SqlDialect::quoteIdentifier(QStringLiteral("x\"; DROP TABLE t; --")),
            QStringLiteral("\"x\"\"; DROP TABLE t; --\""));
        SqlSchemas schemas;
        schemas.auth = QStringLiteral("a\"b");
        // A name that spells a placeholder is not expanded again inside the identifier.
        schemas.eumas = QStringLiteral("{{AUTH}}");
        const SqlDialect d(SqlDialect::Postgres, false, schemas);
        QCOMPARE(d.table(Table::Users), QStringLiteral("\"a\"\"b\".users"));
        QCOMPARE(d.label(Table::Users), QStringLiteral("a\"b.users"));
        QCOMPARE(d.expand(QStringLiteral("CREATE TABLE {{EUMAS}}.t (v {{VECTOR}}) -- {{AUTH}}")),
            QStringLiteral("CREATE TABLE \"{{AUTH}}\".t (v real[]) -- \"a\"\"b\""));
        QCOMPARE(SqlDialect(SqlDialect::Sqlite, false, schemas).table(Table::Users), QStringLiteral("auth_users"));
    }

    void hostileNamesAreRefusedAndNothingIsWritten_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("injection") << QStringLiteral("x\"; DROP TABLE public.victim; --");
        QTest::newRow("quote") << QStringLiteral("a'b");
        QTest::newRow("space") << QStringLiteral("my schema");
        QTest::newRow("upper case") << QStringLiteral("Sextant");
        QTest::newRow("empty") << QString();
        QTest::newRow("64 bytes") << longName(64);
    }

    void hostileNamesAreRefusedAndNothingIsWritten()
    {
        QFETCH(QString, name);
        std::optional<PostgresSettings> settings = recreatePostgresDatabase(QStringLiteral("sextant_schemanames_bad"));
        QVERIFY2(settings, "SEXTANT_TEST_PG must name a PostgreSQL server that may create databases");
        QVERIFY(runSql(*settings, { QStringLiteral("CREATE TABLE public.victim (id int)") }));
        for (QString SqlSchemas::*field :
            { &SqlSchemas::eumas, &SqlSchemas::auth, &SqlSchemas::core, &SqlSchemas::ai }) {
            PostgresSettings s = *settings;
            s.schemas.*field = name;
            const Result<ConnectionReport> probed = PostgresWorkspace::probe(s, QStringLiteral("bad-probe"));
            QVERIFY(!probed);
            QCOMPARE(probed.error().code, Error::InvalidInput);
            QVERIFY2(probed.error().message.contains(QLatin1String("schema")), qPrintable(probed.error().message));
            const Result<std::unique_ptr<Repository>> opened = PostgresWorkspace::open(s, QStringLiteral("bad-open"));
            QVERIFY(!opened);
            QCOMPARE(opened.error().code, Error::InvalidInput);
            const Result<MigrationPlan> migrated = PostgresWorkspace::migrate(s, QStringLiteral("bad-migrate"));
            QVERIFY(!migrated);
            QCOMPARE(migrated.error().code, Error::InvalidInput);
        }
        QCOMPARE(userSchemas(*settings), 0);
        QCOMPARE(userTables(*settings), 1); // the victim, and nothing else
    }

    void unusualAllowedNamesMigrateAndRead()
    {
        std::optional<PostgresSettings> settings = recreatePostgresDatabase(QStringLiteral("sextant_schemanames_ok"));
        QVERIFY2(settings, "SEXTANT_TEST_PG must name a PostgreSQL server that may create databases");
        QVERIFY(runSql(*settings, { QStringLiteral("CREATE TABLE public.victim (id int)") }));
        settings->schemas.eumas = QStringLiteral("user"); // a reserved word: works only quoted
        settings->schemas.auth = QStringLiteral("app_auth");
        settings->schemas.core = QStringLiteral("_core2");
        settings->schemas.ai = longName(63);

        Result<std::unique_ptr<Repository>> repo = PostgresWorkspace::open(*settings, QStringLiteral("ok-open"));
        QVERIFY2(repo, repo ? "" : qPrintable(repo.error().message));
        Repository &r = **repo;
        QCOMPARE(r.schemaVersion().value(), Migrator::latestVersion(SqlDialect::Postgres));
        QVERIFY(Migrator::plan(r)->isEmpty());

        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(r.insertMemories({ sampleMemory(1, now), sampleMemory(2, now.addSecs(1)) }));
        QCOMPARE(r.counts()->memories, 2);
        const Result<MemoryPage> page = r.memoryPage({});
        QVERIFY2(page, page ? "" : qPrintable(page.error().message));
        QCOMPARE(page->rows.size(), 2);
        MemoryFilter filter;
        filter.text = QStringLiteral("tomato");
        const Result<qint64> found = MemoryQuery(r).count(filter); // through the EUMAS schema's function
        QVERIFY2(found, found ? "" : qPrintable(found.error().message));
        QCOMPARE(*found, 2);
        const Result<Privileges> privileges = r.privileges();
        QVERIFY2(privileges, privileges ? "" : qPrintable(privileges.error().message));
        QVERIFY(privileges->canRead && privileges->canMigrate);
        repo->reset(); // closes the connection before probing

        const Result<ConnectionReport> report = PostgresWorkspace::probe(*settings, QStringLiteral("ok-probe"));
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        QVERIFY(report->planError.isEmpty());
        QVERIFY(report->plan.isEmpty());
        QVERIFY(report->rowCounts.contains(std::pair { QStringLiteral("user.memories"), qint64(2) }));

        // Nothing landed in public: only the victim is there.
        QCOMPARE(scalar(*settings,
                     QStringLiteral("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                    "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 'S', 'v')")),
            1);
        QCOMPARE(userSchemas(*settings), 4);
    }
};

QTEST_GUILESS_MAIN(TestSchemaNames)
#include "tst_schemanames.moc"
