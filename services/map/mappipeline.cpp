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
#include "map/mappipelinestages.h"

#include <QElapsedTimer>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace {

constexpr int ReducedDims = 50;
constexpr std::size_t FullDimensionsUpTo = 50000;

// Stage ranges of the whole progress: reduction, k-means clustering, the layout's guide clustering,
// graph, layout, placement, density clustering (it clusters the layout), keywords, metrics.
constexpr double ReduceEnd = 0.08, EarlyClusterEnd = 0.2, GuideEnd = 0.3, GraphEnd = 0.4, LayoutEnd = 0.75,
                 PlaceEnd = 0.8, ClusterEnd = 0.88, KeywordEnd = 0.95;

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

QString MapPipeline::projectionKey(const MapParams &params)
{
    return ClusterRunStore::paramsHash(params.projectionJson(), params.seed);
}

Result<ClusterRun> MapPipeline::run(const compute::EmbeddingMatrix &vectors, const std::vector<QUuid> &ids,
    const std::vector<std::string> &texts, const MapParams &params, const compute::Control &control)
{
    return run(vectors, ids, texts, params, {}, control);
}

Result<ClusterRun> MapPipeline::run(const compute::EmbeddingMatrix &vectors, const std::vector<QUuid> &ids,
    const std::vector<std::string> &texts, const MapParams &params, std::vector<float> projection,
    const compute::Control &control)
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

    // 2. Clustering: k-means on the vectors first; density clustering of the layout after it.
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
        quality.insert(QStringLiteral("kCriterion"), clusters.criterion);
    }
    if (clusters.cancelled || control.cancelled())
        return cancelled;
    if (clusterFirst)
        lap(QStringLiteral("clustering"));

    // 3. The projection, unless a saved run with the same projection parameters on the same data gave it.
    std::vector<float> xy;
    if (projection.size() == 2 * n) {
        xy = std::move(projection);
        quality.insert(QStringLiteral("projectionUsed"), QStringLiteral("reused"));
    } else {
        const MapStages::ProjectionInput input { vectors, reduced, clusterSpace, graphSpace,
            params.projection == MapProjection::NeighbourLayout, params.seed };
        MapStages::Projection projected
            = MapStages::project(input, progress.stage(EarlyClusterEnd, GuideEnd), progress.stage(GuideEnd, GraphEnd),
                progress.stage(GraphEnd, LayoutEnd), progress.stage(LayoutEnd, PlaceEnd));
        if (projected.cancelled || projected.xy.size() != 2 * n || control.cancelled())
            return cancelled;
        xy = std::move(projected.xy);
        quality.insert(QStringLiteral("projectionUsed"), projected.used);
        if (projected.minimumDistance > 0)
            quality.insert(QStringLiteral("minimumDistance"), projected.minimumDistance);
        if (projected.layoutSample > 0)
            quality.insert(QStringLiteral("layoutSample"), projected.layoutSample);
    }
    quality.insert(QStringLiteral("projectionKey"), projectionKey(params));
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
