#pragma once

#include "core/result.h"
#include "review/reviewrecords.h"

#include <QCoreApplication>

class Repository;

// The reads behind the review console. Pure functions on a Repository, run on its thread.
class ReviewQueries
{
    Q_DECLARE_TR_FUNCTIONS(ReviewQueries)

public:
    // Current proposals ranked per job, grouped by job (job id order) in ranking order, with job, freelancer,
    // live lease, state for `reviewer` and the decisions in force (level 1: only the reviewer's own, so double
    // review stays blind; level 2: all of them). Level 2 lists only items routed there.
    static Result<QList<ReviewItem>> queue(
        Repository &repository, const ReviewQueueFilter &filter, const QString &reviewer);
    // The same items by id, in the order given (ids that are no current proposal are left out).
    static Result<QList<ReviewItem>> items(
        Repository &repository, const QList<QUuid> &ids, int level, const QString &reviewer);
    static Result<ReviewCounts> counts(
        Repository &repository, const ReviewQueueFilter &filter, const QString &reviewer);
    // Every level-1 and level-2 decision in force, oldest first: the agreement report's input.
    static Result<QList<ReviewRecord>> decisionsInForce(Repository &repository);
};
