#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace compute {

// Agreement between reviewers on nominal categories (approve / reject / flag, or any k categories), for the
// review console's agreement report. Definitions as ../shared/domain/fairness-metrics.md gives them.
//
// A unit is one rated item: the categories (0 … k−1) its raters gave, in rater order where that matters
// (Cohen: {first rater, second rater}). Units with fewer than two ratings carry no information about
// agreement and are ignored. Every function returns NaN where the measure is undefined (no pairable units,
// or only one category used, so that chance agreement is 1).
using Unit = std::vector<int>;
using Units = std::vector<Unit>;

// Cohen (1960), two raters: (p_o − p_e) / (1 − p_e) over the units with exactly two ratings.
double cohenKappa(const Units &pairs);
// Its large-sample standard error, non-null case: Fleiss, Cohen & Everitt (1969), "Large sample standard
// errors of kappa and weighted kappa", Psychological Bulletin 72(5), eq. (13) for unweighted κ.
double cohenKappaStandardError(const Units &pairs);

// Fleiss (1971), "Measuring nominal scale agreement among many raters": (P̄ − P̄_e) / (1 − P̄_e). With a varying
// number of raters per unit each unit's P_i uses its own n_i and p_j pools all ratings.
double fleissKappa(const Units &units);
// The same from a subjects × categories table of counts (row-major, `categories` columns), as Fleiss tabulates.
double fleissKappaCounts(std::span<const int> counts, std::size_t categories);

// Krippendorff's α for nominal data, missing ratings allowed: 1 − D_o / D_e from the coincidence matrix
// (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability", section C).
double krippendorffAlphaNominal(const Units &units);

struct AgreementInterval
{
    double value = 0; // the statistic on all units
    double low = 0, high = 0; // percentile bootstrap interval (NaN when too few resamples were defined)
    std::size_t units = 0; // units with two or more ratings
};

// Percentile bootstrap over units (resampled with replacement, SplitMix64 from `seed`, so the same data and
// seed give the same interval everywhere); resamples whose statistic is undefined are skipped.
AgreementInterval bootstrap(const Units &units, const std::function<double(const Units &)> &statistic,
    int resamples = 1000, std::uint64_t seed = 0x5e7a47, double level = 0.95);

} // namespace compute
