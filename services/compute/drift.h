#pragma once

#include <cstdint>
#include <span>

namespace compute {

// Two-sample Kolmogorov–Smirnov test for the archetype dashboards' drift table (services/archetypes), as
// ../shared/domain/fairness-metrics.md defines it: D = sup |F₁(x) − F₂(x)| over the empirical CDFs, and its
// p-value exact for small samples, asymptotic with Stephens' correction otherwise. Scores are bounded and
// often repeat (an evaluator answers in steps of 0.05), so D steps at each distinct value: tied values move
// both CDFs at once, never one after the other.

struct KsResult
{
    double d = 0;
    double p = 1;
    bool exact = false; // p from the exact lattice-path count rather than the asymptotic series
};

// Exact D of two samples in any order (copies and sorts them). 0 when either is empty.
double ksStatistic(std::span<const double> a, std::span<const double> b);
// D of two samples given as counts over the same ordered bins (a value's bin index, ascending): exact for
// values that are their bins (scores rounded to the bin width), otherwise within one bin's step of the
// samples' D. 0 when either total is 0.
double ksStatisticBinned(std::span<const std::int64_t> a, std::span<const std::int64_t> b);

// The largest n·m for which ksPValue counts lattice paths exactly (at most ~10⁴ steps of work).
constexpr std::int64_t ExactKsLimit = 10000;

// P(D ≥ d) under "both samples come from one continuous distribution". Exact when n·m ≤ ExactKsLimit: the
// share of the C(n+m, n) orderings whose CDF difference reaches d. Otherwise Q_KS((√e + 0.12 + 0.11/√e)·d)
// with e = n·m/(n+m) (Stephens 1970), Q_KS(λ) = 2 Σ (−1)^(k−1) exp(−2k²λ²). 1 when n or m is 0; in [0, 1].
// With ties (discrete scores) either is conservative: the p-value is no smaller than the true one.
double ksPValue(double d, std::int64_t n, std::int64_t m);
bool ksPValueIsExact(std::int64_t n, std::int64_t m);

// The Kolmogorov distribution's upper tail Q_KS(λ) = P(K > λ) (1 for λ ≤ 0).
double kolmogorovQ(double lambda);

KsResult ksTest(std::span<const double> a, std::span<const double> b);
KsResult ksTestBinned(std::span<const std::int64_t> a, std::span<const std::int64_t> b);

} // namespace compute
