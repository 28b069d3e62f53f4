#pragma once

#include "db/databaseworker.h"
#include "db/postgresworkspace.h"
#include "support/testutil.h"

#include <QProcess>
#include <QSqlQuery>

// The shared parts of the kill drills (tst_reviewdrill, tst_writedrill, tst_matchdrill), which stop the shared
// PostgreSQL test server as a power cut would and start it again.

// Puts SEXTANT_TEST_PG_CONTROL (packaging/scripts/pg-test-server.sh, whose crash and resume the drills run) into
// `script`. Without it, a run that promised its servers fails the test and a developer run skips it.
#define REQUIRE_SERVER_CONTROL(script)                                                                                 \
    do {                                                                                                               \
        script = qEnvironmentVariable("SEXTANT_TEST_PG_CONTROL");                                                      \
        if (script.isEmpty() && TestServers::required())                                                              \
            QFAIL("SEXTANT_TEST_PG_CONTROL is not set, but this run requires its servers (packaging/scripts/test.sh " \
                  "sets it)");                                                                                         \
        if (script.isEmpty())                                                                                          \
            QSKIP("SEXTANT_TEST_PG_CONTROL is not set: a developer run (packaging/scripts/test.sh sets it)");         \
    } while (false)

// `database`, dropped and created again on the test server with durable commits. The test server runs with
// synchronous_commit off for speed; a production server reports a commit only once it is durable, and so must a
// drill's database for the drill to mean anything.
inline std::optional<PostgresSettings> durableDrillDatabase(const QString &database)
{
    std::optional<PostgresSettings> settings = recreatePostgresDatabase(database);
    if (!settings)
        return std::nullopt;
    PostgresSettings admin = *settings;
    admin.database = QStringLiteral("postgres");
    if (!runSql(admin, { QStringLiteral("ALTER DATABASE %1 SET synchronous_commit = on").arg(database) }))
        return std::nullopt;
    return settings;
}

// Opens `worker` on `settings`, its connection named `connection`.
inline Result<void> openDrillWorker(DatabaseWorker &worker, const PostgresSettings &settings, const QString &connection)
{
    return worker
        .open([settings, connection]() -> Result<std::unique_ptr<Repository>> {
            return PostgresWorkspace::open(settings, connection);
        })
        .result();
}

// Runs `script command` (crash, resume): true when the script says it worked.
inline bool runServerControl(const QString &script, const char *command)
{
    return QProcess::execute(QStringLiteral("bash"), { script, QLatin1String(command) }) == 0;
}

// The first column of the first row of `sql`, read on the worker's thread; -1 when the query fails.
inline qint64 drillScalar(DatabaseWorker &worker, const QString &sql)
{
    Result<qint64> n = worker.runAndWait([sql](Repository &r) -> Result<qint64> {
        QSqlQuery q(r.database());
        if (!q.exec(sql) || !q.next())
            return Repository::queryError(q, sql);
        return q.value(0).toLongLong();
    });
    return n ? *n : -1;
}
