#include "matching/matchsql.h"

#include <QCoreApplication>

namespace MatchSql {

QString idList(const SqlDialect &d, const QString &prefix, qsizetype count)
{
    QStringList parts;
    parts.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        parts << d.placeholder(prefix + QString::number(i), SqlDialect::Uuid);
    return parts.join(QLatin1String(", "));
}

void bindIds(QSqlQuery &query, const SqlDialect &d, const QString &prefix, const QList<QUuid> &ids)
{
    for (qsizetype i = 0; i < ids.size(); ++i)
        query.bindValue(QLatin1Char(':') + prefix + QString::number(i), d.uuid(ids[i]));
}

Result<void> forChunks(const QList<QUuid> &ids, const std::function<Result<void>(const QList<QUuid> &)> &each)
{
    for (qsizetype at = 0; at < ids.size(); at += IdChunk) {
        if (Result<void> r = each(ids.mid(at, IdChunk)); !r)
            return r;
    }
    return {};
}

Result<void> exec(QSqlQuery &query, const QString &sql, const QString &what, const std::function<void(QSqlQuery &)> &bind)
{
    if (!query.prepare(sql))
        return Repository::queryError(query, what);
    if (bind)
        bind(query);
    if (!query.exec())
        return Repository::queryError(query, what);
    return {};
}

QString jobRanked(const SqlDialect &d, const QString &runIdColumn)
{
    return QLatin1Char('(') + runIdColumn + QLatin1String(" IS NULL OR ") + runIdColumn
        + QLatin1String(" NOT IN (SELECT id FROM ") + d.table(Table::MatchRuns)
        + QLatin1String(" WHERE scope = 'freelancer'))");
}

bool uuidLess(const QUuid &a, const QUuid &b)
{
    return a.toRfc4122() < b.toRfc4122();
}

} // namespace MatchSql
