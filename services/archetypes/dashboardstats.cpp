#include "archetypes/dashboardstats.h"

#include "compute/drift.h"

#include <algorithm>
#include <cmath>

namespace {

constexpr double MaxShiftSd = 99; // a shift against no spread at all is shown as this, not as infinity

} // namespace

void BinnedValues::add(int bin, qint64 count, double sum, double sumSq, double min, double max, qint64 atBounds)
{
    if (count <= 0)
        return;
    bin = std::clamp(bin, 0, Bins - 1);
    counts[size_t(bin)] += count;
    sums[size_t(bin)] += sum;
    n += count;
    total += sum;
    totalSq += sumSq;
    lo = std::min(lo, min);
    hi = std::max(hi, max);
    bounds += atBounds;
}

void BinnedValues::merge(const BinnedValues &other)
{
    for (int b = 0; b < Bins; ++b) {
        counts[size_t(b)] += other.counts[size_t(b)];
        sums[size_t(b)] += other.sums[size_t(b)];
    }
    n += other.n;
    total += other.total;
    totalSq += other.totalSq;
    lo = std::min(lo, other.lo);
    hi = std::max(hi, other.hi);
    bounds += other.bounds;
}

double BinnedValues::mean() const
{
    return n > 0 ? total / double(n) : 0;
}

double BinnedValues::stddev() const
{
    if (n < 2)
        return 0;
    const double m = mean();
    // Sums of squares lose digits when the spread is tiny against the mean; never below 0.
    return std::sqrt(std::max(0.0, totalSq / double(n) - m * m));
}

double BinnedValues::quantile(double p) const
{
    if (n == 0)
        return 0;
    const double h = double(n - 1) * std::clamp(p, 0.0, 1.0);
    const qint64 below = qint64(std::floor(h));
    const auto valueAt = [this](qint64 index) {
        qint64 seen = 0;
        for (int b = 0; b < Bins; ++b) {
            seen += counts[size_t(b)];
            if (index < seen)
                return std::clamp(sums[size_t(b)] / double(counts[size_t(b)]), lo, hi);
        }
        return hi;
    };
    const double v = valueAt(below);
    if (below + 1 >= n)
        return v;
    return v + (h - double(below)) * (valueAt(below + 1) - v);
}

MetricDistribution BinnedValues::distribution(int archetype, int metric) const
{
    MetricDistribution d;
    d.archetype = archetype;
    d.metric = metric;
    d.n = n;
    if (n == 0)
        return d;
    for (int b = 0; b < Bins; ++b)
        d.bins[size_t(std::min(b / 5, 19))] += counts[size_t(b)];
    d.min = lo;
    d.max = hi;
    d.q1 = quantile(0.25);
    d.median = quantile(0.5);
    d.q3 = quantile(0.75);
    d.mean = mean();
    d.stddev = stddev();
    d.shareAtBounds = double(bounds) / double(n);
    d.saturating = d.shareAtBounds >= 0.5;
    return d;
}

DriftRow driftRow(int archetype, int metric, const BinnedValues &baseline, const BinnedValues &recent)
{
    DriftRow row;
    row.archetype = archetype;
    row.metric = metric;
    row.nBaseline = baseline.n;
    row.nRecent = recent.n;
    row.meanBaseline = baseline.mean();
    row.meanRecent = recent.mean();
    if (baseline.n == 0 || recent.n == 0)
        return row;
    const double shift = row.meanRecent - row.meanBaseline;
    double sd = baseline.stddev();
    if (sd <= 0) {
        const double s1 = baseline.stddev(), s2 = recent.stddev();
        sd = std::sqrt((double(baseline.n) * s1 * s1 + double(recent.n) * s2 * s2) / double(baseline.n + recent.n));
    }
    if (sd > 0)
        row.meanShiftSd = std::clamp(shift / sd, -MaxShiftSd, MaxShiftSd);
    else if (std::abs(shift) > 1e-12)
        row.meanShiftSd = shift > 0 ? MaxShiftSd : -MaxShiftSd;
    const compute::KsResult ks = compute::ksTestBinned(
        std::span<const std::int64_t>(baseline.counts.data(), baseline.counts.size()),
        std::span<const std::int64_t>(recent.counts.data(), recent.counts.size()));
    row.ks = ks.d;
    row.pValue = ks.p;
    row.strength = ks.d * std::min(std::abs(row.meanShiftSd), 3.0);
    row.alarm = row.pValue < 0.01 && std::abs(row.meanShiftSd) >= 0.5;
    return row;
}
