#include "densityclustering.h"
#include "densityclusteringhierarchy.h"
#include "densityclusteringmst.h"
#include "planetree.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace compute {
namespace {

DensityClusteringResult stopped(Status status)
{
    DensityClusteringResult result;
    result.status = status;
    return result;
}

// Clusters numbered by size, largest first (ties: the one holding the lowest point), sizes filled in.
DensityClusteringResult ordered(density::Selection selection)
{
    const std::size_t clusters = selection.stability.size();
    std::vector<std::size_t> sizes(clusters, 0), first(clusters, selection.labels.size());
    for (std::size_t p = 0; p < selection.labels.size(); ++p) {
        if (const int l = selection.labels[p]; l >= 0) {
            ++sizes[std::size_t(l)];
            first[std::size_t(l)] = std::min(first[std::size_t(l)], p);
        }
    }
    std::vector<int> byRank(clusters);
    std::iota(byRank.begin(), byRank.end(), 0);
    std::sort(byRank.begin(), byRank.end(), [&](int a, int b) {
        const std::size_t ua = std::size_t(a), ub = std::size_t(b);
        return sizes[ua] != sizes[ub] ? sizes[ua] > sizes[ub] : first[ua] < first[ub];
    });
    std::vector<int> rankOf(clusters);
    DensityClusteringResult result;
    for (std::size_t r = 0; r < clusters; ++r) {
        rankOf[std::size_t(byRank[r])] = int(r);
        result.clusterSizes.push_back(sizes[std::size_t(byRank[r])]);
        result.clusterStability.push_back(selection.stability[std::size_t(byRank[r])]);
    }
    result.labels = std::move(selection.labels);
    for (int &l : result.labels) {
        if (l >= 0)
            l = rankOf[std::size_t(l)];
        else
            ++result.noiseCount;
    }
    result.clusterCount = int(clusters);
    return result;
}

} // namespace

DensityClusteringResult densityClustering(
    std::span<const float> points, const DensityClusteringOptions &options, const Control &control)
{
    const std::size_t n = points.size() / 2;
    if (points.size() % 2 != 0 || options.minSamples < 1)
        return stopped(Status::InvalidArgument);
    float extent = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!std::isfinite(points[i]))
            return stopped(Status::NonFiniteInput);
        extent = std::max(extent, std::abs(points[i]));
    }
    const std::size_t minClusterSize = std::max<std::size_t>(
        2, options.minClusterSize ? options.minClusterSize : std::max<std::size_t>(15, n / 500));
    if (n < 2) {
        DensityClusteringResult result;
        result.labels.assign(n, -1);
        result.noiseCount = n;
        return result;
    }
    const PlaneTree tree(points.data(), n);
    // Enough neighbours for the core distance and to settle most points' lightest edge without a search.
    const int k = int(std::min<std::size_t>(n - 1, std::size_t(std::max(options.minSamples, 10))));
    if (double(n) * k >= double(PlaneTree::None))
        return stopped(Status::InvalidArgument); // edge slots n · k must fit 32 bits
    const density::Neighbourhood hood = density::neighbourhood(tree, options.minSamples, k, options.threads, control);
    if (hood.core.empty())
        return stopped(Status::Cancelled);
    const std::vector<density::Edge> edges = density::spanningTree(tree, hood, options.threads, control);
    if (edges.size() + 1 != n || control.cancelled())
        return stopped(Status::Cancelled);
    DensityClusteringResult result;
    if (edges.front().weight == edges.back().weight) {
        // One density everywhere (all points identical, or just two): there is nothing to split,
        // and the root-never rule below would report no cluster at all.
        const bool cluster = n >= minClusterSize;
        result.labels.assign(n, cluster ? 0 : -1);
        result.clusterCount = cluster ? 1 : 0;
        result.noiseCount = cluster ? 0 : n;
        if (cluster) {
            result.clusterSizes = { n };
            result.clusterStability = { 0.0 };
        }
    } else {
        // λ = 1 / distance; positions are floats, so closer than ~1e-6 of the extent means "the same".
        const float minDistance = std::max(extent * 1e-6f, std::numeric_limits<float>::min());
        result = ordered(density::selectClusters(n, edges, minClusterSize, minDistance));
    }
    control.report(1.0);
    return result;
}

} // namespace compute
