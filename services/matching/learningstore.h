#pragma once

#include "matching/matchrecords.h"

#include <QCoreApplication>

class Repository;

// What the learning side reads and writes: the operators' decisions on proposals (ai.match_reviews) and
// the measurements made from them (ai.learning_metrics, entity_type "model_version"). Runs on the
// repository's thread.
class LearningStore
{
    Q_DECLARE_TR_FUNCTIONS(LearningStore)

public:
    // Every reviewed proposal, current or superseded, with its latest decision (the highest level wins,
    // then the newest): 1 approve, 0 reject, -1 flag. Ordered by job, then freelancer id.
    static Result<QList<ReviewedPair>> reviewedPairs(Repository &repository);

    // Writes the points in one transaction; each needs a versionId and a metricType.
    static Result<void> writeMetrics(Repository &repository, const QList<LearningPoint> &points);
    // The recorded points, oldest first; of one version when versionId is not null.
    static Result<QList<LearningPoint>> history(Repository &repository, const QUuid &versionId = {});
};
