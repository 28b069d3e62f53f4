#include "memories/memoryquery.h"
#include "db/memoryrowreader.h"
#include "db/repository.h"

#include <QSet>
#include <QSqlQuery>
#include <QSqlRecord>

namespace {
void bindAll(QSqlQuery &query, const MemoryQuery::Where &where)
{
    for (const auto &[name, value] : where.binds)
        query.bindValue(name, value);
}
} // namespace

MemoryQuery::MemoryQuery(Repository &repository)
    : m_repository(&repository)
{
}

Result<MemoryQuery> MemoryQuery::on(Repository &repository)
{
    return MemoryQuery(repository);
}

QString MemoryQuery::sortExpression(MemorySortKey key) const
{
    // Exactly the expressions the migrations index, or the planner will not use the indexes.
    const bool pg = m_repository->dialect().backend() == SqlDialect::Postgres;
    switch (key) {
    case MemorySortKey::Created:
        return QStringLiteral("m.created_at");
    case MemorySortKey::Priority:
        return QStringLiteral("COALESCE(m.priority_override, m.priority)");
    case MemorySortKey::LastAccessed:
        return pg ? QStringLiteral("COALESCE(m.last_accessed, '-infinity'::timestamptz)")
                  : QStringLiteral("COALESCE(m.last_accessed, '')");
    case MemorySortKey::Session:
        return QStringLiteral("m.session_id");
    case MemorySortKey::User:
        return QStringLiteral("m.user_id");
    case MemorySortKey::Tone:
        return QStringLiteral("m.tone");
    case MemorySortKey::Summary:
        return pg ? QStringLiteral("left(m.summary, 120)") : QStringLiteral("substr(m.summary, 1, 120)");
    case MemorySortKey::Relevance:
        break; // page() ranks by the text query
    }
    return QStringLiteral("m.created_at");
}

QString MemoryQuery::sortCast(MemorySortKey key) const
{
    if (m_repository->dialect().backend() != SqlDialect::Postgres)
        return {};
    switch (key) {
    case MemorySortKey::Created:
    case MemorySortKey::LastAccessed:
        return QStringLiteral("::timestamptz");
    case MemorySortKey::Priority:
        return QStringLiteral("::double precision");
    default:
        return {};
    }
}

Result<MemoryQueryPage> MemoryQuery::page(
    const MemoryFilter &filter, const MemorySort &requested, const MemoryQueryCursor &after, int limit)
{
    const SqlDialect &d = m_repository->dialect();
    const bool pg = d.backend() == SqlDialect::Postgres;
    Result<Where> w = where(filter);
    if (!w)
        return w.error();
    limit = std::max(1, limit);
    // Relevance needs words to rank by; without them it is newest first.
    const QString rankQuery = requested.key == MemorySortKey::Relevance && !filter.text.trimmed().isEmpty()
        ? textQuery(MemoryFilter::queryWords(filter.text))
        : QString();
    MemorySort sort = requested;
    if (sort.key == MemorySortKey::Relevance && rankQuery.isEmpty())
        sort = MemorySort { MemorySortKey::Created, true };
    QString from = d.table(Table::Memories) + QLatin1String(" m");
    QString expression;
    QString cast = sortCast(sort.key);
    if (sort.key != MemorySortKey::Relevance) {
        expression = sortExpression(sort.key);
    } else if (pg) {
        // Normalisation 1 divides by the log of the text's length, so that, as with bm25, one mention in
        // a long reply ranks below a short memory about the words.
        // The query is a FROM item so that its one placeholder serves SELECT, WHERE and ORDER BY alike.
        from += QLatin1String(" CROSS JOIN to_tsquery('simple', :rank_q) AS rank_query");
        expression = QLatin1String("ts_rank(") + textDocument() + QLatin1String(", rank_query, 1)");
        cast = QStringLiteral("::real");
    } else {
        // bm25() is only defined inside the full-text query; its scores are better the more negative,
        // so the negation makes "descending" mean best first, as for every other key.
        const QString fts = d.table(Table::MemoryText);
        from += QLatin1String(" JOIN (SELECT rowid AS rank_rowid, -bm25(") + fts
            + QLatin1String(") AS rank_score FROM ") + fts + QLatin1String(" WHERE ") + fts
            + QLatin1String(" MATCH :rank_q) r ON r.rank_rowid = m.rowid");
        expression = QStringLiteral("r.rank_score");
    }
    const QString direction = sort.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    // On PostgreSQL the cursor value travels as text: QDateTime would drop microseconds.
    QString sql = QLatin1String("SELECT ") + MemoryRowReader::columns(d) + QLatin1String(", ") + expression
        + (pg ? QLatin1String("::text") : QLatin1String("")) + QLatin1String(" AS sort_value FROM ") + from
        + QLatin1String(" WHERE ") + w->sql;
    if (!after.isNull())
        sql += QLatin1String(" AND (") + expression + QLatin1String(", m.id) ")
            + (sort.descending ? QLatin1String("< (:after_value") : QLatin1String("> (:after_value")) + cast
            + QLatin1String(", ") + d.placeholder(QStringLiteral("after_id"), SqlDialect::Uuid) + QLatin1Char(')');
    sql += QLatin1String(" ORDER BY ") + expression + direction + QLatin1String(", m.id") + direction
        + QLatin1String(" LIMIT ") + QString::number(limit + 1);

    QSqlQuery query(m_repository->database());
    query.setForwardOnly(true);
    query.prepare(sql);
    bindAll(query, *w);
    if (sort.key == MemorySortKey::Relevance)
        query.bindValue(QStringLiteral(":rank_q"), rankQuery);
    if (!after.isNull()) {
        query.bindValue(QStringLiteral(":after_value"), after.value);
        query.bindValue(QStringLiteral(":after_id"), d.uuid(after.id));
    }
    if (!query.exec())
        return Repository::queryError(query, tr("Loading memories"));
    MemoryQueryPage page;
    QVariant lastValue;
    const MemoryRowReader reader(d, query.record());
    const int sortValue = query.record().indexOf(QLatin1String("sort_value"));
    while (query.next()) {
        if (page.rows.size() == limit) {
            page.next = MemoryQueryCursor { lastValue, page.rows.constLast().id };
            break;
        }
        page.rows << reader.read(query);
        lastValue = query.value(sortValue);
    }
    return page;
}

