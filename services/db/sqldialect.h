#pragma once

#include "core/memory.h"
#include "core/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariant>

enum class Table {
    Memories,
    Evaluations,
    Links,
    ArchetypeStates,
    ArchetypeStateHistory,
    ClusterRuns,
    ClusterMembers,
    Users,
    FreelancerProfiles,
    Jobs,
    Embeddings,
    MatchResults,
    MatchReviews,
    BiasReports,
    ModelVersions,
    LearningMetrics,
    AuditAttributes,
    AuditLog,
    SchemaMigrations,
    // Sextant's own (EUMAS schema)
    EmbeddingCache,
    ApiUsage,
    EvaluationFailures,
    MemoryBatches, // bulk and pruning batches, for one-click restore
    MemoryText, // SQLite's FTS5 index of memory text (PostgreSQL uses a tsvector column)
    MatchRuns, // one row per matching run (services/matching)
};

// Schema names of a PostgreSQL deployment (SQLite ignores them).
//
// A schema name is an identifier, never SQL text. SqlDialect writes it double-quoted wherever it reaches
// SQL (a " inside doubled), and code that needs it inside a string binds it as a value, so no name can
// change a statement. On top of that Sextant accepts only names PostgreSQL keeps as typed when unquoted:
// 1 to 63 characters (PostgreSQL truncates longer identifiers) of a-z, 0-9 and _, starting with a letter
// or _, and not starting with pg_ (reserved for system schemas). Within that rule "name" and name are the
// same schema, so quoting moves no deployment configured before names were quoted, and a keyword such as
// user works as a name too. $ (legal after the first character) is left out: it is not standard SQL,
// and $$ would read as a dollar quote to Migrator::splitStatements and to anyone reading the script.
struct SqlSchemas
{
    QString eumas = QStringLiteral("public");
    QString auth = QStringLiteral("auth");
    QString core = QStringLiteral("core");
    QString ai = QStringLiteral("ai");

    // Why `name` is not an acceptable schema name (translated; it says what is allowed), or empty.
    static QString problem(const QString &name);
    // Error::InvalidInput naming the first unacceptable field. Called before any SQL runs.
    Result<void> check() const;
};

// How one backend spells tables, placeholders and values. Repository writes its SQL once against
// this; SQLite keeps everything as TEXT/BLOB, PostgreSQL uses native uuid, arrays, jsonb and vectors.
class SqlDialect
{
public:
    enum Backend { Sqlite, Postgres };
    enum Kind { Text, Integer, Real, Bool, Uuid, Time, Tags, Json, Vector };

    explicit SqlDialect(Backend backend, bool nativeVectors = false, SqlSchemas schemas = SqlSchemas());

    Backend backend() const { return m_backend; }
    bool nativeVectors() const { return m_nativeVectors; }

    // "\"public\".memories" on PostgreSQL (the schema quoted), "memories" / "auth_users" on SQLite.
    QString table(Table table) const;
    // The same name for people: public.memories, unquoted. For messages and reports, never for SQL.
    QString label(Table table) const;
    // An object of Sextant's own in the EUMAS schema that has no Table entry (a function, a store's table).
    QString eumasObject(const QString &name) const;
    const SqlSchemas &schemas() const { return m_schemas; }
    // "name" with any " doubled: an SQL identifier that means exactly `name`, whatever it contains.
    static QString quoteIdentifier(const QString &name);
    // Fills a migration template: {{EUMAS}} {{AUTH}} {{CORE}} {{AI}} quoted schema names, {{VECTOR}} column type,
    // in one pass. Templates use the names only as identifiers, never inside a string or a $$ body.
    QString expand(QString sql) const;
    QString placeholder(const QString &name, Kind kind) const; // ":name" or ":name::uuid"
    QString insertSql(Table table, const QList<std::pair<QString, Kind>> &columns, const QString &suffix = {}) const;

    QVariant text(const QString &value) const; // never NULL: a null QString binds as ''
    QVariant uuid(const QUuid &id) const;
    QVariant time(const QDateTime &time) const;
    QVariant tags(const QStringList &tags) const;
    QVariant json(const QJsonObject &object) const;
    QVariant vector(const Embedding &embedding) const;
    QVariant boolean(bool value) const;
    QVariant optionalReal(const std::optional<double> &value) const;

    QUuid toUuid(const QVariant &value) const;
    QDateTime toTime(const QVariant &value) const;
    QStringList toTags(const QVariant &value) const;
    QJsonObject toJson(const QVariant &value) const;
    Embedding toVector(const QVariant &value) const;
    std::optional<double> toOptionalReal(const QVariant &value) const;

private:
    Backend m_backend;
    bool m_nativeVectors;
    SqlSchemas m_schemas;
};
