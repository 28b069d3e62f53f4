#pragma once

#include "control.h"
#include "embeddingmatrix.h"

#include <cstdint>
#include <vector>

namespace compute {

// The assignment step shared by Lloyd, mini-batch k-means and assignToCentroids. Rows are processed
// in blocks: one SGEMM per block for the dot products, then a fixed number of lanes (independent of
// the thread count, so sums are added in the same order on any machine) pick the nearest centroid
// and, when asked, add each row into its cluster's running sum.
class KMeansAssigner
{
public:
    static constexpr int Lanes = 4;

    KMeansAssigner(const EmbeddingMatrix &centroids, int threads);

    struct Totals
    {
        std::vector<double> sums; // k × stride of the data
        std::vector<std::size_t> counts;
        double inertia = 0;
        std::size_t changed = 0; // rows whose label differs from the one in `labels` before the call
        // Rows farthest from their centroid (distance, row), farthest first: candidates for re-seeding
        // empty clusters.
        std::vector<std::pair<float, std::size_t>> farthest;
    };

    // Assigns rows [0, x.rows()), writing labels (and distances when non-null). With accumulate, the
    // totals carry per-cluster sums and counts. Returns false when cancelled.
    bool run(const EmbeddingMatrix &x, int *labels, float *distances, bool accumulate, Totals &totals,
        const Control &control = {}, std::size_t farthestWanted = 0);

private:
    const EmbeddingMatrix &m_centroids;
    std::vector<float> m_centroidNorms;
    int m_threads;
};

} // namespace compute