Result<qint64> MemoryQuery::count(const MemoryFilter &filter)
{
    Result<Where> w = where(filter);
    if (!w)
        return w.error();
    QSqlQuery query(m_repository->database());
    query.prepare(QLatin1String("SELECT COUNT(*) FROM ") + m_repository->dialect().table(Table::Memories)
        + QLatin1String(" m WHERE ") + w->sql);
    bindAll(query, *w);
    if (!query.exec() || !query.next())
        return Repository::queryError(query, tr("Counting memories"));
    return query.value(0).toLongLong();
}

Result<QList<QUuid>> MemoryQuery::filteredIds(const MemoryFilter &filter)
{
    Result<Where> w = where(filter);
    if (!w)
        return w.error();
    QSqlQuery query(m_repository->database());
    query.setForwardOnly(true);
    query.prepare(QLatin1String("SELECT m.id FROM ") + m_repository->dialect().table(Table::Memories)
        + QLatin1String(" m WHERE ") + w->sql);
    bindAll(query, *w);
    if (!query.exec())
        return Repository::queryError(query, tr("Listing matching memories"));
    QList<QUuid> ids;
    while (query.next())
        ids << m_repository->dialect().toUuid(query.value(0));
    return ids;
}

Result<QStringList> MemoryQuery::recentTones(int sample)
{
    const SqlDialect &d = m_repository->dialect();
    QSqlQuery query(m_repository->database());
    query.prepare(QLatin1String("SELECT DISTINCT r.tone FROM (SELECT m.tone FROM ") + d.table(Table::Memories)
        + QLatin1String(" m ORDER BY m.created_at DESC LIMIT ") + QString::number(std::max(1, sample))
        + QLatin1String(") r WHERE r.tone <> '' ORDER BY r.tone"));
    if (!query.exec())
        return Repository::queryError(query, tr("Listing tones"));
    QStringList tones;
    while (query.next())
        tones << query.value(0).toString();
    return tones;
}

Result<QStringList> MemoryQuery::recentTags(int sample)
{
    const SqlDialect &d = m_repository->dialect();
    QSqlQuery query(m_repository->database());
    query.prepare(QLatin1String("SELECT m.context_tags FROM ") + d.table(Table::Memories)
        + QLatin1String(" m ORDER BY m.created_at DESC LIMIT ") + QString::number(std::max(1, sample)));
    if (!query.exec())
        return Repository::queryError(query, tr("Listing tags"));
    QSet<QString> seen;
    while (query.next()) {
        const QStringList tags = d.toTags(query.value(0));
        for (const QString &tag : tags)
            seen.insert(tag);
    }
    QStringList tags(seen.begin(), seen.end());
    tags.sort(Qt::CaseInsensitive);
    return tags;
}

Result<QList<ClusterCondition>> MemoryQuery::clusterRuns()
{
    const SqlDialect &d = m_repository->dialect();
    QSqlQuery query(m_repository->database());
    if (!query.exec(QLatin1String("SELECT id, name FROM ") + d.table(Table::ClusterRuns)
            + QLatin1String(" ORDER BY created_at DESC LIMIT 50")))
        return Repository::queryError(query, tr("Listing cluster runs"));
    QList<ClusterCondition> runs;
    while (query.next())
        runs << ClusterCondition { d.toUuid(query.value(0)), 0, query.value(1).toString() };
    return runs;
}
