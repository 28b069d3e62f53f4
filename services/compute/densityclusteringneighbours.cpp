#include "densityclusteringneighbours.h"
#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <limits>

namespace compute::density {
namespace {

constexpr std::size_t Part = 4096; // points per parallel work item

} // namespace

Neighbourhood neighbourhood(const PlaneTree &tree, int minSamples, int k, int threads, const Control &control)
{
    const std::size_t n = tree.size(), kk = std::size_t(k);
    Neighbourhood hood;
    hood.k = k;
    hood.indices.assign(n * kk, PlaneTree::None);
    hood.squaredDistances.assign(n * kk, std::numeric_limits<float>::infinity());
    hood.core.assign(n, 0.0f);
    std::vector<std::uint32_t> position(n);
    for (std::uint32_t pos = 0; pos < n; ++pos)
        position[tree.order()[pos]] = pos;
    std::atomic<std::size_t> done { 0 };
    parallelFor((n + Part - 1) / Part, threads, [&](std::size_t part) {
        if (control.cancelled())
            return;
        for (std::size_t pos = part * Part; pos < std::min(n, (part + 1) * Part); ++pos) {
            std::uint32_t *row = hood.indices.data() + pos * kk;
            float *d2 = hood.squaredDistances.data() + pos * kk;
            const int found = tree.nearest(tree.x()[pos], tree.y()[pos], k, tree.order()[pos], row, d2);
            for (int s = 0; s < found; ++s)
                row[s] = position[row[s]];
            // The point itself is the first of its minSamples.
            if (minSamples > 1 && found > 0)
                hood.core[pos] = d2[std::min(minSamples - 1, found) - 1];
        }
        // Every 16th part: a few dozen reports a second at most.
        if (const std::size_t finished = ++done; finished % 16 == 0)
            control.report(0.4 * std::min(1.0, double(finished * Part) / double(n)));
    });
    if (control.cancelled())
        return {};
    return hood;
}

} // namespace compute::density
