#pragma once

#include "db/sqliteworkspace.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

// Opens a fresh SQLite workspace in a temporary folder on the calling thread.
inline std::unique_ptr<Repository> openTempWorkspace(
    const QTemporaryDir &dir, const QString &name = QStringLiteral("ws"))
{
    Result<std::unique_ptr<Repository>> repo
        = SqliteWorkspace::open(dir.filePath(name + QLatin1String(".sqlite")), name);
    if (!repo) {
        qWarning("%s", qPrintable(repo.error().message));
        return {};
    }
    return std::move(repo.value());
}

inline Memory sampleMemory(int n, const QDateTime &created)
{
    Memory m;
    m.id = QUuid::createUuid();
    m.userPrompt = QStringLiteral("How do I prune tomato plant number %1?").arg(n);
    m.agentReply = QStringLiteral("Pinch the suckers above the leaf node.");
    m.summary = QStringLiteral("Pruning tomatoes %1").arg(n);
    m.sessionId = QStringLiteral("session-1");
    m.userId = QStringLiteral("user-1");
    m.contextTags = { QStringLiteral("garden"), QStringLiteral("tomato, \"cherry\"") };
    m.tone = QStringLiteral("practical");
    m.createdAt = created;
    m.lastAccessed = created.addSecs(60);
    m.priority = 0.5;
    m.embedding = Embedding(EmbeddingDimensions, 0.0f);
    m.embedding[n % EmbeddingDimensions] = 1.0f;
    m.embeddingModel = QStringLiteral("test");
    m.metadata.insert(QStringLiteral("n"), n);
    return m;
}

#include "support/testservers.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

// The PostgreSQL server that packaging/scripts/test.sh starts (SEXTANT_TEST_PG, libpq key=value form); call it
// inside a test function. When the variable is set but the server does not answer, or the run requires its
// servers (CI, SEXTANT_TEST_REQUIRE_SERVERS) and the variable is not set, the test fails here with the reason.
// Only on a developer's run without the variable does it return nullopt quietly, for the caller to QSKIP.
inline std::optional<PostgresSettings> testPostgres()
{
    using namespace TestServers;
    const Lookup found = lookup(Server::Postgres);
    if (!found.settings) {
        if (found.configured || required())
            QTest::qFail(qPrintable(missingReason(found)), __FILE__, __LINE__);
        return std::nullopt;
    }
    const QString error = connectionError(*found.settings);
    if (!error.isEmpty()) {
        QTest::qFail(qPrintable(QStringLiteral("SEXTANT_TEST_PG is set, but its server %1 does not answer: %2")
                                    .arg(found.settings->displayName(), error)),
            __FILE__, __LINE__);
        return std::nullopt;
    }
    markPass(Server::Postgres);
    return found.settings;
}

// The pgvector server (SEXTANT_TEST_PGVECTOR, PGlite), with testPostgres()'s rules, except that it is not
// probed here: PGlite serves one session and may turn away a connection opened right after another closed, so
// the caller's first runSql() is the probe (and fails the test if the server does not answer).
inline std::optional<PostgresSettings> testPgvector()
{
    using namespace TestServers;
    const Lookup found = lookup(Server::Pgvector);
    if (!found.settings && (found.configured || required()))
        QTest::qFail(qPrintable(missingReason(found)), __FILE__, __LINE__);
    return found.settings;
}

// Runs `statements` on `settings` through a short-lived connection; false on the first error, which it prints as a
// warning beside the caller's failed QVERIFY (not a failure here: tst_pgvector retries while PGlite is busy).
inline bool runSql(const PostgresSettings &settings, const QStringList &statements)
{
    const QString name = QStringLiteral("runsql-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    QString error;
    {
        QSqlDatabase db = TestServers::addConnection(settings, name);
        if (!db.open())
            error = QStringLiteral("cannot connect to %1: %2").arg(settings.displayName(), db.lastError().text());
        else
            TestServers::markPassFor(settings);
        QSqlQuery q(db);
        for (const QString &statement : statements) {
            if (!error.isEmpty())
                break;
            if (!q.exec(statement))
                error = QStringLiteral("%1: %2").arg(statement, q.lastError().text());
        }
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return error.isEmpty();
}

// Drops and recreates `database` on the test server; returns the settings that reach it.
inline std::optional<PostgresSettings> recreatePostgresDatabase(const QString &database)
{
    std::optional<PostgresSettings> settings = testPostgres();
    if (!settings)
        return std::nullopt;
    PostgresSettings admin = *settings;
    admin.database = QStringLiteral("postgres");
    if (!runSql(admin,
            { QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(database),
                QStringLiteral("CREATE DATABASE %1").arg(database) }))
        return std::nullopt;
    settings->database = database;
    return settings;
}

// Drops and recreates `database` on the test server, then opens a migrated repository on it.
inline std::unique_ptr<Repository> openFreshPostgres(const QString &database, const QString &connection)
{
    const std::optional<PostgresSettings> settings = recreatePostgresDatabase(database);
    if (!settings)
        return {};
    Result<std::unique_ptr<Repository>> repo = PostgresWorkspace::open(*settings, connection);
    if (!repo) {
        qWarning("%s", qPrintable(repo.error().message));
        return {};
    }
    return std::move(repo.value());
}

// main() of a repository test: the test class (constructed from a backend) runs on SQLite, then on the
// PostgreSQL test server. The PostgreSQL pass runs whenever the server is configured or required, so that a
// missing or unreachable server fails it (testPostgres()); only a developer's run without one leaves it out.
template<typename Test> int runOnBothBackends(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int status = 0;
    {
        Test sqlite(SqlDialect::Sqlite);
        status |= QTest::qExec(&sqlite, argc, argv);
    }
    const TestServers::Lookup pg = TestServers::lookup(TestServers::Server::Postgres);
    if (pg.configured || TestServers::required()) {
        Test postgres(SqlDialect::Postgres);
        status |= QTest::qExec(&postgres, argc, argv);
        if (!pg.settings)
            status |= 1; // whatever the pass did without a server, the run promised one
    } else {
        std::printf("SKIP   : the PostgreSQL pass of %s did not run: SEXTANT_TEST_PG is not set (a developer run; "
                    "packaging/scripts/test.sh starts the server and sets it)\n",
            qPrintable(QCoreApplication::applicationName()));
    }
    return status;
}
