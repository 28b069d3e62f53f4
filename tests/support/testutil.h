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

#include "db/postgresworkspace.h"

#include <QProcessEnvironment>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

// The PostgreSQL server that packaging/scripts/test.sh starts (SEXTANT_TEST_PG, libpq key=value form).
inline std::optional<PostgresSettings> testPostgres()
{
    const QString text = QProcessEnvironment::systemEnvironment().value(QStringLiteral("SEXTANT_TEST_PG"));
    if (text.isEmpty())
        return std::nullopt;
    Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(text);
    if (!settings)
        return std::nullopt;
    return *settings;
}

// Runs `statements` on `settings` through a short-lived connection; fails the test on the first error.
inline bool runSql(const PostgresSettings &settings, const QStringList &statements)
{
    const QString name = QStringLiteral("runsql-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(settings.host);
        db.setPort(settings.port);
        db.setUserName(settings.user);
        db.setPassword(settings.password);
        db.setDatabaseName(settings.database);
        ok = db.open();
        QSqlQuery q(db);
        for (const QString &statement : statements) {
            if (!ok)
                break;
            ok = q.exec(statement);
            if (!ok)
                qWarning("%s: %s", qPrintable(statement), qPrintable(q.lastError().text()));
        }
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
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

// main() of a repository test: the test class (constructed from a backend) runs on SQLite, then on
// the PostgreSQL test server.
template<typename Test> int runOnBothBackends(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int status = 0;
    {
        Test sqlite(SqlDialect::Sqlite);
        status |= QTest::qExec(&sqlite, argc, argv);
    }
    if (testPostgres()) {
        Test postgres(SqlDialect::Postgres);
        status |= QTest::qExec(&postgres, argc, argv);
    } else {
        // packaging/scripts/test.sh (and so CI) always sets it; this is for a hand-run ctest.
        qWarning("SEXTANT_TEST_PG is not set: the PostgreSQL pass did not run.");
    }
    return status;
}
