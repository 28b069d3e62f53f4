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

EmbeddingMatrix kmeansPlusPlus(
    const EmbeddingMatrix &x, const std::vector<std::size_t> *rows, int k, std::uint64_t seed, const Control &control)
{
    const std::size_t n = rows ? rows->size() : x.rows();
    const std::size_t dims = std::size_t(x.dims());
    const auto point = [&](std::size_t i) { return x.row(rows ? (*rows)[i] : i); };
    EmbeddingMatrix centres(std::size_t(k), x.dims());
    if (n == 0 || k < 1)
        return centres;
    SplitMix random(seed);
    std::vector<float> norms(n);
    for (std::size_t i = 0; i < n; ++i)
        norms[i] = dot(point(i), point(i), dims);

    const int trials = 2 + int(std::log(double(k)));
    EmbeddingMatrix candidates(std::size_t(trials), x.dims());
    std::vector<float> scores(n * std::size_t(trials));
    std::vector<float> closest(n, std::numeric_limits<float>::infinity());
    std::vector<double> cumulative(n);
    // Squared distances of every point to the first `count` candidate rows (scores[t·n + i]). A GEMM
    // this thin runs far below peak in BLAS; blocks of rows that stay in L2 while every candidate
    // passes over them are faster. Sampled rows read where they lie in x are not adjacent: the hardware
    // prefetcher loses its stream at every gap, which made that scan about twice as slow as over a
    // gathered copy. There each row meets every candidate while it is in L1, and the row two ahead is
    // prefetched by hand. Both orders compute each distance the same way.
    const auto distancesTo = [&](int count) {
        constexpr std::size_t Rows = 256;
        std::vector<float> candidateNorms(std::size_t(count), 0.0f);
        for (int t = 0; t < count; ++t)
            candidateNorms[std::size_t(t)] = dot(candidates.row(std::size_t(t)), candidates.row(std::size_t(t)), dims);
        parallelFor((n + Rows - 1) / Rows, 0, [&](std::size_t block) {
            const std::size_t r0 = block * Rows, rn = std::min(Rows, n - r0);
            if (rows) {
                for (std::size_t i = r0; i < r0 + rn; ++i) {
                    if (i + 2 < r0 + rn) {
                        const char *ahead = reinterpret_cast<const char *>(point(i + 2));
                        for (std::size_t byte = 0; byte < dims * sizeof(float); byte += 64)
                            __builtin_prefetch(ahead + byte, 0, 1);
                    }
                    for (int t = 0; t < count; ++t)
                        dotRows(point(i), x.stride(), 1, candidates.row(std::size_t(t)), int(dims),
                            scores.data() + std::size_t(t) * n + i);
                }
            } else {
                for (int t = 0; t < count; ++t)
                    dotRows(x.row(r0), x.stride(), rn, candidates.row(std::size_t(t)), int(dims),
                        scores.data() + std::size_t(t) * n + r0);
            }
            for (int t = 0; t < count; ++t) {
                float *s = scores.data() + std::size_t(t) * n + r0;
                for (std::size_t i = 0; i < rn; ++i)
                    s[i] = std::max(0.0f, norms[r0 + i] + candidateNorms[std::size_t(t)] - 2.0f * s[i]);
            }
        });
    };

    std::size_t first = std::size_t(random.below(n));
    std::memcpy(candidates.row(0), point(first), dims * sizeof(float));
    distancesTo(1);
    for (std::size_t i = 0; i < n; ++i)
        closest[i] = scores[i];
    std::memcpy(centres.row(0), point(first), dims * sizeof(float));

    for (int c = 1; c < k; ++c) {
        if (control.cancelled())
            return {};
        double running = 0;
        for (std::size_t i = 0; i < n; ++i)
            cumulative[i] = running += closest[i];
        for (int t = 0; t < trials; ++t)
            std::memcpy(candidates.row(std::size_t(t)), point(drawWeighted(cumulative, random)), dims * sizeof(float));
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
