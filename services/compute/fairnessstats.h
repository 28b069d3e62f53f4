#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace compute {

// Group outcome statistics for the fairness report (services/fairness). Each definition is the one
// ../shared/domain/fairness-metrics.md gives with its source; a group g is compared with a reference group r
// on k selected out of n. Every function returns NaN where its measure is undefined (n = 0, a zero rate in a
// logarithm), never a made-up number.

constexpr double Z95 = 1.959964; // the two-sided 95 % normal quantile the definitions use

struct Interval
{
    double value = 0;
    double low = 0, high = 0;
};

// Wilson (1927) score interval for k / n: centre (p + z²/2n) / (1 + z²/n),
// half-width z·√(p(1−p)/n + z²/4n²) / (1 + z²/n). Stays inside [0, 1] at p = 0 and p = 1.
Interval wilson(std::int64_t k, std::int64_t n, double z = Z95);

// Disparate impact SR_g / SR_r with the Katz et al. (1978) log interval
// exp(ln DI ± z·√(1/k_g − 1/n_g + 1/k_r − 1/n_r)). The bounds are NaN when k_g or k_r is 0 (the log ratio
// has no finite variance); the value is NaN when the reference rate is 0.
Interval disparateImpact(std::int64_t kg, std::int64_t ng, std::int64_t kr, std::int64_t nr, double z = Z95);

// SR_g − SR_r.
double parityDifference(std::int64_t kg, std::int64_t ng, std::int64_t kr, std::int64_t nr);

// Four-fifths rule with Aequitas' fair band: true when the ratio lies outside [0.8, 1.25].
bool outsideFairBand(double impactRatio);

// A 2×2 table: rows group, reference; columns selected, not selected.
struct TwoByTwo
{
    std::int64_t a = 0, b = 0; // group: selected, not selected
    std::int64_t c = 0, d = 0; // reference: selected, not selected
};

// Fisher's exact test, two-sided: the sum of the hypergeometric probabilities (margins fixed) that are no
// larger than the observed table's, with R's relative tolerance 1e-7 for ties.
double fisherExact(const TwoByTwo &t);
// Pearson's χ² with one degree of freedom, no continuity correction: p = erfc(√(X²/2)). NaN when a margin is 0.
double chiSquare(const TwoByTwo &t);

struct TestResult
{
    double p = 0;
    bool exact = false; // Fisher (some expected count < 5) rather than χ²
};
// The rule of the definitions: χ² when every expected cell is at least 5, Fisher's exact test otherwise.
TestResult compareRates(const TwoByTwo &t);

// Holm (1979) step-down adjustment: with p sorted ascending, p̃_(i) = max_{j ≤ i} min(1, (m − j + 1)·p_(j)),
// returned in the input order. NaN inputs stay NaN and do not count in m.
std::vector<double> holm(std::span<const double> p);

// Hardt, Price & Srebro (2016) equal opportunity difference TPR_g − TPR_r, TPR = selected among the positives
// (kg of pg, kr of pr). NaN without positives in either group.
double equalOpportunityDifference(std::int64_t kg, std::int64_t pg, std::int64_t kr, std::int64_t pr);

} // namespace compute
