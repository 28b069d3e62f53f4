// MemoryQuery: a MemoryFilter as one WHERE clause with bound values, for both dialects.
#include "memories/memoryquery.h"
#include "db/repository.h"

namespace {

// Accumulates conditions and numbered bindings (":f0", ":f1", …): nothing a user typed is ever
// spliced into the SQL text.
class WhereBuilder
{
public:
    explicit WhereBuilder(const SqlDialect &dialect)
        : d(dialect)
    {
    }

    QString bind(const QVariant &value, SqlDialect::Kind kind = SqlDialect::Text)
    {
        const QString name = QStringLiteral("f%1").arg(m_binds.size());
        m_binds.append({ QLatin1Char(':') + name, value });
        return d.placeholder(name, kind);
    }
    QString bindList(const QStringList &values)
    {
        QStringList placeholders;
        for (const QString &v : values)
            placeholders << bind(d.text(v));
        return placeholders.join(QLatin1String(", "));
    }
    void add(const QString &condition) { m_conditions << condition; }

    MemoryQuery::Where result() const
    {
        return { m_conditions.isEmpty() ? QStringLiteral("1 = 1") : m_conditions.join(QLatin1String(" AND ")),
            m_binds };
    }

    const SqlDialect &d;

private:
    QStringList m_conditions;
    QList<std::pair<QString, QVariant>> m_binds;
};

QString triState(TriState state, const QString &yes, const QString &no)
{
    return state == TriState::Yes ? yes : no;
}

} // namespace

QString MemoryQuery::textQuery(const QStringList &words) const
{
    // Every word as a word or a word's start; the words are letters and digits only (searchWords).
    if (words.isEmpty())
        return {};
    QStringList terms;
    if (m_repository->dialect().backend() == SqlDialect::Postgres) {
        for (const QString &word : words)
            terms << word + QLatin1String(":*");
        return terms.join(QLatin1String(" & "));
    }
    for (const QString &word : words)
        terms << QLatin1Char('"') + word + QLatin1String("\"*");
    return terms.join(QLatin1String(" AND "));
}

QString MemoryQuery::textDocument() const
{
    return m_repository->dialect().eumasObject(QStringLiteral("memory_document"))
        + QLatin1String("(m.user_prompt, m.agent_reply, m.summary, m.context_tags)");
}

