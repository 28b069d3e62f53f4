#pragma once

#include "core/result.h"
#include "fairness/fairnessrecords.h"

#include <QHash>

#include <cstdint>
#include <tuple>
#include <vector>

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

// Each job's own ranking: its current job-ranked proposals (ranking 1 … 50, in the period) best first, as the
// index of their group in `groups` and their score. Jobs are stored one after another: job i holds the items
// [start[i], start[i + 1]). One row per job (or per job and day) crosses from the server, never a person's id.
struct JobRankings
{
    QStringList groups; // labels, as groupLabel spells them
    QStringList jobIds;
    std::vector<std::size_t> start { 0 };
    std::vector<std::uint32_t> groupAt;
    std::vector<double> scoreAt;

    qsizetype jobCount() const { return jobIds.size(); }
    // Appends a job whose items are given as (position, group, score), in any order.
    void addJob(const QString &jobId, std::vector<std::tuple<int, std::uint32_t, double>> items);
    std::uint32_t groupIndex(const QString &label); // adds a label not seen yet
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
// Every job's own ranking, for the per-job measures: from the classes the triggers keep (fairness/fairnessrollup.h),
// else (a job region, or a role refused the classes, on the region) from the raw tables.
Result<JobRankings> jobRankings(Repository &repository, const FairnessRequest &request);
Result<JobRankings> rawJobRankings(Repository &repository, const FairnessRequest &request);
// The titles of these jobs (ids as JobRankings spells them); an unknown id is left out.
Result<QHash<QString, QString>> jobTitles(Repository &repository, const QStringList &jobIds);
// The same counts by GROUP BY over the raw tables, whatever cells exist (the reference the cells are tested
// against).
Result<QList<GroupCount>> rawStageCounts(Repository &repository, const FairnessRequest &request, FairnessStage stage);
Result<RankingCounts> rawRankingCounts(Repository &repository, const FairnessRequest &request);

// A group's label from its attribute values in the request's order ("60+ × female"; empty = not recorded).
QString groupLabel(const QStringList &values);

// The sentence for a refusal of the protected attributes (used by the queries and the service).
QString refusedSentence();

} // namespace FairnessQueries
