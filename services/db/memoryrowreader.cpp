#include "db/memoryrowreader.h"

#include <QSqlQuery>

namespace {

// The names, in Field order; each plain column is m.<name>.
constexpr const char *Names[]
    = { "id", "created_at", "session_id", "user_id", "context_tags", "tone", "summary", "priority", "priority_override",
          "long_term", "core", "archived_at", "last_accessed", "prompt_start", "reply_start", "top_archetype" };

} // namespace

QString MemoryRowReader::columns(const SqlDialect &dialect)
{
    static_assert(std::size(Names) == FieldCount);
    QStringList list;
    for (int f = 0; f < PromptStart; ++f)
        list << QStringLiteral("m.%1 AS %1").arg(QLatin1String(Names[f]));
    // substr counts characters on both backends.
    list << QStringLiteral("substr(m.user_prompt, 1, %1) AS %2")
                .arg(PreviewLength)
                .arg(QLatin1String(Names[PromptStart]));
    list << QStringLiteral("substr(m.agent_reply, 1, %1) AS %2")
                .arg(PreviewLength)
                .arg(QLatin1String(Names[ReplyStart]));
    list << QLatin1String("(SELECT e.archetype FROM ") + dialect.table(Table::Evaluations)
            + QLatin1String(" e WHERE e.memory_id = m.id ORDER BY e.archetype_priority DESC, e.archetype LIMIT 1) AS ")
            + QLatin1String(Names[TopArchetype]);
    return list.join(QLatin1String(", "));
}

MemoryRowReader::MemoryRowReader(const SqlDialect &dialect, const QSqlRecord &record)
    : m_dialect(dialect)
{
    for (int f = 0; f < FieldCount; ++f)
        m_index[f] = record.indexOf(QLatin1String(Names[f]));
}

QVariant MemoryRowReader::value(const QSqlQuery &query, Field field) const
{
    const int at = m_index[field];
    return at >= 0 ? query.value(at) : QVariant();
}

MemoryRow MemoryRowReader::read(const QSqlQuery &query) const
{
    const SqlDialect &d = m_dialect;
    MemoryRow row;
    row.id = d.toUuid(value(query, Id));
    row.createdAt = d.toTime(value(query, CreatedAt));
    row.sessionId = value(query, SessionId).toString();
    row.userId = value(query, UserId).toString();
    row.tags = d.toTags(value(query, ContextTags));
    row.tone = value(query, Tone).toString();
    row.summary = value(query, Summary).toString();
    row.promptStart = value(query, PromptStart).toString();
    row.replyStart = value(query, ReplyStart).toString();
    row.priority = value(query, Priority).toDouble();
    row.priorityOverride = d.toOptionalReal(value(query, PriorityOverride));
    row.longTerm = value(query, LongTerm).toBool();
    row.core = value(query, Core).toBool();
    row.archivedAt = d.toTime(value(query, ArchivedAt));
    row.lastAccessed = d.toTime(value(query, LastAccessed));
    if (const QVariant top = value(query, TopArchetype); !top.isNull())
        row.topArchetype = Archetypes::fromName(top.toString());
    return row;
}
