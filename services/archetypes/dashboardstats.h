#pragma once

#include "archetypes/dashboardrecords.h"

#include <array>
#include <cstdint>
#include <limits>

// The values of one metric as the dashboards aggregate them: counts in 101 bins 0.01 wide (floor(v·100),
// bin 100 = exactly 1) with each bin's sum, plus the exact count, sum, sum of squares, extremes and the
// count at exactly 0 or 1. Filled from evaluation_rollup cells or from a GROUP BY over evaluations (both
// in the same shape), so a filtered and an unfiltered distribution agree. Plain value; no SQL.
struct BinnedValues
{
    static constexpr int Bins = 101;

    std::array<std::int64_t, Bins> counts {};
    std::array<double, Bins> sums {};
    qint64 n = 0;
    double total = 0, totalSq = 0;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    qint64 bounds = 0;

    // One cell: `count` values in `bin` with their sum and sum of squares, extremes and values at 0 or 1.
    void add(int bin, qint64 count, double sum, double sumSq, double min, double max, qint64 atBounds);
    void merge(const BinnedValues &other);

    double mean() const;
    double stddev() const; // population standard deviation; 0 for fewer than two values
    // percentile_cont's interpolation over the sorted values, each value read as its bin's mean (exact
    // when a bin's values are equal, as they are for scores in steps of 0.01).
    double quantile(double p) const;

    MetricDistribution distribution(int archetype, int metric) const;
};

// Drift of one metric between a baseline and a recent sample (DriftRow's formulas; see dashboardrecords.h).
DriftRow driftRow(int archetype, int metric, const BinnedValues &baseline, const BinnedValues &recent);
