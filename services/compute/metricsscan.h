#pragma once

#include "control.h"
#include "embeddingmatrix.h"

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

// Building blocks shared by the sampled quality metrics (silhouette, trustworthiness, k-NN recall).
namespace compute::metrics {

// `count` distinct rows of [0, n) (or of the rows where keep[row] != 0), drawn with SplitMix from
// `seed`, ascending. All of them when count == 0 or count ≥ the eligible rows: then a metric is exact.
std::vector<std::uint32_t> sampleRows(
    std::size_t n, std::size_t count, std::uint64_t seed, const std::vector<std::uint8_t> *keep = nullptr);

// One block of inner products: scores[q * baseCount + j] = x.row(rows[first + q]) · x.row(baseBegin + j)
// for q < queryCount, j < baseCount.
struct ScoreBlock
{
    std::size_t first; // into the sampled rows
    std::size_t queryCount;
    std::size_t baseBegin;
    std::size_t baseCount;
    const float *scores;
};

// Streams the inner products of the sampled rows with every row of x through blocked SGEMM (OpenBLAS
// threads each GEMM), so the s × n score matrix is never held. For each base block, `visit` is called
// once; it typically spreads its per-row work over threads with parallelFor. Polls control between
// blocks and reports progress over [progressFrom, progressTo]. Returns false when cancelled.
bool scanScores(const EmbeddingMatrix &x, std::span<const std::uint32_t> rows, const Control &control,
    double progressFrom, double progressTo, const std::function<void(const ScoreBlock &)> &visit);

} // namespace compute::metrics
