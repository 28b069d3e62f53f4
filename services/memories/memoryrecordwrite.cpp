// MemoryRecord: a memory → the JSONL object or the CSV cells that MemoryRecord::fromRecord reads back.
#include "memories/memoryrecord.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace MemoryRecord {

namespace {
QString timeText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonValue timeValue(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(timeText(t)) : QJsonValue(QJsonValue::Null);
}

QString realText(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

// Nine significant digits bring every float back bit for bit.
QString vectorText(const Embedding &e)
{
    QStringList parts;
    parts.reserve(e.size());
    for (float f : e)
        parts << QString::number(double(f), 'g', 9);
    return parts.join(QLatin1Char(' '));
}

QString tagsText(const QStringList &tags)
{
    for (const QString &t : tags) {
        if (t.contains(QLatin1Char(';')) || t.startsWith(QLatin1Char('[')) || t != t.trimmed() || t.isEmpty())
            return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(tags)).toJson(QJsonDocument::Compact));
    }
    return tags.join(QLatin1Char(';'));
}

QJsonObject evaluationJson(const Evaluation &e)
{
    QJsonObject metrics;
    const QStringList names = Archetypes::metricNames(e.archetype);
    for (int i = 0; i < Archetypes::MetricsPerArchetype; ++i)
        metrics.insert(names[i], e.metrics[i]);
    return QJsonObject { { QStringLiteral("archetype"), Archetypes::name(e.archetype) },
        { QStringLiteral("metrics"), metrics }, { QStringLiteral("justifications"), e.justifications },
        { QStringLiteral("annotation"), e.annotation }, { QStringLiteral("archetype_priority"), e.archetypePriority },
        { QStringLiteral("confidence"), e.confidence }, { QStringLiteral("model"), e.model },
        { QStringLiteral("prompt_version"), e.promptVersion },
        { QStringLiteral("created_at"), timeValue(e.createdAt) } };
}

QJsonObject linkJson(const MemoryLink &l)
{
    return QJsonObject { { QStringLiteral("target"), l.targetId.toString(QUuid::WithoutBraces) },
        { QStringLiteral("type"), l.linkType }, { QStringLiteral("strength"), l.strength },
        { QStringLiteral("archetype"),
            l.archetype ? QJsonValue(Archetypes::name(*l.archetype)) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("origin"), l.origin }, { QStringLiteral("created_at"), timeValue(l.createdAt) } };
}
} // namespace

const QStringList &csvColumns()
{
    static const QStringList columns { QStringLiteral("id"), QStringLiteral("created_at"), QStringLiteral("session_id"),
        QStringLiteral("user_id"), QStringLiteral("prompt"), QStringLiteral("reply"), QStringLiteral("summary"),
        QStringLiteral("tags"), QStringLiteral("tone"), QStringLiteral("priority"), QStringLiteral("priority_override"),
        QStringLiteral("long_term"), QStringLiteral("core"), QStringLiteral("archived_at"),
        QStringLiteral("duration_s"), QStringLiteral("last_accessed"), QStringLiteral("decay_rate"),
        QStringLiteral("embedding_model"), QStringLiteral("metadata"), QStringLiteral("version"),
        QStringLiteral("updated_at"), QStringLiteral("embedding") };
    return columns;
}

const QStringList &textColumns()
{
    static const QStringList columns { QStringLiteral("prompt"), QStringLiteral("reply") };
    return columns;
}

QStringList toCsvCells(const Memory &m, bool withEmbedding)
{
    QStringList cells { m.id.toString(QUuid::WithoutBraces), timeText(m.createdAt), m.sessionId, m.userId, m.userPrompt,
        m.agentReply, m.summary, tagsText(m.contextTags), m.tone, realText(m.priority),
        m.priorityOverride ? realText(*m.priorityOverride) : QString(),
        m.longTerm ? QStringLiteral("true") : QStringLiteral("false"),
        m.core ? QStringLiteral("true") : QStringLiteral("false"), timeText(m.archivedAt), realText(m.durationSeconds),
        timeText(m.lastAccessed), realText(m.decayRate), m.embeddingModel,
        m.metadata.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(m.metadata).toJson(QJsonDocument::Compact)),
        QString::number(m.version), timeText(m.updatedAt), withEmbedding ? vectorText(m.embedding) : QString() };
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (isCsvTextColumn(csvColumns().at(i)))
            cells[i] = neutraliseFormula(cells.at(i));
    }
    return cells;
}

QJsonObject toJson(
    const Memory &m, const QList<Evaluation> &evaluations, const QList<MemoryLink> &links, bool withEmbedding)
{
    QJsonObject o { { QStringLiteral("id"), m.id.toString(QUuid::WithoutBraces) },
        { QStringLiteral("created_at"), timeValue(m.createdAt) }, { QStringLiteral("session_id"), m.sessionId },
        { QStringLiteral("user_id"), m.userId }, { QStringLiteral("prompt"), m.userPrompt },
        { QStringLiteral("reply"), m.agentReply }, { QStringLiteral("summary"), m.summary },
        { QStringLiteral("tags"), QJsonArray::fromStringList(m.contextTags) }, { QStringLiteral("tone"), m.tone },
        { QStringLiteral("priority"), m.priority },
        { QStringLiteral("priority_override"),
            m.priorityOverride ? QJsonValue(*m.priorityOverride) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("long_term"), m.longTerm }, { QStringLiteral("core"), m.core },
        { QStringLiteral("archived_at"), timeValue(m.archivedAt) }, { QStringLiteral("duration_s"), m.durationSeconds },
        { QStringLiteral("last_accessed"), timeValue(m.lastAccessed) }, { QStringLiteral("decay_rate"), m.decayRate },
        { QStringLiteral("embedding_model"), m.embeddingModel }, { QStringLiteral("metadata"), m.metadata },
        { QStringLiteral("version"), m.version }, { QStringLiteral("updated_at"), timeValue(m.updatedAt) } };
    if (withEmbedding && !m.embedding.isEmpty()) {
        QJsonArray vector;
        for (float f : m.embedding)
            vector.append(double(f));
        o.insert(QStringLiteral("embedding"), vector);
    }
    QJsonArray evals;
    for (const Evaluation &e : evaluations)
        evals << evaluationJson(e);
    QJsonArray out;
    for (const MemoryLink &l : links)
        out << linkJson(l);
    o.insert(QStringLiteral("evaluations"), evals);
    o.insert(QStringLiteral("links"), out);
    return o;
}

} // namespace MemoryRecord
