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

JobMeasures measureJob(const std::vector<std::uint32_t> &groupAt, const std::vector<double> &scoreAt, std::size_t groups,
    std::size_t k, std::size_t protectedGroup, std::size_t reference)
{
    JobMeasures m;
    const std::size_t n = groupAt.size();
    const auto protectedItems = std::size_t(std::count(groupAt.begin(), groupAt.end(), std::uint32_t(protectedGroup)));
    if (n < k || k == 0)
        m.gap = JobGap::FewerThanK;
    else if (protectedItems == 0)
        m.gap = JobGap::NoProtected;
    else if (protectedItems == n)
        m.gap = JobGap::OnlyProtected;
    if (m.gap != JobGap::None) {
        m.ndkl = m.rnd = NaN;
        return m;
    }
    // The definitions of the pooled functions above, for a ranking of one item per position, without building
    // its position matrix: a report runs this for every job (100,000 at a million proposals).
    std::vector<double> items(groups, 0.0), top(groups, 0.0), weighted(groups, 0.0), scores(groups, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
        const std::uint32_t g = groupAt[j];
        items[g] += 1;
        weighted[g] += positionWeight(j + 1);
        scores[g] += scoreAt[j];
        if (j < k)
            top[g] += 1;
    }
    m.exposure.assign(groups, NaN);
    m.merit.assign(groups, NaN);
    m.skew.assign(groups, NaN);
    m.exposureToMerit.assign(groups, NaN);
    for (std::size_t g = 0; g < groups; ++g) {
        if (items[g] <= 0)
            continue;
        m.exposure[g] = weighted[g] / items[g];
        m.merit[g] = scores[g] / items[g];
        const double ratio = (top[g] / double(k)) / (items[g] / double(n));
        m.skew[g] = ratio > 0 ? std::log(ratio) : -std::numeric_limits<double>::infinity();
    }
    if (reference < groups && items[reference] > 0)
        for (std::size_t g = 0; g < groups; ++g)
            if (items[g] > 0)
                m.exposureToMerit[g]
                    = disparateTreatmentRatio(m.exposure[g], m.merit[g], m.exposure[reference], m.merit[reference]);

    // NDKL: the prefixes' group shares against the whole ranking's. With c_g items of g among the first i,
    // KL_i = Σ c_g/i · ln((c_g/i)/(n_g/n)) = (A_i − B_i)/i + ln n − ln i, A_i = Σ c_g ln c_g, B_i = Σ c_g ln n_g;
    // each position changes one c_g, so both sums follow with no logarithm per group and prefix.
    std::vector<double> prefix(groups, 0.0), logItems(groups, 0.0);
    for (std::size_t g = 0; g < groups; ++g)
        if (items[g] > 0)
            logItems[g] = std::log(items[g]);
    const auto xlogx = [](double c) { return c > 0 ? c * std::log(c) : 0.0; };
    const double logN = std::log(double(n));
    double a = 0, b = 0, sum = 0, z = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        const std::uint32_t g = groupAt[i - 1];
        a += xlogx(prefix[g] + 1) - xlogx(prefix[g]);
        b += logItems[g];
        prefix[g] += 1;
        const double w = positionWeight(i);
        z += w;
        sum += w * ((a - b) / double(i) + logN - std::log(double(i)));
    }
    m.ndkl = sum / z;

    // rND of the protected group against its most unequal arrangements: all first or all last.
    const std::size_t step = n >= 20 ? 10 : 2;
    const double share = double(protectedItems) / double(n);
    double inTop = 0, actual = 0, first = 0, last = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        if (groupAt[i - 1] == protectedGroup)
            inTop += 1;
        if (i % step != 0)
            continue;
        const double weight = std::log2(double(i));
        const double firstIn = double(std::min(protectedItems, i));
        const double lastIn = i > n - protectedItems ? double(i - (n - protectedItems)) : 0.0;
        actual += std::fabs(inTop / double(i) - share) / weight;
        first += std::fabs(firstIn / double(i) - share) / weight;
        last += std::fabs(lastIn / double(i) - share) / weight;
    }
    const double most = std::max(first, last);
    m.rnd = most > 0 ? actual / most : 0;
    return m;
}

Spread spread(std::vector<double> values, bool lowIsWorse)
{
    Spread s { NaN, NaN, NaN };
    values.erase(std::remove_if(values.begin(), values.end(), [](double x) { return std::isnan(x); }), values.end());
    s.count = values.size();
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    // The mean of the middle two of an even count; a −inf beside a finite value stays −inf.
    s.median = values.size() % 2 == 1 ? values[mid] : values[mid - 1] / 2 + values[mid] / 2;
    s.worst = lowIsWorse ? values.front() : values.back();
    double sum = 0;
    std::size_t finite = 0;
    for (double x : values) {
        if (std::isinf(x)) {
            ++s.infinite;
            continue;
        }
        sum += x;
        ++finite;
    }
    s.mean = finite > 0 ? sum / double(finite) : NaN;
    return s;
}

} // namespace compute
