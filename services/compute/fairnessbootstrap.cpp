#include "compute/fairnessbootstrap.h"

#include "compute/splitmix.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace compute {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double Inf = std::numeric_limits<double>::infinity();
// Weights below this share of the mode's are left out of the table: beyond about 8.5 standard deviations.
constexpr double Negligible = 1e-17;

// Binomial(n, k/n) by inversion of a tabulated CDF. The unnormalised pmf is 1 at the mode and follows
// w(j+1) = w(j)·(n−j)/(j+1)·p/(1−p) upward and the inverse downward; each step is written out in the same order
// as the Python reference so both sum the same doubles.
class Binomial
{
public:
    Binomial(std::int64_t k, std::int64_t n)
        : m_fixed(k == 0 || k == n ? k : -1)
    {
        if (m_fixed >= 0)
            return;
        const double p = double(k) / double(n);
        const double odds = p / (1 - p);
        const std::int64_t mode = std::min<std::int64_t>(n, std::int64_t(std::floor(double(n + 1) * p)));
        std::vector<double> down, up { 1.0 };
        double w = 1.0;
        for (std::int64_t j = mode; j > 0; --j) {
            w = w * double(j) / double(n - j + 1) / odds;
            if (w < Negligible)
                break;
            down.push_back(w);
        }
        w = 1.0;
        for (std::int64_t j = mode; j < n; ++j) {
            w = w * double(n - j) / double(j + 1) * odds;
            if (w < Negligible)
                break;
            up.push_back(w);
        }
        m_low = mode - std::int64_t(down.size());
        double sum = 0;
        for (auto it = down.rbegin(); it != down.rend(); ++it)
            m_cumulative.push_back(sum += *it);
        for (double v : up)
            m_cumulative.push_back(sum += v);
    }

    std::int64_t draw(double u) const
    {
        if (m_fixed >= 0)
            return m_fixed;
        const double target = u * m_cumulative.back();
        return m_low + (std::upper_bound(m_cumulative.begin(), m_cumulative.end(), target) - m_cumulative.begin());
    }

private:
    std::int64_t m_fixed;
    std::int64_t m_low = 0;
    std::vector<double> m_cumulative;
};

} // namespace

std::uint64_t bootstrapSeed(std::int64_t kg, std::int64_t ng, std::int64_t kr, std::int64_t nr)
{
    std::uint64_t s = std::uint64_t(kg);
    s = s * 1000003u ^ std::uint64_t(ng);
    s = s * 1000003u ^ std::uint64_t(kr);
    s = s * 1000003u ^ std::uint64_t(nr);
    return s;
}

Interval bootstrapImpact(std::int64_t kg, std::int64_t ng, std::int64_t kr, std::int64_t nr, int resamples)
{
    return bootstrapImpactSeeded(kg, ng, kr, nr, resamples, bootstrapSeed(kg, ng, kr, nr));
}

Interval bootstrapImpactSeeded(
    std::int64_t kg, std::int64_t ng, std::int64_t kr, std::int64_t nr, int resamples, std::uint64_t seed)
{
    if (ng <= 0 || nr <= 0 || kg < 0 || kr <= 0 || kg > ng || kr > nr || resamples < 1)
        return { NaN, NaN, NaN };
    const double observed = (double(kg) / double(ng)) / (double(kr) / double(nr));
    const Binomial group(kg, ng), reference(kr, nr);
    SplitMix random(seed);
    std::vector<double> ratios;
    ratios.reserve(std::size_t(resamples));
    for (int b = 0; b < resamples; ++b) {
        const std::int64_t g = group.draw(random.uniform());
        const std::int64_t r = reference.draw(random.uniform());
        if (r == 0) {
            if (g > 0)
                ratios.push_back(Inf);
            continue;
        }
        ratios.push_back((double(g) / double(ng)) / (double(r) / double(nr)));
    }
    if (ratios.empty())
        return { observed, NaN, NaN };
    std::sort(ratios.begin(), ratios.end());
    // ⌈0.025·B⌉ and ⌈0.975·B⌉ in integers, so no rounding of 0.025·B decides which resample is the bound.
    const std::size_t m = ratios.size();
    const std::size_t low = (25 * m + 999) / 1000, high = (975 * m + 999) / 1000;
    return { observed, ratios[std::max<std::size_t>(low, 1) - 1], ratios[std::max<std::size_t>(high, 1) - 1] };
}

} // namespace compute
