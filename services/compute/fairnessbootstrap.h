#pragma once

#include "compute/fairnessstats.h"

#include <cstdint>

namespace compute {

// Percentile bootstrap (Efron & Tibshirani 1993, ch. 13) of the disparate impact SR_g / SR_r, beside the Katz
// log interval of disparateImpact(). Each resample draws both groups again with replacement from their own
// outcomes, which given the counts is k*_g ~ Binomial(n_g, k_g/n_g) and k*_r ~ Binomial(n_r, k_r/n_r). The bounds
// are the 2.5 % and 97.5 % quantiles of the resampled ratios (inverted CDF: the ⌈qB⌉-th smallest). A resample
// where both rates are 0 has no ratio and is left out; one where only the reference's is 0 counts as +∞.
//
// Reproducible on every platform and in tests/services/fairness/fairness_reference.py: the generator is
// SplitMix64 seeded from the four counts (so the same counts always give the same interval, whatever the
// group's order), each resample takes one uniform for the group and then one for the reference, and a binomial
// is drawn by inverting its CDF, tabulated by the pmf's ratio recurrence outward from the mode. The value is the
// observed ratio; every field is NaN where disparateImpact()'s value is.
Interval bootstrapImpact(std::int64_t kg, std::int64_t ng, std::int64_t kr, std::int64_t nr, int resamples = 2000);

// The same with a chosen seed (bootstrapImpact uses bootstrapSeed of the counts).
Interval bootstrapImpactSeeded(
    std::int64_t kg, std::int64_t ng, std::int64_t kr, std::int64_t nr, int resamples, std::uint64_t seed);
std::uint64_t bootstrapSeed(std::int64_t kg, std::int64_t ng, std::int64_t kr, std::int64_t nr);

} // namespace compute
