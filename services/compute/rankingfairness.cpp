#include "compute/rankingfairness.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace compute {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> totals(const PositionCounts &counts, std::size_t groups, std::size_t positions)
{
    std::vector<double> sum(groups, 0.0);
    for (std::size_t j = 0; j < positions && j < counts.size(); ++j)
        for (std::size_t g = 0; g < groups; ++g)
            sum[g] += double(counts[j][g]);
    return sum;
}

double sumOf(const std::vector<double> &v)
{
    double s = 0;
    for (double x : v)
        s += x;
    return s;
}

// rND's unnormalised sum for per-position protected counts and per-position totals.
double rndSum(const std::vector<double> &protectedAt, const std::vector<double> &totalAt, std::size_t step)
{
    const double all = sumOf(totalAt), protectedAll = sumOf(protectedAt);
    if (all <= 0)
        return 0;
    double sum = 0, inTop = 0, topSize = 0;
    for (std::size_t i = 1; i <= totalAt.size(); ++i) {
        inTop += protectedAt[i - 1];
        topSize += totalAt[i - 1];
        if (i % step == 0 && topSize > 0)
            sum += std::fabs(inTop / topSize - protectedAll / all) / std::log2(double(i));
    }
    return sum;
}

} // namespace

double positionWeight(std::size_t position)
{
    return 1.0 / std::log2(1.0 + double(position));
}

std::vector<double> groupExposure(const PositionCounts &counts, std::size_t groups)
{
    std::vector<double> weighted(groups, 0.0), items(groups, 0.0);
    for (std::size_t j = 0; j < counts.size(); ++j)
        for (std::size_t g = 0; g < groups; ++g) {
            weighted[g] += double(counts[j][g]) * positionWeight(j + 1);
            items[g] += double(counts[j][g]);
        }
    std::vector<double> exposure(groups);
    for (std::size_t g = 0; g < groups; ++g)
        exposure[g] = items[g] > 0 ? weighted[g] / items[g] : NaN;
    return exposure;
}

double disparateTreatmentRatio(double exposureG, double meritG, double exposureR, double meritR)
{
    if (!(meritG > 0) || !(meritR > 0) || !(exposureR > 0))
        return NaN;
    return (exposureG / meritG) / (exposureR / meritR);
}

std::vector<double> skewAtK(const PositionCounts &counts, std::size_t groups, std::size_t k)
{
    const std::vector<double> top = totals(counts, groups, k), all = totals(counts, groups, counts.size());
    const double topSize = sumOf(top), allSize = sumOf(all);
    std::vector<double> skew(groups, NaN);
    for (std::size_t g = 0; g < groups; ++g) {
        if (all[g] <= 0 || topSize <= 0)
            continue;
        const double ratio = (top[g] / topSize) / (all[g] / allSize);
        skew[g] = ratio > 0 ? std::log(ratio) : -std::numeric_limits<double>::infinity();
    }
    return skew;
}

double ndkl(const PositionCounts &counts, std::size_t groups)
{
    const std::vector<double> all = totals(counts, groups, counts.size());
    const double allSize = sumOf(all);
    if (allSize <= 0)
        return NaN;
    std::vector<double> prefix(groups, 0.0);
    double prefixSize = 0, sum = 0, z = 0;
    for (std::size_t i = 1; i <= counts.size(); ++i) {
        for (std::size_t g = 0; g < groups; ++g) {
            prefix[g] += double(counts[i - 1][g]);
            prefixSize += double(counts[i - 1][g]);
        }
        const double w = positionWeight(i);
        z += w;
        if (prefixSize <= 0)
            continue;
        double kl = 0;
        for (std::size_t g = 0; g < groups; ++g) {
            const double p = prefix[g] / prefixSize; // a prefix never holds a group the whole ranking lacks
            if (p > 0)
                kl += p * std::log(p / (all[g] / allSize));
        }
        sum += w * kl;
    }
    return sum / z;
}

double rnd(const PositionCounts &counts, std::size_t groups, std::size_t protectedGroup, std::size_t step)
{
    if (protectedGroup >= groups || step < 2)
        return NaN;
    std::vector<double> protectedAt(counts.size()), totalAt(counts.size());
    for (std::size_t j = 0; j < counts.size(); ++j) {
        protectedAt[j] = double(counts[j][protectedGroup]);
        for (std::size_t g = 0; g < groups; ++g)
            totalAt[j] += double(counts[j][g]);
    }
    // The most unequal arrangements of the same items: every protected item as early, or as late, as the
    // positions' sizes allow.
    const double protectedAll = sumOf(protectedAt);
    std::vector<double> first(counts.size()), last(counts.size());
    double left = protectedAll;
    for (std::size_t j = 0; j < counts.size(); ++j) {
        first[j] = std::min(left, totalAt[j]);
        left -= first[j];
    }
    left = protectedAll;
    for (std::size_t j = counts.size(); j-- > 0;) {
        last[j] = std::min(left, totalAt[j]);
        left -= last[j];
    }
    const double z = std::max(rndSum(first, totalAt, step), rndSum(last, totalAt, step));
    if (z <= 0)
        return 0;
    return rndSum(protectedAt, totalAt, step) / z;
}

} // namespace compute
