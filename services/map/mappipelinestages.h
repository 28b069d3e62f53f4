#pragma once

// Internal to MapPipeline's .cpp files: the stages of a map run as pure functions over matrices.

#include "compute/control.h"
#include "compute/embeddingmatrix.h"
#include "compute/knngraph.h"

#include <QHash>
#include <QJsonArray>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace MapStages {

// The whole run's progress, handed out in stage ranges; reports never go backwards, even when a
// stage's workers report out of order.
class Progress
{
public:
    explicit Progress(const compute::Control &control);
    // A control for one stage: its fractions land in [from, to] of the whole; cancellation is shared.
    compute::Control stage(double from, double to) const;
    void reach(double fraction) const;

private:
    const compute::Control *m_control;
    std::shared_ptr<std::atomic<double>> m_last;
};

// The rows' coordinates on their `components` main axes (centred, axes by decreasing variance),
// n × components. The axes come from a randomized range finder on a sample of at most 20,000 rows
// (a sampled covariance is plenty for 50 axes of a large set), then every row is projected by one
// SGEMM. Empty when cancelled.
compute::EmbeddingMatrix reduceDimensions(
    const compute::EmbeddingMatrix &x, int components, std::uint64_t seed, const compute::Control &control);

// A copy with unit rows (the k-NN graph measures cosine).
compute::EmbeddingMatrix unitRows(const compute::EmbeddingMatrix &x);

// The first two columns of x (n × 2 packed), e.g. PCA-2 out of a PCA-50 reduction.
std::vector<float> firstTwoColumns(const compute::EmbeddingMatrix &x);

// Positions for every row of `space` (unit rows) from a layout of some of them: rows in `sampled`
// (ascending) keep their layout position (sampleLayout, 2 floats each in sampled order); every other
// row goes to the mean position of its `neighbours` nearest sampled rows by cosine. Nearest rows are
// searched among the sampled rows of the few sample partitions (k-means cells) nearest to the row,
// so the cost is about n × 1,500 dot products. Empty when cancelled.
std::vector<float> placeFromSample(const compute::EmbeddingMatrix &space, const std::vector<std::size_t> &sampled,
    const std::vector<float> &sampleLayout, int neighbours, std::uint64_t seed, const compute::Control &control);

// A clustering of the rows: labels 0 … k − 1 (−1 for noise with density clustering).
struct Clusters
{
    std::vector<int> labels;
    int k = 0;
    bool cancelled = false;
    QJsonArray candidates; // automatic k: [{k, silhouette}] for every k tried
    QString criterion; // automatic k: "silhouette" (the best) or "silhouetteKnee" (the curve's knee)
};

// k-means with k clusters (clamped to the rows) on `space`.
Clusters kmeansClusters(
    const compute::EmbeddingMatrix &space, int k, std::uint64_t seed, const compute::Control &control);

// k-means with the k in [kMin, kMax] chosen by the silhouette of its clustering of a sample of `selection`
// (at most 20,000 rows): the best one, or, when the best is the top of the range (the silhouette still
// rising), the knee of the curve (criterion "silhouetteKnee"). At most 8 values spread over the range,
// then the values between the chosen one's neighbours (at most 6 more), so an exact k is found without
// trying every k. The chosen k is then fitted on every row of `space` (same rows as selection, possibly
// other dimensions).
Clusters kmeansAutoClusters(const compute::EmbeddingMatrix &selection, const compute::EmbeddingMatrix &space, int kMin,
    int kMax, std::uint64_t seed, const compute::Control &control);

// The neighbour layout's start (n × 2, in [0, 10]): every row at its cluster's place in a PCA picture of
// the k cluster centroids (taken in `space`), plus a little jitter; `fallback` (PCA coordinates) when k < 3.
std::vector<float> guidedStart(const compute::EmbeddingMatrix &space, const std::vector<int> &labels, int k,
    const std::vector<float> &fallback, std::uint64_t seed);

// Gives each row `links` edges to random members of its own cluster in place of its farthest
// neighbours, so the layout holds a cluster's pieces together (a k-NN graph alone falls apart into
// phrasings); rows labelled −1 keep their neighbours.
void linkWithinClusters(compute::KnnGraph &graph, const std::vector<int> &labels, int links, std::uint64_t seed);

// The k of the clustering that starts and holds together the neighbour layout: about √(rows / 10), 3 to 48.
int guideClusterCount(std::size_t rows);

struct ProjectionInput
{
    const compute::EmbeddingMatrix &vectors; // the embeddings
    const compute::EmbeddingMatrix &reduced; // their PCA-50 reduction, or empty (then PCA-2 of vectors)
    const compute::EmbeddingMatrix &clusterSpace; // where the guide k-means runs
    const compute::EmbeddingMatrix &graphSpace; // where the k-NN graph is searched
    bool neighbourLayout = true; // false: PCA-2 only
    std::uint64_t seed = 0;
};

struct Projection
{
    std::vector<float> xy; // n × 2 packed; empty when cancelled
    QString used; // "pca", "neighbourLayout" or "neighbourLayoutSampled"
    qint64 layoutSample = 0; // rows laid out before the rest were placed (0: all)
    float minimumDistance = 0; // neighbour layout: the distance keepApart held the points to
    bool cancelled = false;
};

// The 2-D picture of the rows: PCA-2, or the neighbour layout on a k-NN graph started from a guide k-means
// with guideClusterCount(rows) clusters (never the user's clustering, so it does not change with k).
// Above 200,000 rows a sample is laid out and the rest placed by placeFromSample.
Projection project(const ProjectionInput &in, const compute::Control &guideControl,
    const compute::Control &graphControl, const compute::Control &layoutControl, const compute::Control &placeControl);

// The neighbour layout's minimum distance between points: this share of the layout's extent (the larger
// of its 1st-to-99th percentile ranges), about a drawn point's diameter when the whole map is in view.
constexpr float MinimumDistanceShare = 0.006f;
float minimumDistanceFor(const std::vector<float> &xy);

// Pushes points (n × 2 packed) that lie closer than `minimum` apart, over a few rounds on a grid of
// `minimum` cells (each point checks at most 48 neighbours a round, so a pile of thousands stays cheap);
// points on top of each other part in a direction drawn from `seed`. Deterministic.
void keepApart(std::vector<float> &xy, float minimum, std::uint64_t seed, const compute::Control &control);

// Per cluster 0 … k − 1, its best keywords (c-TF-IDF over at most 400 sampled texts per cluster).
std::vector<std::vector<std::string>> clusterKeywords(
    const std::vector<std::string> &texts, const std::vector<int> &labels, int k, std::uint64_t seed);

// Per cluster, the mean cosine similarity of its members to their centroid (unit rows: the length of the
// members' mean vector). NaN for an empty cluster.
std::vector<double> clusterCohesion(const compute::EmbeddingMatrix &unit, const std::vector<int> &labels, int k);

// quality["clusters"]: per cluster {cluster, size, keywords, cohesion, cx, cy} (cx, cy: the mean layout
// position of its points); the top three keywords, joined by " · ", name the cluster in `names`.
// `noise` receives the number of points without a cluster.
QJsonArray clusterSummaries(const std::vector<float> &xy, const std::vector<int> &labels, int k,
    const std::vector<std::vector<std::string>> &keywords, const std::vector<double> &cohesion,
    QHash<int, QString> &names, qint64 &noise);

} // namespace MapStages
