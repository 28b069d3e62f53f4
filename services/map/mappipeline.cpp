// MapPipeline: the stages of a map run in order, with their share of the progress and their timings.
//
// Spaces: above 64 dimensions every row is reduced to its 50 main axes first (PCA-50; a few seconds at
// a million rows). k-means (and the automatic k, and the reported silhouette) work on the unit rows of
// that reduction: on the demo workspace this finds the topics far better than k-means on the raw
// embeddings (adjusted Rand index about 0.85 against 0.69 at k = 24: the reduction drops the per-word
// noise of hashed embeddings, and unit rows make k-means compare directions, as cosine does) at a
// thirtieth of the cost. The k-NN graph of the neighbour layout uses the embeddings themselves up to
// 50,000 rows (the best neighbours, still cheap) and the reduction's unit rows above.
#include "map/mappipeline.h"

#include "compute/clustermetrics.h"
#include "compute/densityclustering.h"
#include "compute/knngraph.h"
#include "compute/neighborlayout.h"
#include "compute/pca.h"
#include "compute/sampling.h"
#include "compute/splitmix.h"
#include "map/mappipelinestages.h"

#include <QElapsedTimer>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace {

constexpr int ReducedDims = 50;
constexpr std::size_t FullDimensionsUpTo = 50000;
constexpr std::size_t LayoutRows = 200000; // above: lay out a sample, place the rest by their neighbours
constexpr int GraphNeighbours = 15;
constexpr int PlacementNeighbours = 3;
constexpr int ClusterLinks = 3; // of the GraphNeighbours: edges to random members of the row's own cluster

// Stage ranges of the whole progress: reduction, clustering (k-means runs first: the layout starts from
// it), graph, layout, placement, clustering (density clustering runs last: it clusters the layout),
// keywords, metrics.
constexpr double ReduceEnd = 0.08, EarlyClusterEnd = 0.3, GraphEnd = 0.4, LayoutEnd = 0.75, PlaceEnd = 0.8,
                 ClusterEnd = 0.88, KeywordEnd = 0.95;
constexpr int GuideClustersMax = 48; // density clustering: the k-means that only places the layout's start

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

// Clusters numbered by size, largest first (ties: the lower old number), empty ones dropped; noise stays −1.
int renumberBySize(std::vector<int> &labels, int k)
{
    std::vector<std::size_t> sizes(std::size_t(std::max(k, 0)), 0);
    for (int l : labels) {
        if (l >= 0 && l < k)
            ++sizes[std::size_t(l)];
    }
    std::vector<int> order(sizes.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(
        order.begin(), order.end(), [&](int a, int b) { return sizes[std::size_t(a)] > sizes[std::size_t(b)]; });
    std::vector<int> newLabel(sizes.size(), -1);
    int next = 0;
    for (int old : order) {
        if (sizes[std::size_t(old)] > 0)
            newLabel[std::size_t(old)] = next++;
    }
    for (int &l : labels)
        l = l >= 0 && l < k ? newLabel[std::size_t(l)] : -1;
    return next;
}

QString algorithmName(MapClustering clustering)
{
    switch (clustering) {
    case MapClustering::KMeans:
        return QStringLiteral("kmeans");
    case MapClustering::KMeansAuto:
        return QStringLiteral("kmeans-auto");
    case MapClustering::Density:
        return QStringLiteral("density");
    }
    return {};
}

} // namespace

