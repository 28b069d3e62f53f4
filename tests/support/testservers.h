#pragma once

// The database servers a test run talks to (SEXTANT_TEST_PG: PostgreSQL 15, SEXTANT_TEST_PGVECTOR: PGlite with
// pgvector), whether the run must reach them, and the marker line each server pass prints so that
// packaging/scripts/test.sh can count the passes that really ran. A server test that quietly skips in CI
// would leave half of the suite's claims untested while the run stays green.

#include "db/postgresworkspace.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QTest>
#include <QUuid>

#include <cstdio>
#include <optional>

namespace TestServers {

enum class Server { Postgres, Pgvector };

inline const char *variable(Server server)
{
    return server == Server::Postgres ? "SEXTANT_TEST_PG" : "SEXTANT_TEST_PGVECTOR";
}

// CI systems set CI; packaging/scripts/test.sh sets SEXTANT_TEST_REQUIRE_SERVERS=1. Either promises the servers,
// so a server pass that cannot run is a failure there. Only a developer's bare ctest may skip it.
inline bool required()
{
    const auto on = [](const char *name) {
        const QByteArray value = qgetenv(name).trimmed().toLower();
        return !value.isEmpty() && value != "0" && value != "false" && value != "no";
    };
    return on("CI") || on("SEXTANT_TEST_REQUIRE_SERVERS");
}

// What the environment says about one server. Reading it never fails a test (main() reads it too).
struct Lookup
{
    bool configured = false; // the variable is set
    std::optional<PostgresSettings> settings; // it parsed
    QString problem; // why there are no settings
};

inline Lookup lookup(Server server)
{
    Lookup found;
    const QString text = qEnvironmentVariable(variable(server)).trimmed();
    found.configured = !text.isEmpty();
    if (!found.configured) {
        found.problem = QStringLiteral("%1 is not set").arg(QLatin1String(variable(server)));
        return found;
    }
    Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(text);
    if (settings)
        found.settings = *settings;
    else
        found.problem = QStringLiteral("%1 is not a connection string (%2)")
                            .arg(QLatin1String(variable(server)), settings.errorMessage());
    return found;
}

// Prints "PG-PASS tst_x" (or "PGVECTOR-PASS tst_x") the first time this process reaches the server.
inline void markPass(Server server)
{
    static bool printed[2] = {};
    bool &done = printed[server == Server::Postgres ? 0 : 1];
    if (done)
        return;
    done = true;
    std::printf("%s %s\n", server == Server::Postgres ? "PG-PASS" : "PGVECTOR-PASS",
        qPrintable(QCoreApplication::applicationName()));
    std::fflush(stdout);
}

// Marks the pass of whichever configured server `settings` names (both, if the two variables name one server).
inline void markPassFor(const PostgresSettings &settings)
{
    for (Server server : { Server::Postgres, Server::Pgvector }) {
        const Lookup known = lookup(server);
        if (known.settings && known.settings->host == settings.host && known.settings->port == settings.port)
            markPass(server);
    }
}

// A QtSql connection named `name` to `settings`, not yet opened; the caller removes it when done.
inline QSqlDatabase addConnection(const PostgresSettings &settings, const QString &name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(settings.host);
    db.setPort(settings.port);
    db.setUserName(settings.user);
    db.setPassword(settings.password);
    db.setDatabaseName(settings.database);
    return db;
}

// Opens and closes one connection; the server's error text, or empty when it answered.
inline QString connectionError(const PostgresSettings &settings)
{
    const QString name = QStringLiteral("probe-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    QString error;
    {
        QSqlDatabase db = addConnection(settings, name);
        if (!db.open())
            error = db.lastError().text().trimmed();
        if (error.isEmpty() && !db.isOpen())
            error = QStringLiteral("the connection did not open");
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

// Why this run has no usable server, for the failure message.
inline QString missingReason(const Lookup &found)
{
    if (found.configured)
        return found.problem;
    return QStringLiteral("%1, but this run requires its database servers (CI or SEXTANT_TEST_REQUIRE_SERVERS is "
                          "set; packaging/scripts/test.sh starts them)")
        .arg(found.problem);
}

} // namespace TestServers
