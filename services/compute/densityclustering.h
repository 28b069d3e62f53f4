#pragma once

#include "control.h"
#include "status.h"

#include <cstddef>
#include <span>
#include <vector>

namespace compute {

struct DensityClusteringOptions
{
    // Density is measured by the distance to the minSamples-th nearest point, the point itself counted
    // (the "core distance", as in the hdbscan library). Larger: smoother density, more points as noise.
    int minSamples = 10;
    // The smallest group reported as a cluster; smaller groups that break off are noise.
    // 0: max(15, n / 500), so a large map gets a readable number of clusters.
    std::size_t minClusterSize = 0;
    int threads = 0; // 0: all hardware threads
};

struct DensityClusteringResult
{
    Status status = Status::Ok;
    std::vector<int> labels; // per point: 0 … clusterCount − 1, or −1 for noise
    int clusterCount = 0;
    std::size_t noiseCount = 0;
    std::vector<std::size_t> clusterSizes; // per cluster, largest first (labels are numbered by size)
    std::vector<double> clusterStability; // per cluster: excess of mass, higher = more persistent
};

// HDBSCAN on a 2-D map (points: n × 2 packed floats, Euclidean), so a map gets clusters without
// choosing their number. Core distances come from a k-d tree. The minimum spanning tree of the mutual
// reachability distance max(core(a), core(b), ‖a − b‖) is exact: Borůvka rounds in which most points
// settle their lightest outgoing edge from their k-NN list and the rest search the tree. Its
// single-linkage hierarchy is condensed with minClusterSize and clusters are picked by excess of
// mass, as the hdbscan library with allow_single_cluster=False: the root is never a cluster, so a
// single uniform blob comes out as noise (points that are all identical: one cluster). O(n log n);
// deterministic for any thread count. Polls control; when cancelled returns Status::Cancelled and no
// labels. Non-finite coordinates: Status::NonFiniteInput; an odd number of floats: InvalidArgument.
DensityClusteringResult densityClustering(
    std::span<const float> points, const DensityClusteringOptions &options = {}, const Control &control = {});

} // namespace compute
