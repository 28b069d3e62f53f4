#pragma once

#include <span>
#include <vector>

namespace compute {

// Matches the clusters of labeling `b` to those of `a` (same items, same order) so that the matched pairs
// share as many items as possible: an optimal assignment (Hungarian algorithm) on the contingency table.
// Returns, for every label value l ≥ 0 of b (index l), the label of a it is matched with; a cluster of b
// left without a partner (b has more clusters than a) gets a fresh label above every label of a, so it
// never takes another cluster's colour. −1 (noise) is never matched. Empty if the sizes differ.
std::vector<int> matchClusters(std::span<const int> a, std::span<const int> b);

// Minimum-cost assignment of rows to columns of a rows × cols cost matrix (row-major); returns per row
// its column, or −1 when rows > cols and the row is left over. O(n³).
std::vector<int> minimumCostAssignment(const std::vector<double> &cost, int rows, int cols);

} // namespace compute
