// MapPipeline's last touch to the neighbour layout: points closer than a minimum distance are pushed
// apart. Memories with nearly the same text get nearly the same embedding and land on one spot, where
// hundreds of them drew as one speck (the demo's 5,835 points looked like a few hundred). Spread out to
// a minimum distance, a pile covers an area that grows with its count, so a glance shows where the mass is.
#include "map/mappipelinestages.h"

#include "compute/splitmix.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace MapStages {

namespace {

// Up to 40 rounds (a pile of 400 settles to about its packed size), fewer on large maps so the pass stays
// a small share of the layout's time: about 20 rounds at a million points.
int roundsFor(std::size_t points)
{
    return std::clamp(int(20000000 / std::max<std::size_t>(points, 1)), 8, 40);
}
constexpr std::size_t NeighboursChecked = 64; // per point and round: bounds the cost inside a large pile
constexpr float Damping = 0.8f;

std::int64_t cellKey(std::int64_t cx, std::int64_t cy)
{
    return cx * 73856093 ^ cy * 19349663;
}

} // namespace

float minimumDistanceFor(const std::vector<float> &xy)
{
    const std::size_t n = xy.size() / 2;
    if (n < 2)
        return 0;
    // The 1st to 99th percentile range on each axis, so a few outliers do not set the scale.
    std::vector<float> axis(n);
    float extent = 0;
    for (int a = 0; a < 2; ++a) {
        for (std::size_t i = 0; i < n; ++i)
            axis[i] = xy[2 * i + std::size_t(a)];
        const std::size_t lo = n / 100, hi = n - 1 - n / 100;
        std::nth_element(axis.begin(), axis.begin() + std::ptrdiff_t(lo), axis.end());
        const float low = axis[lo];
        std::nth_element(axis.begin(), axis.begin() + std::ptrdiff_t(hi), axis.end());
        extent = std::max(extent, axis[hi] - low);
    }
    return extent * MinimumDistanceShare;
}

void keepApart(std::vector<float> &xy, float minimum, std::uint64_t seed, const compute::Control &control)
{
    const std::size_t n = xy.size() / 2;
    if (n < 2 || !(minimum > 0) || !std::isfinite(minimum))
        return;
    compute::SplitMix random(seed ^ 0x61706172ull);
    std::unordered_map<std::int64_t, std::vector<std::uint32_t>> grid;
    grid.reserve(n);
    const int rounds = roundsFor(n);
    for (int round = 0; round < rounds; ++round) {
        if (control.cancelled())
            return;
        grid.clear();
        for (std::size_t i = 0; i < n; ++i) {
            const auto cx = std::int64_t(std::floor(xy[2 * i] / minimum));
            const auto cy = std::int64_t(std::floor(xy[2 * i + 1] / minimum));
            grid[cellKey(cx, cy)].push_back(std::uint32_t(i));
        }
        bool moved = false;
        for (std::size_t i = 0; i < n; ++i) {
            const auto cx = std::int64_t(std::floor(xy[2 * i] / minimum));
            const auto cy = std::int64_t(std::floor(xy[2 * i + 1] / minimum));
            std::size_t checked = 0;
            for (std::int64_t dx = -1; dx <= 1 && checked < NeighboursChecked; ++dx) {
                for (std::int64_t dy = -1; dy <= 1 && checked < NeighboursChecked; ++dy) {
                    const auto cell = grid.find(cellKey(cx + dx, cy + dy));
                    if (cell == grid.end())
                        continue;
                    for (std::uint32_t j : cell->second) {
                        if (j <= i)
                            continue;
                        if (++checked > NeighboursChecked)
                            break;
                        float ux = xy[2 * j] - xy[2 * i], uy = xy[2 * j + 1] - xy[2 * i + 1];
                        const float d = std::sqrt(ux * ux + uy * uy);
                        if (d >= minimum)
                            continue;
                        if (d < minimum * 1e-3f) { // on top of each other: a direction from the seed
                            const double angle = random.uniform() * 6.283185307179586;
                            ux = float(std::cos(angle));
                            uy = float(std::sin(angle));
                        } else {
                            ux /= d;
                            uy /= d;
                        }
                        // Each moves half the overlap, damped: a pile settles over the rounds instead of
                        // overshooting into its neighbours.
                        const float push = Damping * 0.5f * (minimum - d);
                        xy[2 * i] -= ux * push;
                        xy[2 * i + 1] -= uy * push;
                        xy[2 * j] += ux * push;
                        xy[2 * j + 1] += uy * push;
                        moved = true;
                    }
                }
            }
        }
        control.report(double(round + 1) / rounds);
        if (!moved)
            return;
    }
}

} // namespace MapStages
