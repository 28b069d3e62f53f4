#pragma once

#include "core/result.h"
#include "fairness/fairnessrecords.h"

class Repository;

// The fairness report's counts, as SQL aggregates on the server: GROUP BY the attribute values × outcome, so
// only one row per group (or per group and position) leaves the database, never a row per person.
// Runs on a database lane's thread. On PostgreSQL a role that may not read ai.audit_attributes gets
// Error::Database with a sentence saying that its role may not read the protected attributes.
namespace FairnessQueries {

// One group's counts at one stage. positives / positivesSelected: hired among the population and hired among
// the selected (the outcome label for equal opportunity); 0 where the stage has no label.
struct GroupCount
{
    QString group;
    qint64 n = 0;
    qint64 selected = 0;
    qint64 positives = 0;
    qint64 positivesSelected = 0;
};

// Current proposals ranked per job, pooled by group and position (1-based), with the sum of their scores.
struct PositionCount
{
    QString group;
    int position = 0;
    qint64 count = 0;
    double scoreSum = 0;
};

struct RankingCounts
{
    QList<PositionCount> cells;
    int jobs = 0;
};

// The label of a missing attribute value, and the separator of an intersection's labels.
QString notRecorded();
QString intersectionSeparator();

// Error::InvalidInput (translated, nothing run) for a request the queries cannot answer.
Result<void> validate(const FairnessRequest &request);

// "region" and the audit attribute names in the workspace, sorted. Refused on PostgreSQL without the role.
Result<QStringList> attributes(Repository &repository);
// The counts of `stage` for the request's attributes, period and reviewer; groups sorted by label. Read from the
// pre-aggregated cells (fairness/fairnessrollup.h) where they answer the request, else from the raw tables; a
// report on the region alone by a role refused the cells is counted from the raw tables.
Result<QList<GroupCount>> stageCounts(Repository &repository, const FairnessRequest &request, FairnessStage stage);
// Current job-ranked proposals by group and position (positions up to 50).
Result<RankingCounts> rankingCounts(Repository &repository, const FairnessRequest &request);
// The same counts by GROUP BY over the raw tables, whatever cells exist (the reference the cells are tested
// against).
Result<QList<GroupCount>> rawStageCounts(Repository &repository, const FairnessRequest &request, FairnessStage stage);
Result<RankingCounts> rawRankingCounts(Repository &repository, const FairnessRequest &request);

// A group's label from its attribute values in the request's order ("60+ × female"; empty = not recorded).
QString groupLabel(const QStringList &values);

// The sentence for a refusal of the protected attributes (used by the queries and the service).
QString refusedSentence();

} // namespace FairnessQueries