Result<ClusterRun> MapPipeline::run(const compute::EmbeddingMatrix &vectors, const std::vector<QUuid> &ids,
    const std::vector<std::string> &texts, const MapParams &params, const compute::Control &control)
{
    const std::size_t n = vectors.rows();
    if (n < 3)
        return makeError(Error::InvalidInput, tr("A map needs at least three points."));
    if (ids.size() != n || (!texts.empty() && texts.size() != n))
        return makeError(Error::InvalidInput, tr("A map needs one id (and one text, if any) per vector."));
    if (vectors.firstNonFiniteRow() != n)
        return makeError(Error::InvalidInput, tr("A vector of the map holds a value that is not a number."));
    const Error cancelled = makeError(Error::Cancelled, tr("The map was cancelled."));
    const MapStages::Progress progress(control);
    QJsonObject timings, quality;
    QElapsedTimer total, timer;
    total.start();
    timer.start();
    const auto lap = [&](const QString &stage) {
        timings.insert(stage, double(timer.nsecsElapsed()) / 1e9);
        timer.restart();
    };

    // 1. The PCA-50 reduction.
    const bool reduce = vectors.dims() > 64;
    compute::EmbeddingMatrix reduced;
    if (reduce) {
        reduced = MapStages::reduceDimensions(vectors, ReducedDims, params.seed, progress.stage(0, ReduceEnd));
        if (reduced.empty() || control.cancelled())
            return cancelled;
        lap(QStringLiteral("reduce"));
    }
    compute::EmbeddingMatrix reducedUnit;
    if (reduce)
        reducedUnit = MapStages::unitRows(reduced);
    const compute::EmbeddingMatrix &graphSpace = reduce && n > FullDimensionsUpTo ? reducedUnit : vectors;
    const compute::EmbeddingMatrix &clusterSpace = reduce ? reducedUnit : vectors;
    quality.insert(
        QStringLiteral("clusteringSpace"), reduce ? QStringLiteral("pca50-unit") : QStringLiteral("embedding"));
    quality.insert(QStringLiteral("graphSpace"),
        &graphSpace == &vectors ? QStringLiteral("embedding") : QStringLiteral("pca50-unit"));

    // 2. Clustering: k-means on the vectors first (the layout starts from it); density clustering of the
    // layout after it.
    MapStages::Clusters clusters;
    const bool clusterFirst = params.clustering != MapClustering::Density;
    const compute::Control clusterControl
        = clusterFirst ? progress.stage(ReduceEnd, EarlyClusterEnd) : progress.stage(PlaceEnd, ClusterEnd);
    if (params.clustering == MapClustering::KMeans) {
        clusters = MapStages::kmeansClusters(clusterSpace, params.k, params.seed, clusterControl);
    } else if (params.clustering == MapClustering::KMeansAuto) {
        clusters = MapStages::kmeansAutoClusters(
            clusterSpace, clusterSpace, params.kMin, params.kMax, params.seed, clusterControl);
        quality.insert(QStringLiteral("kCandidates"), clusters.candidates);
    }
    if (clusters.cancelled || control.cancelled())
        return cancelled;
    if (clusterFirst)
        lap(QStringLiteral("clustering"));

    // 3. The projection: PCA-2 (the reduction's first two axes when there is one), then the neighbour layout.
    std::vector<float> xy;
    if (reduce) {
        xy = MapStages::firstTwoColumns(reduced);
    } else {
        compute::PcaOptions options;
        options.seed = params.seed;
        xy = compute::pca(vectors, options, progress.stage(0, ReduceEnd)).coordinates;
    }
    if (xy.size() != 2 * n || control.cancelled())
        return cancelled;
    QString projectionUsed = QStringLiteral("pca");
    if (params.projection == MapProjection::NeighbourLayout) {
        compute::SplitMix random(params.seed);
        std::vector<std::size_t> sampled;
        compute::EmbeddingMatrix sampleRows;
        // Start from the clusters (k-means' own, or a guide k-means for density clustering).
        MapStages::Clusters guide;
        if (!clusterFirst) {
            const int guideK = std::clamp(int(std::lround(std::sqrt(double(n) / 10.0))), 3, GuideClustersMax);
            guide = MapStages::kmeansClusters(
                clusterSpace, guideK, params.seed, progress.stage(ReduceEnd, EarlyClusterEnd));
            if (guide.cancelled || control.cancelled())
                return cancelled;
        }
        const MapStages::Clusters &guiding = clusterFirst ? clusters : guide;
        std::vector<float> guided = MapStages::guidedStart(clusterSpace, guiding.labels, guiding.k, xy, params.seed);
        std::vector<float> start;
        if (n > LayoutRows) {
            sampled = compute::sampleRows(n, LayoutRows, random);
            sampleRows = compute::gatherRows(graphSpace, sampled);
            for (std::size_t s : sampled)
                start.insert(start.end(), { guided[2 * s], guided[2 * s + 1] });
        } else {
            start = std::move(guided);
        }
        const compute::EmbeddingMatrix &layoutRows = sampled.empty() ? graphSpace : sampleRows;
        compute::KnnGraphOptions graphOptions;
        graphOptions.k = GraphNeighbours;
        graphOptions.seed = params.seed;
        compute::KnnGraph graph
            = compute::approximateKnnGraph(layoutRows, graphOptions, progress.stage(EarlyClusterEnd, GraphEnd));
        if (graph.empty() || control.cancelled())
            return cancelled;
        std::vector<int> layoutLabels = guiding.labels;
        if (!sampled.empty()) {
            layoutLabels.resize(sampled.size());
            for (std::size_t s = 0; s < sampled.size(); ++s)
                layoutLabels[s] = guiding.labels[sampled[s]];
        }
        MapStages::linkWithinClusters(graph, layoutLabels, ClusterLinks, params.seed);
        compute::LayoutOptions layoutOptions;
        layoutOptions.seed = params.seed;
        std::vector<float> layout
            = compute::neighborLayout(graph, std::move(start), layoutOptions, progress.stage(GraphEnd, LayoutEnd));
        if (layout.empty() || control.cancelled())
            return cancelled;
        if (sampled.empty()) {
            xy = std::move(layout);
            projectionUsed = QStringLiteral("neighbourLayout");
        } else {
            xy = MapStages::placeFromSample(
                graphSpace, sampled, layout, PlacementNeighbours, params.seed, progress.stage(LayoutEnd, PlaceEnd));
            if (xy.size() != 2 * n || control.cancelled())
                return cancelled;
            projectionUsed = QStringLiteral("neighbourLayoutSampled");
            quality.insert(QStringLiteral("layoutSample"), qint64(sampled.size()));
        }
    }
    quality.insert(QStringLiteral("projectionUsed"), projectionUsed);
    progress.reach(PlaceEnd);
    lap(QStringLiteral("projection"));

    // 4. Density clustering of the layout.
    if (params.clustering == MapClustering::Density) {
        compute::DensityClusteringOptions options;
        options.minClusterSize = std::size_t(std::max(0, params.minClusterSize));
        compute::DensityClusteringResult density = compute::densityClustering(xy, options, clusterControl);
        if (density.status == compute::Status::Cancelled || control.cancelled())
            return cancelled;
        if (density.status == compute::Status::Ok) {
            clusters.labels = std::move(density.labels);
            clusters.k = density.clusterCount;
        }
        lap(QStringLiteral("clustering"));
    }
    if (clusters.labels.size() != n)
        return makeError(Error::Internal, tr("The clustering of the map failed."));
    const int k = renumberBySize(clusters.labels, clusters.k);
    progress.reach(ClusterEnd);

    // 5. Keywords.
    const auto keywords = MapStages::clusterKeywords(texts, clusters.labels, k, params.seed);
    if (control.cancelled())
        return cancelled;
    progress.reach(KeywordEnd);
    lap(QStringLiteral("keywords"));

    // 6. Quality numbers and the per-cluster infos.
    compute::MetricOptions metric;
    metric.seed = params.seed;
    const double silhouette
        = compute::silhouette(clusterSpace, clusters.labels, metric, progress.stage(KeywordEnd, 0.99));
    if (control.cancelled())
        return cancelled;
    const std::vector<double> cohesion = MapStages::clusterCohesion(vectors, clusters.labels, k);
    ClusterRun run;
    run.clusters = std::move(clusters.labels);
    qint64 noise = 0;
    const QJsonArray infos
        = MapStages::clusterSummaries(xy, run.clusters, k, keywords, cohesion, run.clusterNames, noise);
    quality.insert(QStringLiteral("silhouette"), number(silhouette));
    quality.insert(QStringLiteral("k"), k);
    quality.insert(QStringLiteral("noise"), double(noise) / double(n));
    quality.insert(QStringLiteral("clusters"), infos);
    lap(QStringLiteral("metrics"));
    timings.insert(QStringLiteral("total"), double(total.nsecsElapsed()) / 1e9);

    run.name = params.describe();
    run.algorithm = algorithmName(params.clustering);
    run.params = params.toJson();
    run.quality = quality;
    run.timings = timings;
    run.seed = params.seed;
    run.memberIds = ids;
    run.x.resize(n);
    run.y.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        run.x[i] = xy[2 * i];
        run.y[i] = xy[2 * i + 1];
    }
    progress.reach(1.0);
    return run;
}
