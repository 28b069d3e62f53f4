#include "review/reviewrows.h"

#include "review/reviewsql.h"

#include <QSqlQuery>

namespace ReviewRows {

QString recordSelect(const QString &table)
{
    return QLatin1String(
               "SELECT id, match_id, reviewer, decision, reason_code, note, decided_at, level, supersedes FROM ")
        + table;
}

ReviewRecord record(const SqlDialect &d, const QSqlQuery &q)
{
    ReviewRecord r;
    r.id = d.toUuid(q.value(QStringLiteral("id")));
    r.matchId = d.toUuid(q.value(QStringLiteral("match_id")));
    r.reviewer = q.value(QStringLiteral("reviewer")).toString();
    r.decision = decisionFromKey(q.value(QStringLiteral("decision")).toString()).value_or(ReviewDecision::Flag);
    r.reasonCode = q.value(QStringLiteral("reason_code")).toString();
    r.note = q.value(QStringLiteral("note")).toString();
    r.decidedAt = d.toTime(q.value(QStringLiteral("decided_at")));
    r.level = q.value(QStringLiteral("level")).toInt();
    r.supersedes = d.toUuid(q.value(QStringLiteral("supersedes")));
    return r;
}

QString liveLease(const SqlDialect &d, const QString &id)
{
    return QLatin1String("EXISTS (SELECT 1 FROM ") + ReviewSql::leases(d) + QLatin1String(" l WHERE l.match_id = ") + id
        + QLatin1String(" AND l.expires_at > ") + ReviewSql::now(d) + QLatin1Char(')');
}

QString decidedAtLevel2(const SqlDialect &d, const QString &id)
{
    return QLatin1String("EXISTS (SELECT 1 FROM ") + ReviewSql::current(d) + QLatin1String(" c2 WHERE c2.match_id = ")
        + id + QLatin1String(" AND c2.level = 2)");
}

QString routed(const SqlDialect &d, const QString &id)
{
    return QLatin1String("EXISTS (SELECT 1 FROM ") + ReviewSql::routes(d) + QLatin1String(" rt WHERE rt.match_id = ")
        + id + QLatin1Char(')');
}

QString doubleReview(const SqlDialect &d, const QString &id)
{
    return QLatin1String("EXISTS (SELECT 1 FROM ") + ReviewSql::assignments(d) + QLatin1String(" a WHERE a.match_id = ")
        + id + QLatin1Char(')');
}

QString levelOneReviewers(const SqlDialect &d, const QString &id)
{
    return QLatin1String("(SELECT count(DISTINCT c1.reviewer) FROM ") + ReviewSql::current(d)
        + QLatin1String(" c1 WHERE c1.match_id = ") + id + QLatin1String(" AND c1.level = 1)");
}

QString levelOneNeeded(const SqlDialect &d, const QString &id)
{
    return QLatin1String("(CASE WHEN ") + doubleReview(d, id) + QLatin1String(" THEN 2 ELSE 1 END)");
}

QString stateCase(const SqlDialect &d, const QString &id, const QString &leaseReviewer, const QString &mePlaceholder)
{
    return QLatin1String("CASE WHEN ") + decidedAtLevel2(d, id) + QLatin1String(" THEN 'decided' WHEN ") + leaseReviewer
        + QLatin1String(" = ") + mePlaceholder + QLatin1String(" THEN 'mine' WHEN EXISTS (SELECT 1 FROM ")
        + ReviewSql::routes(d) + QLatin1String(" rf WHERE rf.match_id = ") + id
        + QLatin1String(" AND rf.reason = 'flag') THEN 'flagged' WHEN ") + routed(d, id)
        + QLatin1String(" THEN 'waiting_level2' WHEN ") + levelOneReviewers(d, id) + QLatin1String(" >= ")
        + levelOneNeeded(d, id) + QLatin1String(" THEN 'decided' ELSE 'unreviewed' END");
}

} // namespace ReviewRows