Result<MemoryQuery::Where> MemoryQuery::where(const MemoryFilter &filter) const
{
    const SqlDialect &d = m_repository->dialect();
    const bool pg = d.backend() == SqlDialect::Postgres;
    WhereBuilder w(d);

    if (!filter.text.trimmed().isEmpty()) {
        const QString query = textQuery(MemoryFilter::queryWords(filter.text));
        if (query.isEmpty())
            w.add(QStringLiteral("1 = 0")); // only punctuation: no word can match it
        else if (pg)
            w.add(textDocument() + QLatin1String(" @@ to_tsquery('simple', ") + w.bind(query) + QLatin1Char(')'));
        else
            w.add(QLatin1String("m.rowid IN (SELECT rowid FROM ") + d.table(Table::MemoryText) + QLatin1Char(' ')
                + QLatin1String("WHERE ") + d.table(Table::MemoryText) + QLatin1String(" MATCH ") + w.bind(query)
                + QLatin1Char(')'));
    }
    if (filter.createdFrom.isValid())
        w.add(QLatin1String("m.created_at >= ") + w.bind(d.time(filter.createdFrom), SqlDialect::Time));
    if (filter.createdTo.isValid())
        w.add(QLatin1String("m.created_at < ") + w.bind(d.time(filter.createdTo), SqlDialect::Time));
    if (!filter.tags.isEmpty()) {
        if (pg)
            w.add(QLatin1String("m.context_tags && ") + w.bind(d.tags(filter.tags), SqlDialect::Tags));
        else
            w.add(QLatin1String("EXISTS (SELECT 1 FROM json_each(m.context_tags) t WHERE t.value IN (")
                + w.bindList(filter.tags) + QLatin1String("))"));
    }
    if (!filter.tones.isEmpty())
        w.add(QLatin1String("m.tone IN (") + w.bindList(filter.tones) + QLatin1Char(')'));
    if (!filter.sessionId.isEmpty())
        w.add(QLatin1String("m.session_id = ") + w.bind(d.text(filter.sessionId)));
    if (!filter.userId.isEmpty())
        w.add(QLatin1String("m.user_id = ") + w.bind(d.text(filter.userId)));
    if (filter.minPriority)
        w.add(QLatin1String("COALESCE(m.priority_override, m.priority) >= ") + w.bind(*filter.minPriority));
    if (filter.maxPriority)
        w.add(QLatin1String("COALESCE(m.priority_override, m.priority) <= ") + w.bind(*filter.maxPriority));
    const QString yes = pg ? QStringLiteral("true") : QStringLiteral("1");
    const QString no = pg ? QStringLiteral("false") : QStringLiteral("0");
    if (filter.longTerm != TriState::Any)
        w.add(QLatin1String("m.long_term = ") + triState(filter.longTerm, yes, no));
    if (filter.core != TriState::Any)
        w.add(QLatin1String("m.core = ") + triState(filter.core, yes, no));
    if (filter.archived != TriState::Any)
        w.add(filter.archived == TriState::Yes ? QStringLiteral("m.archived_at IS NOT NULL")
                                               : QStringLiteral("m.archived_at IS NULL"));
    for (const MetricThreshold &t : filter.metrics) {
        if (t.archetype < 0 || t.archetype >= Archetypes::Count
            || !Archetypes::metricNames(t.archetype).contains(t.metric))
            return makeError(
                Error::InvalidInput, tr("%1 has no metric called “%2”.").arg(Archetypes::name(t.archetype), t.metric));
        const QString archetype = w.bind(Archetypes::name(t.archetype));
        QString value;
        if (pg)
            value = QLatin1String("(e.metrics ->> ") + w.bind(t.metric) + QLatin1String(")::double precision");
        else
            value = QLatin1String("json_extract(e.metrics, ")
                + w.bind(QString(QLatin1String("$.\"") + t.metric + QLatin1Char('"'))) + QLatin1Char(')');
        w.add(QLatin1String("EXISTS (SELECT 1 FROM ") + d.table(Table::Evaluations)
            + QLatin1String(" e WHERE e.memory_id = m.id AND e.archetype = ") + archetype + QLatin1String(" AND ")
            + value + QLatin1String(" >= ") + w.bind(t.min) + QLatin1Char(')'));
    }
    if (filter.cluster) {
        w.add(QLatin1String("EXISTS (SELECT 1 FROM ") + d.table(Table::ClusterMembers)
            + QLatin1String(" c WHERE c.memory_id = m.id AND c.run_id = ")
            + w.bind(d.uuid(filter.cluster->runId), SqlDialect::Uuid) + QLatin1String(" AND c.cluster = ")
            + w.bind(filter.cluster->cluster) + QLatin1Char(')'));
    }
    if (!filter.ids.isEmpty()) {
        // One bound value however many ids: a JSON array for SQLite's json_each, an array literal for
        // PostgreSQL (a selection of 100,000 map points would exceed any limit on bound parameters).
        QStringList ids;
        ids.reserve(filter.ids.size());
        for (const QUuid &id : filter.ids)
            ids << id.toString(QUuid::WithoutBraces);
        if (pg)
            w.add(QLatin1String("m.id = ANY(CAST(") + w.bind(QString(QLatin1Char('{') + ids.join(QLatin1Char(',')) + QLatin1Char('}')))
                + QLatin1String(" AS uuid[]))"));
        else
            w.add(QLatin1String("m.id IN (SELECT value FROM json_each(")
                + w.bind(QString(QLatin1String("[\"") + ids.join(QLatin1String("\",\"")) + QLatin1String("\"]")))
                + QLatin1String("))"));
    }
    return w.result();
}
