#pragma once

#include "densityclusteringmst.h"

#include <cstddef>
#include <vector>

namespace compute::density {

struct Selection
{
    std::vector<int> labels; // per point: index into stability, or −1 for noise (not yet ordered by size)
    std::vector<double> stability; // per selected cluster
};

// HDBSCAN's second half: the single-linkage hierarchy of the spanning tree (edges sorted ascending),
// condensed so that a split counts only when both sides keep at least minClusterSize points (smaller
// pieces "fall out" as noise at that density λ = 1 / distance), then the clusters with the most excess
// of mass Σ (λ_fallout − λ_birth), never the root. Distances below minDistance count as minDistance
// so duplicate points get a large but finite λ.
Selection selectClusters(std::size_t n, const std::vector<Edge> &edges, std::size_t minClusterSize, float minDistance);

} // namespace compute::density
