#pragma once

#include "sqliteworkspace.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

// Opens a fresh SQLite workspace in a temporary folder on the calling thread.
inline std::unique_ptr<SqlRepository> openTempWorkspace(
    const QTemporaryDir &dir, const QString &name = QStringLiteral("ws"))
{
    Result<std::unique_ptr<SqlRepository>> repo
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

#include "postgresworkspace.h"

#include <QProcessEnvironment>
#include <QSqlQuery>

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

// Drops and recreates `database` on the test server, then opens a migrated repository on it.
inline std::unique_ptr<SqlRepository> openFreshPostgres(const QString &database, const QString &connection)
{
    const std::optional<PostgresSettings> base = testPostgres();
    if (!base)
        return {};
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection + QLatin1String("-admin"));
        admin.setHostName(base->host);
        admin.setPort(base->port);
        admin.setUserName(base->user);
        admin.setDatabaseName(QStringLiteral("postgres"));
        if (admin.open()) {
            QSqlQuery q(admin);
            q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(database));
            if (!q.exec(QStringLiteral("CREATE DATABASE %1").arg(database)))
                qWarning("could not create the test database %s", qPrintable(database));
            admin.close();
        }
    }
    QSqlDatabase::removeDatabase(connection + QLatin1String("-admin"));
    PostgresSettings settings = *base;
    settings.database = database;
    Result<std::unique_ptr<SqlRepository>> repo = PostgresWorkspace::open(settings, connection);
    if (!repo) {
        qWarning("%s", qPrintable(repo.error().message));
        return {};
    }
    return std::move(repo.value());
}
