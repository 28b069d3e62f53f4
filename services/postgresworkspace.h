#pragma once

#include "result.h"
#include "sqlrepository.h"

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

    // "host=… port=… user=…" (libpq keyword form, as the test server prints it) or a postgresql:// URI.
    static Result<PostgresSettings> fromConnectionString(const QString &text);
    QString displayName() const; // user@host:port/database, never the password
};

namespace PostgresWorkspace {

// Opens the connection on the calling thread, detects pgvector and applies pending migrations.
Result<std::unique_ptr<SqlRepository>> open(const PostgresSettings &settings, const QString &connectionName);

} // namespace PostgresWorkspace
