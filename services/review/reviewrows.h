#pragma once

// SQL fragments and row readers the review stores share (internal to services/review). Fragments take the
// SQL expression of a proposal id (e.g. "m.id") and read the review tables by their full names.

#include "db/sqldialect.h"
#include "review/reviewrecords.h"

class QSqlQuery;

namespace ReviewRows {

// "SELECT id, match_id, reviewer, … FROM <table>": a match_reviews row or a review_current row.
QString recordSelect(const QString &table);
ReviewRecord record(const SqlDialect &d, const QSqlQuery &query); // by column name

QString liveLease(const SqlDialect &d, const QString &id); // EXISTS a lease not yet expired
QString decidedAtLevel2(const SqlDialect &d, const QString &id); // EXISTS a level-2 decision in force
QString routed(const SqlDialect &d, const QString &id); // EXISTS a level-2 route
QString doubleReview(const SqlDialect &d, const QString &id); // EXISTS a double-review assignment
QString levelOneReviewers(const SqlDialect &d, const QString &id); // count of reviewers with a decision in force
QString levelOneNeeded(const SqlDialect &d, const QString &id); // 2 for double review, else 1
// The item's ReviewState key for the reviewer bound to `mePlaceholder` (stateKey spelling). `leaseReviewer` is
// the live lease's reviewer column (NULL when none).
QString stateCase(const SqlDialect &d, const QString &id, const QString &leaseReviewer, const QString &mePlaceholder);

} // namespace ReviewRows
