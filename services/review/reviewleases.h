#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QList>
#include <QUuid>

class Repository;

// Who holds which queue item for now (ai.review_leases). Pure functions on a Repository, run on its thread.
//
// claimNext() leases free items to one reviewer in ONE transaction. On PostgreSQL the candidate rows are
// locked FOR UPDATE SKIP LOCKED (ai.review_lock_candidates), so concurrent claimers pass each other by instead
// of queueing on the same rows; the lease table's primary key makes it impossible to hold an item twice
// whatever happens. On SQLite the single writer serialises claims. A lease whose expires_at has passed
// (database clock) is free: the next claim takes it over.
//
// Free for level 1: a current proposal without a live lease or a level-2 decision, not routed to level 2,
// not decided by the claimer, and with fewer level-1 reviewers than it needs (two for the blind
// double-review share, chosen at its first claim and kept in ai.review_assignments; else one).
// Free for level 2: routed to level 2, no live lease, no level-2 decision.
class ReviewLeases
{
    Q_DECLARE_TR_FUNCTIONS(ReviewLeases)

public:
    static constexpr int MaxBatch = 500;

    // Leases up to `batch` (1..500) items of `level` to `reviewer` for the settings' lease minutes and returns
    // their ids in queue order (grouped by job, ranking order).
    static Result<QList<QUuid>> claimNext(Repository &repository, const QString &reviewer, int batch, int level);
    // Deletes these leases: `reviewer`'s own, or anyone's when `anyone` (the database still restricts a
    // non-admin on PostgreSQL). Empty `ids`: all of the reviewer's (or with `anyone`, every lease).
    // Returns how many went.
    static Result<int> release(Repository &repository, const QList<QUuid> &ids, const QString &reviewer, bool anyone);
};
