// Migrations on real PostgreSQL beyond the empty database: the seed plan's own DDL upgraded in place,
// Supabase's auth.users and foreign tables refused, and all-or-nothing application.
#include "demo/demopublisher.h"
#include "db/migrator.h"
#include "support/testutil.h"

#include <QSqlQuery>
#include <QTest>

class TestPostgresSchema : public QObject
{
    Q_OBJECT

private:
    // The 8thDegree plan's DDL, verbatim except VECTOR(1536) → real[] (Debian's PostgreSQL 15 has no
    // pgvector; the PGlite test runs it verbatim) and the user_role enum it uses without defining.
    static QStringList seedPlanDdl()
    {
        return { QStringLiteral("CREATE TYPE user_role AS ENUM ('user_freelancer', 'user_client', 'admin')"),
            QStringLiteral("CREATE SCHEMA auth"),
            QStringLiteral("CREATE TABLE auth.users (id UUID PRIMARY KEY, email VARCHAR NOT NULL UNIQUE, "
                           "full_name VARCHAR NOT NULL, role user_role NOT NULL)"),
            QStringLiteral("CREATE SCHEMA core"),
            QStringLiteral("CREATE TABLE core.jobs (id UUID PRIMARY KEY, title VARCHAR NOT NULL, description TEXT NOT "
                           "NULL, budget NUMERIC(10,2) NOT NULL)"),
            QStringLiteral("CREATE SCHEMA ai"),
            QStringLiteral("CREATE TABLE ai.embeddings (id UUID PRIMARY KEY, entity_type VARCHAR NOT NULL, "
                           "entity_id UUID NOT NULL, vector real[])") };
    }

