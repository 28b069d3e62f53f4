#include "compute/agreement.h"

#include "compute/splitmix.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace compute {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

std::size_t categoryCount(const Units &units)
{
    int top = -1;
    for (const Unit &u : units)
        for (int v : u)
            top = std::max(top, v);
    return std::size_t(top + 1);
}

bool pairable(const Unit &u)
{
    return u.size() >= 2 && std::all_of(u.cbegin(), u.cend(), [](int v) { return v >= 0; });
}

// The two raters' joint proportions p_ij (row: first rater) over the units with exactly two ratings.
struct Joint
{
    std::size_t k = 0;
    double n = 0;
    std::vector<double> p; // k × k
    std::vector<double> row, col;
};

Joint joint(const Units &pairs)
{
    Joint j;
    j.k = categoryCount(pairs);
    j.p.assign(j.k * j.k, 0.0);
    for (const Unit &u : pairs) {
        if (u.size() != 2 || !pairable(u))
            continue;
        j.p[std::size_t(u[0]) * j.k + std::size_t(u[1])] += 1;
        j.n += 1;
    }
    j.row.assign(j.k, 0.0);
    j.col.assign(j.k, 0.0);
    if (j.n == 0)
        return j;
    for (std::size_t a = 0; a < j.k; ++a)
        for (std::size_t b = 0; b < j.k; ++b) {
            double &cell = j.p[a * j.k + b];
            cell /= j.n;
            j.row[a] += cell;
            j.col[b] += cell;
        }
    return j;
}

} // namespace

double cohenKappa(const Units &pairs)
{
    const Joint j = joint(pairs);
    if (j.n == 0)
        return NaN;
    double po = 0, pe = 0;
    for (std::size_t c = 0; c < j.k; ++c) {
        po += j.p[c * j.k + c];
        pe += j.row[c] * j.col[c];
    }
    return pe >= 1 ? NaN : (po - pe) / (1 - pe);
}

double cohenKappaStandardError(const Units &pairs)
{
    const Joint j = joint(pairs);
    const double kappa = cohenKappa(pairs);
    if (j.n == 0 || std::isnan(kappa))
        return NaN;
    double pe = 0;
    for (std::size_t c = 0; c < j.k; ++c)
        pe += j.row[c] * j.col[c];
    // FCE (1969): Σ_i p_ii [1 − (p_i. + p_.i)(1 − κ)]² + (1 − κ)² Σ_{i≠j} p_ij (p_.i + p_j.)² − [κ − p_e(1 − κ)]²,
    // over n (1 − p_e)².
    double sum = 0;
    for (std::size_t a = 0; a < j.k; ++a) {
        for (std::size_t b = 0; b < j.k; ++b) {
            const double p = j.p[a * j.k + b];
            if (a == b) {
                const double t = 1 - (j.row[a] + j.col[a]) * (1 - kappa);
                sum += p * t * t;
            } else {
                const double t = j.col[a] + j.row[b];
                sum += (1 - kappa) * (1 - kappa) * p * t * t;
            }
        }
    }
    const double c = kappa - pe * (1 - kappa);
    const double variance = (sum - c * c) / (j.n * (1 - pe) * (1 - pe));
    return std::sqrt(std::max(0.0, variance));
}

double fleissKappa(const Units &units)
{
    const std::size_t k = categoryCount(units);
    std::vector<double> totals(k, 0.0);
    double sumP = 0, ratings = 0;
    std::size_t items = 0;
    std::vector<int> counts(k);
    for (const Unit &u : units) {
        if (!pairable(u))
            continue;
        std::fill(counts.begin(), counts.end(), 0);
        for (int v : u)
            ++counts[std::size_t(v)];
        const double n = double(u.size());
        double agree = 0;
        for (std::size_t c = 0; c < k; ++c) {
            agree += double(counts[c]) * double(counts[c] - 1);
            totals[c] += counts[c];
        }
        sumP += agree / (n * (n - 1));
        ratings += n;
        ++items;
    }
    if (items == 0)
        return NaN;
    const double pBar = sumP / double(items);
    double peBar = 0;
    for (double t : totals)
        peBar += (t / ratings) * (t / ratings);
    return peBar >= 1 ? NaN : (pBar - peBar) / (1 - peBar);
}

double fleissKappaCounts(std::span<const int> counts, std::size_t categories)
{
    Units units;
    for (std::size_t at = 0; categories > 0 && at + categories <= counts.size(); at += categories) {
        Unit u;
        for (std::size_t c = 0; c < categories; ++c)
            u.insert(u.end(), std::size_t(std::max(0, counts[at + c])), int(c));
        units.push_back(std::move(u));
    }
    return fleissKappa(units);
}

double krippendorffAlphaNominal(const Units &units)
{
    const std::size_t k = categoryCount(units);
    std::vector<double> o(k * k, 0.0); // coincidences
    std::vector<int> counts(k);
    for (const Unit &u : units) {
        std::fill(counts.begin(), counts.end(), 0);
        int m = 0;
        for (int v : u)
            if (v >= 0) {
                ++counts[std::size_t(v)];
                ++m;
            }
        if (m < 2)
            continue;
        // Each ordered pair of values from different raters of the unit, weighted 1 / (m_u − 1).
        for (std::size_t c = 0; c < k; ++c)
            for (std::size_t e = 0; e < k; ++e) {
                const double pairs = c == e ? double(counts[c]) * (counts[c] - 1) : double(counts[c]) * counts[e];
                o[c * k + e] += pairs / double(m - 1);
            }
    }
    std::vector<double> nc(k, 0.0);
    double n = 0;
    for (std::size_t c = 0; c < k; ++c) {
        for (std::size_t e = 0; e < k; ++e)
            nc[c] += o[c * k + e];
        n += nc[c];
    }
    if (n < 2)
        return NaN;
    double observed = 0, expected = 0;
    for (std::size_t c = 0; c < k; ++c)
        for (std::size_t e = 0; e < k; ++e)
            if (c != e) {
                observed += o[c * k + e];
                expected += nc[c] * nc[e];
            }
    if (expected == 0)
        return NaN;
    return 1 - (n - 1) * observed / expected;
}

AgreementInterval bootstrap(const Units &units, const std::function<double(const Units &)> &statistic, int resamples,
    std::uint64_t seed, double level)
{
    Units usable;
    for (const Unit &u : units)
        if (pairable(u))
            usable.push_back(u);
    AgreementInterval out;
    out.units = usable.size();
    out.value = statistic(usable);
    out.low = out.high = NaN;
    if (usable.empty() || resamples < 1)
        return out;
    SplitMix random(seed);
    std::vector<double> values;
    values.reserve(std::size_t(resamples));
    Units sample(usable.size());
    for (int r = 0; r < resamples; ++r) {
        for (Unit &slot : sample)
            slot = usable[std::size_t(random.below(usable.size()))];
        const double v = statistic(sample);
        if (!std::isnan(v))
            values.push_back(v);
    }
    // Fewer than half the resamples defined: an interval would describe a different population.
    if (values.size() * 2 < std::size_t(resamples))
        return out;
    std::sort(values.begin(), values.end());
    const double tail = (1 - level) / 2;
    const auto quantile = [&values](double q) {
        const double at = q * double(values.size() - 1);
        const auto lo = std::size_t(std::floor(at));
        const auto hi = std::min(values.size() - 1, lo + 1);
        return values[lo] + (values[hi] - values[lo]) * (at - double(lo));
    };
    out.low = quantile(tail);
    out.high = quantile(1 - tail);
    return out;
}

} // namespace compute
