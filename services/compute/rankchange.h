#pragma once

#include <cstdint>
#include <span>

namespace compute {

// Rank change between two rankings of the same items (the Archetypes page's strategy preview): Kendall's
// τ-b as ../shared/domain/fairness-metrics.md defines it, (n_c − n_d) / √((n₀ − n₁)(n₀ − n₂)), with ties
// counted per ranking. Item i has score x[i] in one ranking and y[i] in the other; only the order of the
// scores matters, so they may be priorities, ranks or anything comparable. Knight's O(n log n) count
// (Knight 1966, "A computer method for calculating Kendall's tau with ungrouped data", JASA 61(314)).

struct KendallCounts
{
    std::int64_t pairs = 0; // n₀ = n(n − 1)/2
    std::int64_t tiedX = 0; // n₁: pairs tied in x
    std::int64_t tiedY = 0; // n₂: pairs tied in y
    std::int64_t tiedBoth = 0; // n₃: pairs tied in both
    std::int64_t concordantMinusDiscordant = 0; // n_c − n_d
};

// Throws std::invalid_argument if x and y differ in length. NaN scores are not allowed (their order is not
// defined); the caller drops them.
KendallCounts kendallCounts(std::span<const double> x, std::span<const double> y);
// τ-b from the counts; NaN where undefined (fewer than two items, or every pair tied in one ranking).
double kendallTauB(const KendallCounts &counts);
double kendallTauB(std::span<const double> x, std::span<const double> y);

} // namespace compute
