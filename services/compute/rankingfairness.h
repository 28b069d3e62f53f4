#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace compute {

// Ranking fairness for the fairness report, as ../shared/domain/fairness-metrics.md defines it. A ranking is
// given as counts per position and group: counts[j][g] = how many items of group g stand at position j + 1.
// One ranking has a single 1 per position; the report passes the positions pooled over every job's ranking
// (position j holds the j-th candidates of all jobs), so each measure below reads the pooled prefixes the
// same way it reads one ranking's. Groups are 0 … groups − 1; every row has `groups` entries.
using PositionCounts = std::vector<std::vector<std::int64_t>>;

// Singh & Joachims (2018) position weight v_j = 1 / log2(1 + j), j = 1, 2, …
double positionWeight(std::size_t position);

// Mean exposure of each group's items, Exp(G) = (1/|G|) Σ_{d∈G} v_rank(d); NaN for a group with no item.
std::vector<double> groupExposure(const PositionCounts &counts, std::size_t groups);

// Singh & Joachims' disparate treatment ratio (Exp(G)/U(G)) / (Exp(R)/U(R)) with U the mean merit; 1 means
// exposure in proportion to merit. NaN when a merit or the reference exposure is 0.
double disparateTreatmentRatio(double exposureG, double meritG, double exposureR, double meritR);

// Geyik, Ambler & Kenthapadi (2019) skew@k per group: ln(share of g in the first k positions / share of g
// in the whole ranking). −inf for a group absent from the top k, NaN for a group absent from the ranking.
std::vector<double> skewAtK(const PositionCounts &counts, std::size_t groups, std::size_t k);

// NDKL (same source): (1/Z) Σ_{i=1}^{N} (1/log2(i+1))·KL(D_top i ‖ D_all), Z = Σ 1/log2(i+1), natural log,
// N = the number of positions. 0 when every prefix has the ranking's group shares.
double ndkl(const PositionCounts &counts, std::size_t groups);

// Yang & Stoyanovich (2017) rND of the protected group: (1/Z) Σ_{i = s, 2s, …, ≤ N} (1/log2 i)·
// | |S⁺ ∩ top i|/|top i| − |S⁺|/N |, Z the largest value any arrangement of the same items reaches (the
// protected items all first, or all last). Cut-offs every `step` positions (the paper uses 10; step ≥ 2 so
// that log2 i > 0). 0 for a ranking without protected items or Z = 0; in [0, 1] otherwise.
double rnd(const PositionCounts &counts, std::size_t groups, std::size_t protectedGroup, std::size_t step = 10);

// ----- One job's own ranking (the per-job measures of the report) -----

// Why a job's ranking is not measured: fewer ranked items than k (skew@k has no top k), no item of the
// protected group (its skew and rND say nothing), or nothing but the protected group (no comparison).
enum class JobGap { None, FewerThanK, NoProtected, OnlyProtected };

// The measures of one ranking, given best first as the group of each item (0 … groups − 1) and its score.
// Per group: exposure and merit are NaN, skew NaN, for a group absent from the ranking; exposureToMerit is the
// disparate treatment ratio against `reference` (NaN when the reference is absent). rND cuts every 10
// positions in rankings of 20 or more, else every 2, as the pooled measure does. When gap != None only the
// gap is set (every measure NaN).
struct JobMeasures
{
    JobGap gap = JobGap::None;
    std::vector<double> exposure, merit, exposureToMerit, skew;
    double ndkl = 0, rnd = 0;
};
JobMeasures measureJob(const std::vector<std::uint32_t> &groupAt, const std::vector<double> &scoreAt, std::size_t groups,
    std::size_t k, std::size_t protectedGroup, std::size_t reference);

// Mean, median and worst of one measure over jobs. Infinite values (skew@k of a group absent from a job's top k)
// are left out of the mean and counted in `infinite`, but take part in the median and the worst. NaN values are
// skipped. `lowIsWorse` picks the smallest as the worst (skew, exposure ratio), else the largest (NDKL, rND).
struct Spread
{
    double mean, median, worst;
    std::size_t count = 0; // values taken (infinite ones included)
    std::size_t infinite = 0;
};
Spread spread(std::vector<double> values, bool lowIsWorse);

} // namespace compute
