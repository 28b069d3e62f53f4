#include "compute/fairnessstats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace compute {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

double rate(std::int64_t k, std::int64_t n)
{
    return n > 0 ? double(k) / double(n) : NaN;
}

// ln of the hypergeometric probability of a table with top-left cell x and the margins of t.
double logHypergeometric(std::int64_t x, std::int64_t row1, std::int64_t row2, std::int64_t col1)
{
    auto logChoose = [](std::int64_t n, std::int64_t k) {
        return std::lgamma(double(n) + 1) - std::lgamma(double(k) + 1) - std::lgamma(double(n - k) + 1);
    };
    return logChoose(row1, x) + logChoose(row2, col1 - x) - logChoose(row1 + row2, col1);
}

} // namespace

Interval wilson(std::int64_t k, std::int64_t n, double z)
{
    if (n <= 0 || k < 0 || k > n)
        return { NaN, NaN, NaN };
    const double p = double(k) / double(n);
    const double nn = double(n);
    const double z2 = z * z;
    const double denominator = 1 + z2 / nn;
    const double centre = (p + z2 / (2 * nn)) / denominator;
    const double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denominator;
    return { p, std::max(0.0, centre - half), std::min(1.0, centre + half) };
}

Interval disparateImpact(std::int64_t kg, std::int64_t ng, std::int64_t kr, std::int64_t nr, double z)
{
    const double sg = rate(kg, ng), sr = rate(kr, nr);
    if (std::isnan(sg) || std::isnan(sr) || sr == 0)
        return { NaN, NaN, NaN };
    const double ratio = sg / sr;
    if (kg == 0 || kr == 0)
        return { ratio, NaN, NaN };
    const double se = std::sqrt(1.0 / double(kg) - 1.0 / double(ng) + 1.0 / double(kr) - 1.0 / double(nr));
    const double log = std::log(ratio);
    return { ratio, std::exp(log - z * se), std::exp(log + z * se) };
}

double parityDifference(std::int64_t kg, std::int64_t ng, std::int64_t kr, std::int64_t nr)
{
    return rate(kg, ng) - rate(kr, nr);
}

bool outsideFairBand(double impactRatio)
{
    return !std::isnan(impactRatio) && (impactRatio < 0.8 || impactRatio > 1.25);
}

double fisherExact(const TwoByTwo &t)
{
    if (t.a < 0 || t.b < 0 || t.c < 0 || t.d < 0)
        return NaN;
    const std::int64_t row1 = t.a + t.b, row2 = t.c + t.d, col1 = t.a + t.c;
    if (row1 + row2 == 0)
        return NaN;
    const std::int64_t lo = std::max<std::int64_t>(0, col1 - row2), hi = std::min(row1, col1);
    const double observed = logHypergeometric(t.a, row1, row2, col1);
    // Summed relative to the observed probability, so tables of tens of thousands do not underflow.
    double sum = 0, total = 0;
    for (std::int64_t x = lo; x <= hi; ++x) {
        const double relative = std::exp(logHypergeometric(x, row1, row2, col1) - observed);
        total += relative;
        if (relative <= 1 + 1e-7)
            sum += relative;
    }
    return std::min(1.0, sum / total);
}

double chiSquare(const TwoByTwo &t)
{
    const double a = double(t.a), b = double(t.b), c = double(t.c), d = double(t.d);
    const double n = a + b + c + d;
    const double margins = (a + b) * (c + d) * (a + c) * (b + d);
    if (margins <= 0)
        return NaN;
    const double diff = a * d - b * c;
    const double x2 = n * diff * diff / margins;
    return std::erfc(std::sqrt(x2 / 2));
}

TestResult compareRates(const TwoByTwo &t)
{
    const double n = double(t.a + t.b + t.c + t.d);
    if (n <= 0)
        return { NaN, true };
    const double rows[2] = { double(t.a + t.b), double(t.c + t.d) };
    const double cols[2] = { double(t.a + t.c), double(t.b + t.d) };
    bool small = false;
    for (double r : rows)
        for (double c : cols)
            small = small || r * c / n < 5;
    if (small)
        return { fisherExact(t), true };
    return { chiSquare(t), false };
}

std::vector<double> holm(std::span<const double> p)
{
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (!std::isnan(p[i]))
            order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return p[x] < p[y]; });
    std::vector<double> adjusted(p.begin(), p.end());
    const double m = double(order.size());
    double running = 0;
    for (std::size_t j = 0; j < order.size(); ++j) {
        running = std::max(running, std::min(1.0, (m - double(j)) * p[order[j]]));
        adjusted[order[j]] = running;
    }
    return adjusted;
}

double equalOpportunityDifference(std::int64_t kg, std::int64_t pg, std::int64_t kr, std::int64_t pr)
{
    return rate(kg, pg) - rate(kr, pr);
}

} // namespace compute
