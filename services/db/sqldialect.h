#pragma once

#include "core/memory.h"

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
};

// Schema names of a PostgreSQL deployment (SQLite ignores them).
struct SqlSchemas
{
    QString eumas = QStringLiteral("public");
    QString auth = QStringLiteral("auth");
    QString core = QStringLiteral("core");
    QString ai = QStringLiteral("ai");
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

    QString table(Table table) const;
    const SqlSchemas &schemas() const { return m_schemas; }
    // Fills a migration template: {{EUMAS}} {{AUTH}} {{CORE}} {{AI}} schema names, {{VECTOR}} column type.
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
