#include "ai/usagestore.h"
#include "db/sqlbatch.h"


Result<void> UsageStore::append(Repository &repository, const QList<ApiUsage> &usage)
{
    const SqlDialect &d = repository.dialect();
    const QString sql = d.insertSql(Table::ApiUsage,
        { { QStringLiteral("at"), SqlDialect::Time }, { QStringLiteral("day"), SqlDialect::Text },
            { QStringLiteral("task"), SqlDialect::Text }, { QStringLiteral("endpoint"), SqlDialect::Text },
            { QStringLiteral("model"), SqlDialect::Text }, { QStringLiteral("inputs"), SqlDialect::Integer },
            { QStringLiteral("cached_inputs"), SqlDialect::Integer },
            { QStringLiteral("prompt_tokens"), SqlDialect::Integer },
            { QStringLiteral("completion_tokens"), SqlDialect::Integer } });
    // PostgreSQL's day is a date: cast the ISO text.
    const QString fixed = d.backend() == SqlDialect::Postgres ? QString(sql).replace(
                              QLatin1String(":day"), QLatin1String(":day::date"))
                                                              : sql;
    return runBatch(repository, QStringLiteral("usage"), fixed, usage, [&](QSqlQuery &q, const ApiUsage &u) {
        const QDateTime at = u.at.isValid() ? u.at.toUTC() : QDateTime::currentDateTimeUtc();
        q.bindValue(QStringLiteral(":at"), d.time(at));
        q.bindValue(QStringLiteral(":day"), at.date().toString(Qt::ISODate));
        q.bindValue(QStringLiteral(":task"), d.text(u.task));
        q.bindValue(QStringLiteral(":endpoint"), d.text(u.endpoint));
        q.bindValue(QStringLiteral(":model"), d.text(u.model));
        q.bindValue(QStringLiteral(":inputs"), u.inputs);
        q.bindValue(QStringLiteral(":cached_inputs"), u.cachedInputs);
        q.bindValue(QStringLiteral(":prompt_tokens"), u.promptTokens);
        q.bindValue(QStringLiteral(":completion_tokens"), u.completionTokens);
    });
}

Result<QList<UsageTotals>> UsageStore::totals(Repository &repository, const QDate &since)
{
    const SqlDialect &d = repository.dialect();
    const QString day = d.backend() == SqlDialect::Postgres ? QStringLiteral("to_char(day, 'YYYY-MM-DD')")
                                                            : QStringLiteral("day");
    QSqlQuery query(repository.database());
    query.prepare(QStringLiteral("SELECT %1, task, endpoint, model, count(*) FILTER (WHERE endpoint <> 'cache'), sum(inputs), sum(cached_inputs), sum(prompt_tokens), "
                                 "sum(completion_tokens) FROM %2 WHERE day >= %3 GROUP BY 1, 2, 3, 4 "
                                 "ORDER BY 1 DESC, 2, 3, 4")
                      .arg(day, d.table(Table::ApiUsage),
                          d.backend() == SqlDialect::Postgres ? QStringLiteral(":since::date")
                                                              : QStringLiteral(":since")));
    query.bindValue(QStringLiteral(":since"), since.toString(Qt::ISODate));
    if (!query.exec())
        return Repository::queryError(query, QStringLiteral("usage totals"));
    QList<UsageTotals> rows;
    while (query.next()) {
        UsageTotals t;
        t.day = QDate::fromString(query.value(0).toString(), Qt::ISODate);
        t.task = query.value(1).toString();
        t.endpoint = query.value(2).toString();
        t.model = query.value(3).toString();
        t.requests = query.value(4).toLongLong();
        t.inputs = query.value(5).toLongLong();
        t.cachedInputs = query.value(6).toLongLong();
        t.promptTokens = query.value(7).toLongLong();
        t.completionTokens = query.value(8).toLongLong();
        rows << t;
    }
    return rows;
}