    static qint64 count(Repository &repo, const QString &sql)
    {
        QSqlQuery q(repo.database());
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!testPostgres())
            QSKIP("SEXTANT_TEST_PG is not set (packaging/scripts/test.sh sets it)");
    }

    void upgradesSeedPlanDatabaseKeepingRows()
    {
        auto settings = recreatePostgresDatabase(QStringLiteral("sextant_seedplan_test"));
        QVERIFY(settings);
        QStringList ddl = seedPlanDdl();
        ddl << QStringLiteral("INSERT INTO auth.users VALUES ('11111111-1111-1111-1111-111111111111', "
                              "'ada@example.org', 'Ada', 'user_client')")
            << QStringLiteral("INSERT INTO core.jobs VALUES ('22222222-2222-2222-2222-222222222222', 'Logo', "
                              "'A logo for a bakery', 120.50)")
            << QStringLiteral("INSERT INTO ai.embeddings VALUES ('33333333-3333-3333-3333-333333333333', 'job', "
                              "'22222222-2222-2222-2222-222222222222', '{0.5,0.5}')");
        QVERIFY(runSql(*settings, ddl));

        Result<std::unique_ptr<Repository>> repo
            = PostgresWorkspace::open(*settings, QStringLiteral("seed"), PostgresWorkspace::Migrations::RequireCurrent);
        QVERIFY(!repo);
        QCOMPARE(repo.error().code, Error::Conflict); // pending steps are never applied silently

        {
            Result<ConnectionReport> report = PostgresWorkspace::probe(*settings, QStringLiteral("seed-probe"));
            QVERIFY2(report, report ? "" : qPrintable(report.error().message));
            QVERIFY(report->plan.adoptsSeedPlan);
            QCOMPARE(report->schemaVersion, 0);
            QVERIFY(report->plan.script().contains(QLatin1String("ALTER TABLE \"auth\".users")));
            QVERIFY(report->planError.isEmpty());
        }

        repo = PostgresWorkspace::open(*settings, QStringLiteral("seed"), PostgresWorkspace::Migrations::Apply);
        QVERIFY2(repo, repo ? "" : qPrintable(repo.error().message));
        Repository &r = **repo;
        QCOMPARE(r.schemaVersion().value(), Migrator::latestVersion(SqlDialect::Postgres));
        QCOMPARE(count(r, QStringLiteral("SELECT count(*) FROM auth.users WHERE email = 'ada@example.org' "
                                         "AND role = 'user_client' AND shard_key LIKE 'unassigned_1111%'")),
            1);
        QCOMPARE(count(r, QStringLiteral("SELECT count(*) FROM core.jobs WHERE budget = 120.50 AND status = 'open'")), 1);
        QCOMPARE(count(r, QStringLiteral("SELECT count(*) FROM ai.embeddings WHERE model = 'unknown'")), 1);

        // The upgraded tables take Sextant's writes like a fresh schema.
        User client;
        client.id = QUuid::createUuid();
        client.email = QStringLiteral("bo@example.org");
        client.fullName = QStringLiteral("Bo");
        client.role = QStringLiteral("user_client");
        client.shardRegion = QStringLiteral("eu-west");
        client.createdAt = QDateTime::currentDateTimeUtc();
        QVERIFY(r.insertUsers({ client }));
        Job job;
        job.id = QUuid::createUuid();
        job.title = QStringLiteral("Menu design");
        job.description = QStringLiteral("A menu");
        job.budget = 80;
        job.clientId = client.id;
        job.status = QStringLiteral("open");
        job.region = QStringLiteral("eu-west");
        job.createdAt = QDateTime::currentDateTimeUtc();
        QVERIFY(r.insertJobs({ job }));
        QCOMPARE(r.counts()->jobs, 2);
        QVERIFY(Migrator::plan(r)->isEmpty()); // nothing left to do
    }

    void publishesDemoDataOnlyIntoAnEmptyDatabase()
    {
        auto repo = openFreshPostgres(QStringLiteral("sextant_publish_test"), QStringLiteral("publish"));
        QVERIFY(repo);
        DemoSpec spec;
        spec.memories = 300;
        spec.freelancers = 60;
        spec.jobs = 12;
        const Result<DemoSummary> published = DemoPublisher::publish(*repo, spec);
        QVERIFY2(published, published ? "" : qPrintable(published.error().message));
        const Result<WorkspaceCounts> counts = repo->counts();
        QCOMPARE(counts->memories, 300);
        QCOMPARE(counts->freelancers, 60);
        QCOMPARE(counts->jobs, 12);
        QVERIFY(counts->matches > 0 && counts->evaluations > 0);
        // The browser's first page and a detail read straight from the published rows.
        const Result<MemoryPage> page = repo->memoryPage({});
        QVERIFY(page && !page->rows.isEmpty());
        QVERIFY(repo->memoryDetail(page->rows.first().id));

        const Result<DemoSummary> again = DemoPublisher::publish(*repo, spec);
        QVERIFY(!again);
        QCOMPARE(again.error().code, Error::Conflict);
        QCOMPARE(repo->counts()->memories, 300);
    }

    void refusesSupabaseAuthUsers()
    {
        auto settings = recreatePostgresDatabase(QStringLiteral("sextant_supabase_test"));
        QVERIFY(settings);
        QVERIFY(runSql(*settings,
            { QStringLiteral("CREATE SCHEMA auth"),
                QStringLiteral("CREATE TABLE auth.users (instance_id uuid, id uuid PRIMARY KEY, email varchar, "
                               "encrypted_password varchar)") }));
        Result<std::unique_ptr<Repository>> repo = PostgresWorkspace::open(*settings, QStringLiteral("supa"));
        QVERIFY(!repo);
        QCOMPARE(repo.error().code, Error::Conflict);
        QVERIFY2(repo.error().message.contains(QLatin1String("Supabase")), qPrintable(repo.error().message));
        // With another schema name for the marketplace's users, the same database is fine.
        settings->schemas.auth = QStringLiteral("app_auth");
        repo = PostgresWorkspace::open(*settings, QStringLiteral("supa"));
        QVERIFY2(repo, repo ? "" : qPrintable(repo.error().message));
        QCOMPARE(count(**repo, QStringLiteral("SELECT count(*) FROM auth.users")), 0);
        QCOMPARE(count(**repo, QStringLiteral("SELECT count(*) FROM app_auth.users")), 0);
    }

    void refusesForeignTablesAndChangesNothing()
    {
        auto settings = recreatePostgresDatabase(QStringLiteral("sextant_foreign_test"));
        QVERIFY(settings);
        QVERIFY(runSql(*settings, { QStringLiteral("CREATE TABLE public.memories (id serial PRIMARY KEY, body text)") }));
        Result<std::unique_ptr<Repository>> repo = PostgresWorkspace::open(*settings, QStringLiteral("foreign"));
        QVERIFY(!repo);
        QVERIFY2(repo.error().message.contains(QLatin1String("public.memories")), qPrintable(repo.error().message));
    }

    void failedMigrationLeavesDatabaseUntouched()
    {
        auto settings = recreatePostgresDatabase(QStringLiteral("sextant_atomic_test"));
        QVERIFY(settings);
        // A function Sextant's schema defines already exists: the step that creates it fails midway.
        QVERIFY(runSql(*settings,
            { QStringLiteral("CREATE FUNCTION public.sextant_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                             "$$ BEGIN RETURN NULL; END; $$") }));
        Result<std::unique_ptr<Repository>> repo = PostgresWorkspace::open(*settings, QStringLiteral("atomic"));
        QVERIFY(!repo);
        QVERIFY2(repo.error().message.contains(QLatin1String("Migration 1")), qPrintable(repo.error().message));
        PostgresSettings probeSettings = *settings;
        Result<ConnectionReport> report = PostgresWorkspace::probe(probeSettings, QStringLiteral("atomic-probe"));
        QVERIFY(report);
        QCOMPARE(report->schemaVersion, 0);
        QVERIFY(report->rowCounts.isEmpty()); // not one table of the failed run remains
    }
};

QTEST_GUILESS_MAIN(TestPostgresSchema)
#include "tst_postgresschema.moc"
