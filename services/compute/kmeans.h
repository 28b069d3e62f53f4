#pragma once

#include "control.h"
#include "embeddingmatrix.h"
#include "status.h"

#include <cstdint>
#include <vector>

namespace compute {

struct KMeansOptions
{
    int k = 8;
    int maxIterations = 25; // Lloyd iterations (assignment + update); a final assignment follows
    double tolerance = 1e-4; // stop when inertia improves by less than this fraction; 0: run them all
    std::uint64_t seed = 42;
    int threads = 0; // 0: all hardware threads
    std::size_t seedingSample = 0; // rows k-means++ seeds from; 0: min(n, max(64·k, 8,192))
    std::size_t miniBatchAbove = 500000; // more rows than this: mini-batch updates instead of Lloyd
    std::size_t batchSize = 8192;
    int miniBatchSteps = 150;
    // Start from these centroids (k × dims packed, e.g. a saved run's) instead of k-means++.
    const std::vector<float> *initialCentroids = nullptr;
};

struct KMeansResult
{
    Status status = Status::Ok;
    std::size_t badRow = 0; // with Status::NonFiniteInput: the first row holding a NaN or infinity
    int k = 0;
    int dims = 0;
    std::vector<float> centroids; // k × dims, packed
    std::vector<int> labels; // one per row: the nearest centroid (ties: the lower index)
    std::vector<std::size_t> sizes; // rows per cluster; clusters beyond the distinct points stay empty
    double inertia = 0; // Σ ‖x − c(x)‖² over all rows for the returned centroids and labels
    int iterations = 0;
    bool converged = false;
    bool miniBatch = false;
};

// k-means on the rows of x (any rows, not necessarily unit length): greedy k-means++ seeding on a
// sample, Lloyd iterations whose distances come from SGEMM (‖x‖² − 2x·c + ‖c‖²), empty clusters
// re-seeded from the rows farthest from their centroid. The same seed gives the same result on any
// thread count. Cancellable between blocks of rows; progress is reported per iteration.
KMeansResult kmeans(const EmbeddingMatrix &x, const KMeansOptions &options, const Control &control = {});

// Nearest centroid for every row (centroids: k × dims packed); returns the inertia. For evaluating
// centroids that came from elsewhere (a saved run, another library).
double assignToCentroids(const EmbeddingMatrix &x, const std::vector<float> &centroids, int k, std::vector<int> &labels,
    int threads = 0);

} // namespace compute
