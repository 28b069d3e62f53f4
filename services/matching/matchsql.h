#pragma once

// Small SQL helpers the matching stores share (internal to services/matching).

#include "db/repository.h"

#include <QSqlQuery>

#include <functional>

namespace MatchSql {

inline constexpr qsizetype IdChunk = 500; // ids bound per IN (…) list

// ":<prefix>0::uuid, :<prefix>1::uuid, …" (no casts on SQLite) for `count` ids.
QString idList(const SqlDialect &d, const QString &prefix, qsizetype count);
void bindIds(QSqlQuery &query, const SqlDialect &d, const QString &prefix, const QList<QUuid> &ids);

// Runs `each(chunk)` for consecutive slices of at most IdChunk ids; stops at the first error.
Result<void> forChunks(const QList<QUuid> &ids, const std::function<Result<void>(const QList<QUuid> &)> &each);

// Prepares and executes `sql` with `bind`, naming `what` in the error.
Result<void> exec(QSqlQuery &query, const QString &sql, const QString &what,
    const std::function<void(QSqlQuery &)> &bind = {});

// Rows written by freelancer runs are ranked per freelancer: this condition on a match_results row (its
// run_id spelt `runIdColumn`) keeps the rows ranked per job, i.e. written by job runs or before runs existed.
QString jobRanked(const SqlDialect &d, const QString &runIdColumn);

// Orders uuids as both backends do (byte order = lower-case hex order).
bool uuidLess(const QUuid &a, const QUuid &b);

} // namespace MatchSql
