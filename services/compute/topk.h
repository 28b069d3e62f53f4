#pragma once

#include "embeddingmatrix.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace compute {

struct Neighbor
{
    float score = 0.0f; // inner product; cosine for normalised rows
    std::uint32_t index = 0; // row of the base matrix
};

struct SearchOptions
{
    int k = 10;
    const std::uint8_t *mask = nullptr; // filtered search: only rows with mask[row] != 0 (nullptr: all)
    const std::atomic<bool> *cancel = nullptr; // checked between blocks
};

// Exact top-k by inner product, best first (ties: lower index first). Batch: many queries through
// blocked SGEMM (OpenBLAS) with the top-k selection fused per block, so the full query × base score
// matrix is never built. Returns an empty result when cancelled.
std::vector<std::vector<Neighbor>> searchBatch(
    const EmbeddingMatrix &base, const EmbeddingMatrix &queries, const SearchOptions &options = {});

// The same over `count` query rows that lie `stride` floats apart (a slice of a matrix, no copy).
std::vector<std::vector<Neighbor>> searchBatch(const EmbeddingMatrix &base, const float *queries, std::size_t count,
    std::size_t stride, const SearchOptions &options = {});

// One query (interactive search): one streaming pass over the base, memory-bandwidth bound.
std::vector<Neighbor> searchOne(const EmbeddingMatrix &base, const float *query, const SearchOptions &options = {});

} // namespace compute
