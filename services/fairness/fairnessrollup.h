#pragma once

#include "core/result.h"
#include "fairness/fairnessqueries.h"

#include <optional>

class Repository;

// The fairness report's counts read from the pre-aggregated cells that database triggers keep exact
// (PostgreSQL migration 0013, SQLite migration 0012; each job's ranking: 0015 and 0013): a few hundred rows per
// report (one per job for the per-job measures) instead of a join over every current proposal. Runs on a database lane's thread. The cells carry the protected attributes' counts,
// so on PostgreSQL they have the grants of ai.audit_attributes and a viewer gets SQLSTATE 42501 (the caller
// turns it into the sentence or, for a report on the region alone, falls back to the raw tables).
namespace FairnessRollup {

// Whether the cells can answer `stage` for this request: the stages counted per proposal and per level-1
// decision, and the Proposed stage without a period (its "proposed at least once in the period" is not a sum
// of days). FinalDecision (the newest decision at the highest level) is always counted from the raw tables.
bool answers(const FairnessRequest &request, FairnessStage stage);

// std::nullopt when the query failed with the refusal (SQLSTATE 42501); any other failure is an error.
std::optional<Result<QList<FairnessQueries::GroupCount>>> stageCounts(
    Repository &repository, const FairnessRequest &request, FairnessStage stage);
std::optional<Result<FairnessQueries::RankingCounts>> rankingCounts(
    Repository &repository, const FairnessRequest &request);

// Whether the classes can answer the per-job measures: for attributes of the freelancer (a job's region is one
// group per job, read from the raw tables).
bool answersPerJob(const FairnessRequest &request);
// Each job's ranking with its freelancers' classes, and the classes' labels, from the per-job rows the triggers
// keep (PostgreSQL migration 0015, SQLite 0013, fairness_job_rankings: "position:class:score" in ranking order,
// one text per job and day). std::nullopt on the refusal.
std::optional<Result<FairnessQueries::JobRankings>> jobRankings(Repository &repository, const FairnessRequest &request);

} // namespace FairnessRollup
