#include "kmeansseed.h"
#include "parallel.h"
#include "splitmix.h"
#include "vectorops.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace compute {
namespace {

// A row drawn with probability proportional to weight (D² sampling); uniform when all weights are 0.
std::size_t drawWeighted(const std::vector<double> &cumulative, SplitMix &random)
{
    const double total = cumulative.back();
    if (total <= 0.0)
        return std::size_t(random.below(cumulative.size()));
    const double target = random.uniform() * total;
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
    return std::min<std::size_t>(std::size_t(it - cumulative.begin()), cumulative.size() - 1);
}

} // namespace

EmbeddingMatrix kmeansPlusPlus(const EmbeddingMatrix &points, int k, std::uint64_t seed, const Control &control)
{
    const std::size_t n = points.rows();
    const std::size_t dims = std::size_t(points.dims());
    EmbeddingMatrix centres(std::size_t(k), points.dims());
    if (n == 0 || k < 1)
        return centres;
    SplitMix random(seed);
    std::vector<float> norms(n);
    for (std::size_t i = 0; i < n; ++i)
        norms[i] = dot(points.row(i), points.row(i), dims);

    const int trials = 2 + int(std::log(double(k)));
    EmbeddingMatrix candidates(std::size_t(trials), points.dims());
    std::vector<float> scores(n * std::size_t(trials));
    std::vector<float> closest(n, std::numeric_limits<float>::infinity());
    std::vector<double> cumulative(n);
    // Squared distances of every point to the first `count` candidate rows (scores[t·n + i]). A GEMM
    // this thin runs far below peak in BLAS; blocks of rows that stay in L2 while every candidate
    // passes over them are faster.
    const auto distancesTo = [&](int count) {
        constexpr std::size_t Rows = 256;
        parallelFor((n + Rows - 1) / Rows, 0, [&](std::size_t block) {
            const std::size_t r0 = block * Rows, rn = std::min(Rows, n - r0);
            for (int t = 0; t < count; ++t) {
                float *s = scores.data() + std::size_t(t) * n + r0;
                dotRows(points.row(r0), points.stride(), rn, candidates.row(std::size_t(t)), int(dims), s);
                const float cn = dot(candidates.row(std::size_t(t)), candidates.row(std::size_t(t)), dims);
                for (std::size_t i = 0; i < rn; ++i)
                    s[i] = std::max(0.0f, norms[r0 + i] + cn - 2.0f * s[i]);
            }
        });
    };

    std::size_t first = std::size_t(random.below(n));
    std::memcpy(candidates.row(0), points.row(first), dims * sizeof(float));
    distancesTo(1);
    for (std::size_t i = 0; i < n; ++i)
        closest[i] = scores[i];
    std::memcpy(centres.row(0), points.row(first), dims * sizeof(float));

    for (int c = 1; c < k; ++c) {
        if (control.cancelled())
            return {};
        double running = 0;
        for (std::size_t i = 0; i < n; ++i)
            cumulative[i] = running += closest[i];
        for (int t = 0; t < trials; ++t)
            std::memcpy(candidates.row(std::size_t(t)), points.row(drawWeighted(cumulative, random)), dims * sizeof(float));
        distancesTo(trials);
        int best = 0;
        double bestPotential = std::numeric_limits<double>::infinity();
        for (int t = 0; t < trials; ++t) {
            double potential = 0;
            for (std::size_t i = 0; i < n; ++i)
                potential += std::min(closest[i], scores[std::size_t(t) * n + i]);
            if (potential < bestPotential) {
                bestPotential = potential;
                best = t;
            }
        }
        for (std::size_t i = 0; i < n; ++i)
            closest[i] = std::min(closest[i], scores[std::size_t(best) * n + i]);
        std::memcpy(centres.row(std::size_t(c)), candidates.row(std::size_t(best)), dims * sizeof(float));
        control.report(double(c) / k);
    }
    return centres;
}

} // namespace compute
