#pragma once

#include "compute/control.h"
#include "compute/embeddingmatrix.h"
#include "map/clusterrunstore.h"
#include "map/mapparams.h"

#include <QCoreApplication>

#include <string>
#include <vector>

// Per cluster of a finished run, as the cluster list shows it. Saved inside the run (quality["clusters"]),
// so a reopened run has it without its vectors.
struct MapClusterInfo
{
    int cluster = 0;
    qint64 size = 0;
    QStringList keywords; // best first (c-TF-IDF)
    double cohesion = 0; // mean cosine similarity of the members to their centroid (NaN if unknown)
    float centerX = 0, centerY = 0; // mean layout position
};

// Projection, clustering, keywords and quality numbers for a map, as one pure function a worker runs.
// Stages and their share of the progress: projection (PCA; or k-NN graph and neighbour layout started
// from a guide k-means of its own, so the picture does not depend on the clustering), clustering (k-means on the
// vectors, with automatic k by silhouette on a sample; or density clustering of the layout), keywords, metrics. Timings
// per stage in run.timings (seconds), quality: silhouette (sample), noise share, chosen k, per-cluster infos
// (MapPipeline::clusterInfos reads them). Large inputs stay tractable: above 200,000 points the neighbour layout is
// computed on a sample and the rest placed at the mean of their nearest sampled neighbours; keywords use at most 400
// texts per cluster.
class MapPipeline
{
    Q_DECLARE_TR_FUNCTIONS(MapPipeline)

public:
    // ids and texts have one entry per row of vectors (texts may be empty: no keywords). Cancelled →
    // Error::Cancelled; fewer than 3 rows or mismatched sizes → InvalidInput. The run's name is
    // params.describe(), clusterNames hold the top keywords ("oven · dough · flour"), params = params.toJson().
    static Result<ClusterRun> run(const compute::EmbeddingMatrix &vectors, const std::vector<QUuid> &ids,
        const std::vector<std::string> &texts, const MapParams &params, const compute::Control &control = {});
    // The same with the projection given: `projection` (n × 2 packed) is the x/y of a saved run whose
    // quality["projectionKey"] equals projectionKey(params) on the same data, and is used as it is (the
    // clustering and keywords are computed anew). Any other size computes the projection.
    static Result<ClusterRun> run(const compute::EmbeddingMatrix &vectors, const std::vector<QUuid> &ids,
        const std::vector<std::string> &texts, const MapParams &params, std::vector<float> projection,
        const compute::Control &control = {});

    // What identifies a run's projection (saved as quality["projectionKey"]): a hash of
    // params.projectionJson() and the seed.
    static QString projectionKey(const MapParams &params);

    static std::vector<MapClusterInfo> clusterInfos(const ClusterRun &run);
};
