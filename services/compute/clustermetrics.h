#pragma once

#include "control.h"
#include "embeddingmatrix.h"

#include <cstdint>
#include <span>

// Quality numbers for a clustering: how tight (inertia), how well separated (silhouette), and how
// much two clusterings agree (adjusted Rand index, normalised mutual information). Pure functions,
// safe to call from any thread. A metric that is undefined for its input, or was cancelled, is NaN.
namespace compute {

struct MetricOptions
{
    std::size_t sampleSize = 1000; // rows the metric is averaged over; 0 or ≥ the rows: all, exact
    std::uint64_t seed = 42;
    int threads = 0; // 0: all hardware threads (GEMMs use OpenBLAS's own threads)
};

// Σ ‖x_i − c_label(i)‖² over rows whose label is in [0, k); centroids are k × x.dims() packed floats
// (k = centroids.size() / dims). Rows labelled −1 (noise) are skipped. NaN if labels.size() differs
// from the rows or a label is ≥ k.
double inertia(const EmbeddingMatrix &x, std::span<const int> labels, std::span<const float> centroids);

// Mean silhouette coefficient with Euclidean distance (on unit rows a monotone function of cosine
// distance: ‖a − b‖ = √(2 − 2 cos)). Rows labelled −1 are noise: neither sampled nor counted in any
// cluster. s(i) = (b − a) / max(a, b), 0 for a row alone in its cluster, as sklearn's silhouette_score.
// Sampling differs from sklearn on purpose: each sampled row is compared with ALL rows rather than with
// the other sampled rows, which gives a much steadier estimate for the same sample; with a sample ≥ n
// both are exact and agree. Cost O(s · n · d) through SGEMM. NaN with fewer than two clusters.
double silhouette(const EmbeddingMatrix &x, std::span<const int> labels, const MetricOptions &options = {},
    const Control &control = {});

// Agreement of two labelings of the same items, 1 for identical partitions whatever the label values.
// Every value, −1 included, is a class of its own (as sklearn). NaN if the sizes differ.
// ARI: Rand index adjusted for chance (0 for random labelings, can be negative), as
// sklearn.metrics.adjusted_rand_score. NMI: mutual information over the arithmetic mean of the two
// entropies, as sklearn.metrics.normalized_mutual_info_score with its default average_method.
double adjustedRandIndex(std::span<const int> a, std::span<const int> b);
double normalizedMutualInformation(std::span<const int> a, std::span<const int> b);

} // namespace compute
