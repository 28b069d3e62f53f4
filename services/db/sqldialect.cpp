#include "db/sqldialect.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

#include <cstring>

SqlDialect::SqlDialect(Backend backend, bool nativeVectors, SqlSchemas schemas)
    : m_backend(backend)
    , m_nativeVectors(nativeVectors)
    , m_schemas(std::move(schemas))
{
}

namespace {

struct TableName
{
    const char *schema; // "eumas" marks the configurable EUMAS schema
    const char *name;
};

const TableName &tableName(Table table)
{
    static const TableName names[] = {
        { "eumas", "memories" },
        { "eumas", "evaluations" },
        { "eumas", "links" },
        { "eumas", "archetype_states" },
        { "eumas", "archetype_state_history" },
        { "eumas", "cluster_runs" },
        { "eumas", "cluster_members" },
        { "auth", "users" },
        { "core", "freelancer_profiles" },
        { "core", "jobs" },
        { "ai", "embeddings" },
        { "ai", "match_results" },
        { "ai", "match_reviews" },
        { "ai", "bias_reports" },
        { "ai", "model_versions" },
        { "ai", "learning_metrics" },
        { "ai", "audit_attributes" },
        { "eumas", "audit_log" },
        { "eumas", "schema_migrations" },
        { "eumas", "embedding_cache" },
        { "eumas", "api_usage" },
        { "eumas", "evaluation_failures" },
        { "eumas", "memory_batches" },
        { "eumas", "memory_text" },
        { "ai", "match_runs" },
    };
    return names[static_cast<int>(table)];
}

const QString &configured(const SqlSchemas &schemas, const char *schema)
{
    if (std::strcmp(schema, "eumas") == 0)
        return schemas.eumas;
    if (std::strcmp(schema, "auth") == 0)
        return schemas.auth;
    return std::strcmp(schema, "core") == 0 ? schemas.core : schemas.ai;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("SqlSchemas", text);
}

} // namespace

QString SqlSchemas::problem(const QString &name)
{
    static const QRegularExpression plain(QStringLiteral("^[a-z_][a-z0-9_]*$"));
    const QString allowed
        = tr("Use lower-case letters a-z, digits and _, starting with a letter or _, at most 63 characters.");
    if (name.isEmpty())
        return tr("The name is empty. %1").arg(allowed);
    if (!plain.match(name).hasMatch())
        return tr("\"%1\" is not allowed. %2").arg(name, allowed);
    if (name.size() > 63)
        return tr("The name has %1 characters; PostgreSQL keeps only 63. %2").arg(name.size()).arg(allowed);
    if (name.startsWith(QLatin1String("pg_")))
        return tr("Names starting with pg_ are reserved for PostgreSQL's own schemas.");
    return {};
}

Result<void> SqlSchemas::check() const
{
    const std::pair<const QString &, const char *> fields[] = {
        { eumas, QT_TRANSLATE_NOOP("SqlSchemas", "EUMAS schema") },
        { auth, QT_TRANSLATE_NOOP("SqlSchemas", "8thDegree auth schema") },
        { core, QT_TRANSLATE_NOOP("SqlSchemas", "8thDegree core schema") },
        { ai, QT_TRANSLATE_NOOP("SqlSchemas", "8thDegree AI schema") },
    };
    for (const auto &[name, field] : fields) {
        if (const QString why = problem(name); !why.isEmpty())
            return makeError(Error::InvalidInput, tr("%1: %2 Nothing was changed.").arg(tr(field), why));
    }
    return {};
}

