#pragma once

#include "core/result.h"
#include "fairness/fairnessqueries.h"
#include "fairness/fairnessrecords.h"

// Turns the database's counts into the report: per-group statistics, the reference group, suppression, the
// ranking measures and the plain-sentence summary. Pure functions (no SQL, any thread), so a test can feed
// them counts with known answers.
namespace FairnessReportBuilder {

// One stage's groups. Groups with n < minGroupSize are suppressed (no rate, no statistic) and never the
// reference. Error::InvalidInput when the chosen reference group is missing or suppressed, or when no group
// is large enough to compare.
Result<FairnessReport> evaluate(
    const FairnessRequest &request, FairnessStage stage, const QList<FairnessQueries::GroupCount> &counts);

// Ranking measures over the pooled positions; suppressed groups (fewer than the minimum ranked items) are
// left out of the per-group rows. The protected group of rND is the compared group with the lowest rate in
// `stage` (else the smallest ranked group).
RankingSummary ranking(const FairnessRequest &request, const FairnessQueries::RankingCounts &counts,
    const FairnessReport &stage);

// The measures on each job's own ranking and their mean, median and worst over the jobs (see PerJobRanking for
// which jobs are measured and which are named). The groups, the protected group and the reference are the pooled
// summary's and the report's, so per-job and pooled figures speak of the same groups. Titles are left empty for
// the caller to fill.
PerJobRanking perJob(const FairnessRequest &request, const FairnessQueries::JobRankings &jobs,
    const RankingSummary &pooled, const FairnessReport &stage);

// The summary sentences of a report whose stages are filled: each stage's largest gap, and where it enters.
QStringList summarise(const FairnessReport &report);

// sha256 (hex) over the request and every count the report was computed from, in a fixed order; with `jobs`,
// also each job's ranking as the groups' labels in order.
QString fingerprint(const FairnessRequest &request, const QList<QPair<FairnessStage, QList<FairnessQueries::GroupCount>>> &stages,
    const FairnessQueries::RankingCounts &ranking, const FairnessQueries::JobRankings *jobs = nullptr);

} // namespace FairnessReportBuilder
