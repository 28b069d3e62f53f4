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

} // namespace compute
