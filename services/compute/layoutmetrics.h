#pragma once

#include "clustermetrics.h"
#include "knngraph.h"

#include <span>

// How faithfully a 2-D map or an approximate neighbour graph keeps the neighbourhoods of the
// embedding. High-dimensional neighbours are by cosine distance (rows must be unit length: ranking by
// descending inner product); map neighbours by Euclidean distance. The layout is n × 2 packed floats
// (x, y), one point per row of the data, finite. Pure functions, safe from any thread; NaN when the
// input does not fit or the call was cancelled.
namespace compute {

// Trustworthiness@k as sklearn.manifold.trustworthiness: 1 − 2 / (n·k·(2n − 3k − 1)) · Σ_i Σ_{j ∈ U_i}
// (r(i, j) − k), where U_i are i's k nearest on the map that are not among its k nearest in the data
// and r(i, j) is j's rank among i's neighbours in the data (1 = nearest, i itself excluded). Equal
// similarities rank in j's favour. With a sample of s < n rows the inner sum is averaged over the
// sample and scaled by n. Needs 1 ≤ k and 3k < 2n − 1. Cost O(s · n · d) in SGEMM: every sampled row
// is compared with every row, since a rank needs them all.
double trustworthiness(const EmbeddingMatrix &data, std::span<const float> layout, int k,
    const MetricOptions &options = {}, const Control &control = {});

// Mean fraction of each sampled row's true k nearest neighbours in the data (exact, by SGEMM) that are
// also among its k nearest on the map. 1 for a perfect layout; about k/n for a random one.
double layoutKnnRecall(const EmbeddingMatrix &data, std::span<const float> layout, int k,
    const MetricOptions &options = {}, const Control &control = {});

// The same for an approximate neighbour graph over the data: recall@graph.k of its neighbour lists.
double graphKnnRecall(
    const EmbeddingMatrix &data, const KnnGraph &graph, const MetricOptions &options = {}, const Control &control = {});

} // namespace compute