QString SqlDialect::quoteIdentifier(const QString &name)
{
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString SqlDialect::table(Table table) const
{
    const TableName &n = tableName(table);
    const QString name = QLatin1String(n.name);
    if (m_backend == Sqlite)
        return std::strcmp(n.schema, "eumas") == 0 ? name : QLatin1String(n.schema) + QLatin1Char('_') + name;
    return quoteIdentifier(configured(m_schemas, n.schema)) + QLatin1Char('.') + name;
}

QString SqlDialect::label(Table table) const
{
    if (m_backend == Sqlite)
        return SqlDialect::table(table);
    const TableName &n = tableName(table);
    return configured(m_schemas, n.schema) + QLatin1Char('.') + QLatin1String(n.name);
}

QString SqlDialect::eumasObject(const QString &name) const
{
    return m_backend == Sqlite ? name : quoteIdentifier(m_schemas.eumas) + QLatin1Char('.') + name;
}

QString SqlDialect::expand(QString sql) const
{
    // {{IF_VECTOR}} … {{END_IF}}: statements that exist only with pgvector (HNSW indexes).
    static const QRegularExpression vectorOnly(
        QStringLiteral("\\{\\{IF_VECTOR\\}\\}(.*?)\\{\\{END_IF\\}\\}"), QRegularExpression::DotMatchesEverythingOption);
    sql.replace(vectorOnly, m_nativeVectors ? QStringLiteral("\\1") : QString());
    // One pass over the template, so text a substituted name brings in is never substituted again.
    static const QRegularExpression placeholders(QStringLiteral("\\{\\{(EUMAS|AUTH|CORE|AI|VECTOR)\\}\\}"));
    QString expanded;
    expanded.reserve(sql.size() + 256);
    qsizetype at = 0;
    for (const QRegularExpressionMatch &match : placeholders.globalMatch(sql)) {
        expanded += QStringView(sql).sliced(at, match.capturedStart() - at);
        const QStringView key = match.capturedView(1);
        if (key == QLatin1String("VECTOR"))
            expanded
                += m_nativeVectors ? QStringLiteral("vector(%1)").arg(EmbeddingDimensions) : QStringLiteral("real[]");
        else
            expanded += quoteIdentifier(key == QLatin1String("EUMAS") ? m_schemas.eumas
                    : key == QLatin1String("AUTH")                    ? m_schemas.auth
                    : key == QLatin1String("CORE")                    ? m_schemas.core
                                                                      : m_schemas.ai);
        at = match.capturedEnd();
    }
    expanded += QStringView(sql).sliced(at);
    return expanded;
}

QString SqlDialect::placeholder(const QString &name, Kind kind) const
{
    const QString p = QLatin1Char(':') + name;
    if (m_backend == Sqlite)
        return p;
    switch (kind) {
    case Uuid:
        return p + QLatin1String("::uuid");
    case Time:
        return p + QLatin1String("::timestamptz");
    case Tags:
        return p + QLatin1String("::text[]");
    case Json:
        return p + QLatin1String("::jsonb");
    case Vector:
        return p + (m_nativeVectors ? QLatin1String("::vector") : QLatin1String("::real[]"));
    default:
        return p;
    }
}

QString SqlDialect::insertSql(Table t, const QList<std::pair<QString, Kind>> &columns, const QString &suffix) const
{
    QStringList names;
    QStringList values;
    for (const auto &[name, kind] : columns) {
        names << name;
        values << placeholder(name, kind);
    }
    QString sql = QLatin1String("INSERT INTO ") + table(t) + QLatin1String(" (") + names.join(QLatin1String(", "))
        + QLatin1String(") VALUES (") + values.join(QLatin1String(", ")) + QLatin1Char(')');
    if (!suffix.isEmpty())
        sql += QLatin1Char(' ') + suffix;
    return sql;
}

QVariant SqlDialect::text(const QString &value) const
{
    return value.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(value);
}

QVariant SqlDialect::uuid(const QUuid &id) const
{
    return id.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(id.toString(QUuid::WithoutBraces));
}

QVariant SqlDialect::time(const QDateTime &time) const
{
    if (!time.isValid())
        return QVariant(QMetaType::fromType<QString>());
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QVariant SqlDialect::tags(const QStringList &tags) const
{
    if (m_backend == Sqlite)
        return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(tags)).toJson(QJsonDocument::Compact));
    QStringList quoted;
    for (QString tag : tags) {
        tag.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
        quoted << QLatin1Char('"') + tag + QLatin1Char('"');
    }
    return QString(QLatin1Char('{') + quoted.join(QLatin1Char(',')) + QLatin1Char('}'));
}

QVariant SqlDialect::json(const QJsonObject &object) const
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QVariant SqlDialect::vector(const Embedding &embedding) const
{
    if (embedding.isEmpty())
        return QVariant(QMetaType::fromType<QByteArray>());
    if (m_backend == Sqlite)
        return QByteArray(reinterpret_cast<const char *>(embedding.constData()), embedding.size() * sizeof(float));
    QString text;
    text.reserve(embedding.size() * 12);
    text += m_nativeVectors ? QLatin1Char('[') : QLatin1Char('{');
    for (qsizetype i = 0; i < embedding.size(); ++i) {
        if (i)
            text += QLatin1Char(',');
        text += QString::number(embedding[i], 'g', 9);
    }
    text += m_nativeVectors ? QLatin1Char(']') : QLatin1Char('}');
    return text;
}

QVariant SqlDialect::boolean(bool value) const
{
    return m_backend == Sqlite ? QVariant(value ? 1 : 0) : QVariant(value);
}

QVariant SqlDialect::optionalReal(const std::optional<double> &value) const
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<double>());
}

QUuid SqlDialect::toUuid(const QVariant &value) const
{
    return QUuid::fromString(value.toString());
}

QDateTime SqlDialect::toTime(const QVariant &value) const
{
    if (value.isNull())
        return {};
    if (value.typeId() == QMetaType::QDateTime)
        return value.toDateTime().toUTC();
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : time;
}

QStringList SqlDialect::toTags(const QVariant &value) const
{
    const QString text = value.toString();
    if (text.isEmpty())
        return {};
    if (text.startsWith(QLatin1Char('['))) {
        QStringList tags;
        const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
        for (const QJsonValue &v : array)
            tags << v.toString();
        return tags;
    }
    // PostgreSQL array literal {a,"b c"}
    QStringList tags;
    QString current;
    bool quoted = false;
    for (qsizetype i = 1; i + 1 < text.size(); ++i) {
        const QChar c = text[i];
        if (c == QLatin1Char('\\') && i + 2 < text.size()) {
            current += text[++i];
        } else if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (c == QLatin1Char(',') && !quoted) {
            tags << current;
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.isEmpty() || text.size() > 2)
        tags << current;
    return tags;
}

QJsonObject SqlDialect::toJson(const QVariant &value) const
{
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

Embedding SqlDialect::toVector(const QVariant &value) const
{
    if (value.isNull())
        return {};
    if (m_backend == Sqlite) {
        const QByteArray bytes = value.toByteArray();
        Embedding embedding(bytes.size() / qsizetype(sizeof(float)));
        std::memcpy(embedding.data(), bytes.constData(), embedding.size() * sizeof(float));
        return embedding;
    }
    QStringView text(value.toString());
    Embedding embedding;
    embedding.reserve(EmbeddingDimensions);
    const auto parts = text.mid(1, text.size() - 2).split(QLatin1Char(','));
    for (const QStringView part : parts)
        embedding << part.toFloat();
    return embedding;
}

std::optional<double> SqlDialect::toOptionalReal(const QVariant &value) const
{
    if (value.isNull())
        return std::nullopt;
    return value.toDouble();
}
