#pragma once

#include "control.h"
#include "embeddingmatrix.h"

#include <cstdint>
#include <vector>

namespace compute {

// k nearest neighbours of every row of a matrix of unit rows, by cosine distance (1 − cos). Row i's
// neighbours are indices[i*k … i*k+k-1], nearest first, never i itself; distances[] runs beside them.
struct KnnGraph
{
    std::size_t n = 0;
    int k = 0;
    std::vector<std::uint32_t> indices;
    std::vector<float> distances;

    bool empty() const { return n == 0; }
    const std::uint32_t *neighbors(std::size_t i) const { return indices.data() + i * std::size_t(k); }
    const float *distancesOf(std::size_t i) const { return distances.data() + i * std::size_t(k); }
};

struct KnnGraphOptions
{
    int k = 15;
    int probes = 4; // partitions searched per partition (its own and the nearest others)
    int threads = 0; // 0: hardware concurrency
    std::uint64_t seed = 42;
};

// Exact graph by blocked SGEMM: O(n²·d), for small n and as the reference in tests.
KnnGraph exactKnnGraph(const EmbeddingMatrix &data, int k, const Control &control = {});

// Approximate graph: partitions the rows with k-means (about 400 rows each), then searches each
// partition's rows among the rows of the partitions whose centroids are nearest to its own, one
// SGEMM per partition. Exact below 6,000 rows. Deterministic for a seed. Empty when cancelled.
KnnGraph approximateKnnGraph(const EmbeddingMatrix &data, const KnnGraphOptions &options, const Control &control = {});

} // namespace compute
