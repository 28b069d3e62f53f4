#pragma once

// Small SQL helpers of the review stores (internal to services/review).

#include "db/repository.h"

#include <QHash>
#include <QSqlQuery>

#include <functional>
#include <memory>

namespace ReviewSql {

// The review room's own tables (migration postgres/0008, sqlite/0007), which SqlDialect's Table does not list:
// "ai".review_leases on PostgreSQL, ai_review_leases on SQLite. `name` is one of ours, never user text.
QString table(const SqlDialect &d, const char *name);
inline QString leases(const SqlDialect &d)
{
    return table(d, "review_leases");
}
inline QString reasons(const SqlDialect &d)
{
    return table(d, "review_reason_codes");
}
inline QString assignments(const SqlDialect &d)
{
    return table(d, "review_assignments");
}
inline QString routes(const SqlDialect &d)
{
    return table(d, "review_routes");
}
inline QString settings(const SqlDialect &d)
{
    return table(d, "review_settings");
}
inline QString current(const SqlDialect &d)
{
    return table(d, "review_current");
} // decisions in force

// The database's clock as SQL, in the column format of the backend (timestamptz; ISO-8601 UTC text), so
// every client compares leases against the same time and the PostgreSQL policies agree with the queries.
QString now(const SqlDialect &d);
// now() plus `minutesPlaceholder` (an integer bound value) minutes.
QString nowPlus(const SqlDialect &d, const QString &minutesPlaceholder);

// The condition "this proposal of `m` is a current proposal ranked per job".
QString currentProposal(const SqlDialect &d, const QString &alias);

// A stable fraction in [0, 1) from a match id and a salt (FNV-1a over the id's bytes): the level-2 sample
// and the double-review share pick the same items on every client and every run.
double stableFraction(const QUuid &id, const char *salt);

// Prepared statements kept for a run of writes on one connection: each SQL text is prepared once and run again
// with new values (QPSQL prepares on the server, a round trip for the prepare and one for the deallocation).
// Lives on the repository's thread, no longer than the transaction it serves.
class StatementCache
{
public:
    explicit StatementCache(Repository &repository)
        : m_repository(repository)
    {
    }
    Repository &repository() const { return m_repository; }
    // Prepares `sql` on first use, binds and runs it; the query (and its rows) stay valid until the next run of
    // the same SQL text. `what` names the step in the error.
    Result<QSqlQuery *> run(const QString &sql, const QString &what, const std::function<void(QSqlQuery &)> &bind = {});

private:
    Repository &m_repository;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_queries;
};

} // namespace ReviewSql
