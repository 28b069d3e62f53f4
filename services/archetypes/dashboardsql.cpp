#include "archetypes/dashboardsql.h"

#include "archetypes/dashboardstats.h"

#include <QSqlQuery>

QString DashboardSql::rollup(const SqlDialect &d)
{
    return d.eumasObject(QStringLiteral("evaluation_rollup"));
}

QString DashboardSql::totals(const SqlDialect &d)
{
    return d.eumasObject(QStringLiteral("evaluation_totals"));
}

QString DashboardSql::memoryCounts(const SqlDialect &d)
{
    return d.eumasObject(QStringLiteral("memory_counts"));
}

QString DashboardSql::day(const SqlDialect &d, const QString &name)
{
    return QLatin1Char(':') + name + (d.backend() == SqlDialect::Postgres ? QLatin1String("::date") : QLatin1String(""));
}

QString DashboardSql::dayValue(const QDate &day)
{
    return day.toString(Qt::ISODate);
}

QString DashboardSql::bin(const SqlDialect &d, const QString &value)
{
    if (d.backend() == SqlDialect::Postgres)
        return QLatin1String("least(100, greatest(0, floor(") + value + QLatin1String(" * 100 + 1e-9)))::integer");
    return QLatin1String("min(100, max(0, CAST(") + value + QLatin1String(" * 100 + 1e-9 AS INTEGER)))");
}

void DashboardSql::addCell(const QSqlQuery &q, int first, BinnedValues &values)
{
    values.add(q.value(first).toInt(), q.value(first + 1).toLongLong(), q.value(first + 2).toDouble(),
        q.value(first + 3).toDouble(), q.value(first + 4).toDouble(), q.value(first + 5).toDouble(),
        q.value(first + 6).toLongLong());
}
