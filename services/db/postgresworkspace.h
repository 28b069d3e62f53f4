#pragma once

#include "db/migrator.h"
#include "db/privileges.h"
#include "core/result.h"
#include "db/repository.h"

#include <memory>

// Where a PostgreSQL / Supabase workspace lives. The password is passed in by the caller (from the
// keychain or typed in) and never stored here beyond the connection attempt.
struct PostgresSettings
{
    QString host = QStringLiteral("127.0.0.1");
    int port = 5432;
    QString database = QStringLiteral("postgres");
    QString user = QStringLiteral("postgres");
    QString password;
    QString sslMode = QStringLiteral("prefer"); // disable | allow | prefer | require | verify-ca | verify-full
    QString sslRootCert;
    SqlSchemas schemas;

    // "host=… port=… user=…" (libpq keyword form, as the test server prints it) or a postgresql:// URI
    // (Supabase's direct and session-pooler strings are URIs).
    static Result<PostgresSettings> fromConnectionString(const QString &text);
    QString displayName() const; // user@host:port/database, never the password
};

// What "Test connection" reports. Produced without changing the database.
struct ConnectionReport
{
    QString serverVersion; // "PostgreSQL 15.20 on x86_64…"
    QString pgvectorVersion; // empty when not installed
    bool pgvectorAvailable = false; // the server offers it (CREATE EXTENSION would work)
    bool nativeVectors = false; // what Sextant will use: vector(1536) or real[]
    int schemaVersion = 0; // 0: no Sextant schema yet
    int latestVersion = 0; // what this build knows
    QList<std::pair<QString, qint64>> rowCounts; // per existing Sextant table
    Privileges privileges;
    MigrationPlan plan; // what applying migrations would run (empty: up to date)
    QString planError; // why migrations cannot be planned (schema too new, foreign tables, …)
    int latencyMs = 0;
};

namespace PostgresWorkspace {

enum class Migrations {
    Apply, // apply what is pending (the preview has been shown, or it is a test / the command line)
    RequireCurrent, // fail with Error::Conflict when anything is pending
};

// Everything below runs on the calling thread, which must not be the UI thread. Each refuses schema
// names that SqlSchemas::check() rejects with Error::InvalidInput before it connects.
Result<ConnectionReport> probe(const PostgresSettings &settings, const QString &connectionName);
Result<std::unique_ptr<Repository>> open(
    const PostgresSettings &settings, const QString &connectionName, Migrations migrations = Migrations::Apply);
// Applies what is pending (all in one transaction) and returns it; an empty plan: already current.
// The connection is closed again before this returns.
Result<MigrationPlan> migrate(const PostgresSettings &settings, const QString &connectionName);

} // namespace PostgresWorkspace
