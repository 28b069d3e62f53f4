#include "map/mapdatasql.h"

namespace MapDataSql {

QString idsCondition(const SqlDialect &d, const QString &column)
{
    if (d.backend() == SqlDialect::Postgres)
        return column + QLatin1String(" = ANY(CAST(:ids AS uuid[]))");
    return column + QLatin1String(" IN (SELECT value FROM json_each(:ids))");
}

QVariant idsValue(const SqlDialect &d, std::span<const QUuid> ids)
{
    // A uuid's text is hex digits and dashes only: nothing in it needs quoting in either form.
    QString text;
    text.reserve(qsizetype(ids.size()) * 39 + 2);
    const bool pg = d.backend() == SqlDialect::Postgres;
    text += pg ? QLatin1Char('{') : QLatin1Char('[');
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i)
            text += QLatin1Char(',');
        if (pg) {
            text += ids[i].toString(QUuid::WithoutBraces);
        } else {
            text += QLatin1Char('"');
            text += ids[i].toString(QUuid::WithoutBraces);
            text += QLatin1Char('"');
        }
    }
    text += pg ? QLatin1Char('}') : QLatin1Char(']');
    return text;
}

Positions::Positions(const std::vector<QUuid> &ids)
{
    m_first.reserve(qsizetype(ids.size()));
    m_distinct.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto it = m_first.constFind(ids[i]);
        if (it != m_first.constEnd()) {
            m_repeats.emplace_back(int(i), it.value());
            continue;
        }
        m_first.insert(ids[i], int(i));
        m_distinct.push_back(ids[i]);
    }
}

QString epochSeconds(const SqlDialect &d, const QString &column)
{
    if (d.backend() == SqlDialect::Postgres)
        return QLatin1String("CAST(extract(epoch FROM ") + column + QLatin1String(") AS double precision)");
    // SQLite keeps ISO 8601 text (with "Z"), which julianday() reads with its milliseconds.
    return QLatin1String("(julianday(") + column + QLatin1String(") - 2440587.5) * 86400.0");
}

} // namespace MapDataSql
