// MapPipeline's projection stage: PCA-2, or the neighbour layout on a k-NN graph, started from and held
// together by a clustering of its own, its points then kept a minimum distance apart (keepApart). The layout never
// reads the clustering the user chose, so runs that differ only in clustering can share one picture (MapService reuses
// a saved run's x/y).
#include "map/mappipelinestages.h"

#include "compute/neighborlayout.h"
#include "compute/pca.h"
#include "compute/sampling.h"
#include "compute/splitmix.h"

#include <algorithm>
#include <cmath>

namespace MapStages {

namespace {

constexpr std::size_t LayoutRows = 200000; // above: lay out a sample, place the rest by their neighbours
constexpr int GraphNeighbours = 15;
constexpr int PlacementNeighbours = 3;
constexpr int ClusterLinks = 3; // of the GraphNeighbours: edges to random members of the row's guide cluster
constexpr int GuideClustersMax = 48;

} // namespace

int guideClusterCount(std::size_t rows)
{
    return std::clamp(int(std::lround(std::sqrt(double(rows) / 10.0))), 3, GuideClustersMax);
}

Projection project(const ProjectionInput &in, const compute::Control &guideControl,
    const compute::Control &graphControl, const compute::Control &layoutControl, const compute::Control &placeControl)
{
    Projection out;
    const std::size_t n = in.vectors.rows();
    const auto stopped = [&out] {
        out.cancelled = true;
        out.xy.clear();
        return out;
    };
    if (in.reduced.empty()) {
        compute::PcaOptions options;
        options.seed = in.seed;
        out.xy = compute::pca(in.vectors, options, guideControl).coordinates;
    } else {
        out.xy = firstTwoColumns(in.reduced);
    }
    if (out.xy.size() != 2 * n || guideControl.cancelled())
        return stopped();
    out.used = QStringLiteral("pca");
    if (!in.neighbourLayout)
        return out;

    // The start: every row at its guide cluster's place, so topics begin apart and the layout only has to
    // settle them (a random or PCA start leaves topics tangled on large sets).
    const Clusters guide = kmeansClusters(in.clusterSpace, guideClusterCount(n), in.seed, guideControl);
    if (guide.cancelled || guideControl.cancelled() || guide.labels.size() != n)
        return stopped();
    std::vector<float> guided = guidedStart(in.clusterSpace, guide.labels, guide.k, out.xy, in.seed);
    compute::SplitMix random(in.seed);
    std::vector<std::size_t> sampled;
    compute::EmbeddingMatrix sampleRows;
    std::vector<float> start;
    std::vector<int> layoutLabels = guide.labels;
    if (n > LayoutRows) {
        sampled = compute::sampleRows(n, LayoutRows, random);
        sampleRows = compute::gatherRows(in.graphSpace, sampled);
        layoutLabels.resize(sampled.size());
        for (std::size_t s = 0; s < sampled.size(); ++s) {
            start.insert(start.end(), { guided[2 * sampled[s]], guided[2 * sampled[s] + 1] });
            layoutLabels[s] = guide.labels[sampled[s]];
        }
    } else {
        start = std::move(guided);
    }
    const compute::EmbeddingMatrix &layoutRows = sampled.empty() ? in.graphSpace : sampleRows;
    compute::KnnGraphOptions graphOptions;
    graphOptions.k = GraphNeighbours;
    graphOptions.seed = in.seed;
    compute::KnnGraph graph = compute::approximateKnnGraph(layoutRows, graphOptions, graphControl);
    if (graph.empty() || graphControl.cancelled())
        return stopped();
    linkWithinClusters(graph, layoutLabels, ClusterLinks, in.seed);
    compute::LayoutOptions layoutOptions;
    layoutOptions.seed = in.seed;
    std::vector<float> layout = compute::neighborLayout(graph, std::move(start), layoutOptions, layoutControl);
    if (layout.empty() || layoutControl.cancelled())
        return stopped();
    if (sampled.empty()) {
        out.xy = std::move(layout);
        out.used = QStringLiteral("neighbourLayout");
    } else {
        out.xy = placeFromSample(in.graphSpace, sampled, layout, PlacementNeighbours, in.seed, placeControl);
        if (out.xy.size() != 2 * n || placeControl.cancelled())
            return stopped();
        out.used = QStringLiteral("neighbourLayoutSampled");
        out.layoutSample = qint64(sampled.size());
    }
    out.minimumDistance = minimumDistanceFor(out.xy);
    keepApart(out.xy, out.minimumDistance, in.seed, placeControl);
    if (placeControl.cancelled())
        return stopped();
    return out;
}

} // namespace MapStages
