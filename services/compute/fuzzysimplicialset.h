#pragma once

#include "knngraph.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace compute {

// A weighted sparse graph in CSR form: row i's edges are columns[offsets[i] … offsets[i+1]-1], sorted by
// column, with weights (membership strengths in (0, 1]) beside them. After fuzzySimplicialSet() it is
// symmetric: every edge i→j has its twin j→i with the same weight.
struct FuzzyGraph
{
    std::size_t n = 0;
    std::vector<std::size_t> offsets; // n + 1 entries (empty when n == 0)
    std::vector<std::uint32_t> columns;
    std::vector<float> weights;

    std::size_t edgeCount() const { return columns.size(); }
    std::size_t degree(std::size_t i) const { return offsets[i + 1] - offsets[i]; }
};

// Per-point scale of the smooth k-NN distances: rho is the distance to the nearest neighbour that is
// not a duplicate, sigma the bandwidth that makes the row's memberships sum to log2(k).
struct LocalScale
{
    float rho = 0.0f;
    float sigma = 0.0f;
};

// Directed memberships exp(−(d − rho)/sigma) of every point's k-NN row, as umap-learn's smooth_knn_dist
// and compute_membership_strengths do (local connectivity 1). Neighbour slots that are out of range,
// the point itself, repeated or non-finite are skipped, so short rows (n < k + 1) and duplicate
// points are fine. Rows are sorted by column. `scales`, when given, receives rho and sigma per point.
FuzzyGraph fuzzyMemberships(const KnnGraph &graph, int threads = 0, std::vector<LocalScale> *scales = nullptr);

// Fuzzy union of a directed membership graph with its transpose: w(i,j) = a + b − a·b with a = w(i→j),
// b = w(j→i) (0 where absent). The result is symmetric.
FuzzyGraph fuzzyUnion(const FuzzyGraph &directed);

// The fuzzy simplicial set of a k-NN graph: fuzzyUnion(fuzzyMemberships(graph)). Deterministic;
// `threads` (0: hardware concurrency) only changes the speed. Pure function, callable from any thread.
FuzzyGraph fuzzySimplicialSet(const KnnGraph &graph, int threads = 0);

} // namespace compute
