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

// The summary sentences of a report whose stages are filled: each stage's largest gap, and where it enters.
QStringList summarise(const FairnessReport &report);

// sha256 (hex) over the request and every count the report was computed from, in a fixed order.
QString fingerprint(const FairnessRequest &request, const QList<QPair<FairnessStage, QList<FairnessQueries::GroupCount>>> &stages,
    const FairnessQueries::RankingCounts &ranking);

} // namespace FairnessReportBuilder
