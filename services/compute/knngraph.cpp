#include "knngraph.h"
#include "kmeans.h"
#include "parallel.h"
#include "sampling.h"
#include "splitmix.h"
#include "topk.h"
#include "topkheap.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace compute {
namespace {

constexpr std::size_t ExactBelow = 6000; // below this many rows the exact graph is cheaper than partitioning

// Row i's k best from its heap of k + 1 (the row itself is usually among them: drop it, or the last).
void store(KnnGraph &graph, std::size_t i, TopKHeap &heap)
{
    const std::vector<Neighbor> found = heap.sorted();
    std::uint32_t *indices = graph.indices.data() + i * std::size_t(graph.k);
    float *distances = graph.distances.data() + i * std::size_t(graph.k);
    int written = 0;
    for (const Neighbor &nb : found) {
        if (nb.index == i || written == graph.k)
            continue;
        indices[written] = nb.index;
        distances[written++] = std::max(0.0f, 1.0f - nb.score);
    }
    for (; written < graph.k; ++written) { // fewer than k other rows exist
        indices[written] = std::uint32_t(i);
        distances[written] = 0.0f;
    }
}

KnnGraph emptyGraph(std::size_t n, int k)
{
    KnnGraph graph;
    graph.n = n;
    graph.k = k;
    graph.indices.resize(n * std::size_t(k));
    graph.distances.resize(n * std::size_t(k));
    return graph;
}

// Rows of each partition, in row order.
std::vector<std::vector<std::uint32_t>> members(const std::vector<int> &labels, int partitions)
{
    std::vector<std::vector<std::uint32_t>> out { std::size_t(partitions) };
    for (std::size_t i = 0; i < labels.size(); ++i)
        out[std::size_t(labels[i])].push_back(std::uint32_t(i));
    return out;
}

// For every partition, the `probes` partitions whose centroids are most similar to its own (itself first).
std::vector<std::vector<int>> probeLists(const std::vector<float> &centroids, int partitions, int dims, int probes)
{
    const EmbeddingMatrix c = EmbeddingMatrix::copyOf(centroids.data(), std::size_t(partitions), dims);
    std::vector<std::vector<int>> out { std::size_t(partitions) };
    const auto nearest = searchBatch(c, c, { std::min(probes, partitions) });
    for (int p = 0; p < partitions; ++p) {
        out[std::size_t(p)].push_back(p);
        for (const Neighbor &nb : nearest[std::size_t(p)])
            if (int(nb.index) != p && int(out[std::size_t(p)].size()) < probes)
                out[std::size_t(p)].push_back(int(nb.index));
    }
    return out;
}

} // namespace

KnnGraph exactKnnGraph(const EmbeddingMatrix &data, int k, const Control &control)
{
    const std::size_t n = data.rows();
    KnnGraph graph = emptyGraph(n, k);
    constexpr std::size_t Chunk = 2048;
    for (std::size_t q0 = 0; q0 < n; q0 += Chunk) {
        const std::size_t qn = std::min(Chunk, n - q0);
        const auto found = searchBatch(data, data.row(q0), qn, data.stride(), { k + 1, nullptr, control.cancel });
        if (control.cancelled())
            return {};
        for (std::size_t q = 0; q < qn; ++q) {
            TopKHeap heap(k + 1);
            for (const Neighbor &nb : found[q])
                heap.push(nb.score, nb.index);
            store(graph, q0 + q, heap);
        }
        control.report(double(q0 + qn) / double(n));
    }
    return graph;
}

KnnGraph approximateKnnGraph(const EmbeddingMatrix &data, const KnnGraphOptions &options, const Control &control)
{
    const std::size_t n = data.rows();
    const int k = options.k;
    if (n < ExactBelow)
        return exactKnnGraph(data, k, control);

    // 1. Partitions: k-means on a sample (about 60 rows per centroid), then every row to its nearest.
    const int partitions = int(std::clamp<std::size_t>(n / 400, 16, 4096));
    SplitMix random(options.seed);
    const EmbeddingMatrix sample = gatherRows(data, sampleRows(n, std::size_t(partitions) * 60, random));
    KMeansOptions kmeansOptions;
    kmeansOptions.k = partitions;
    kmeansOptions.maxIterations = 6;
    kmeansOptions.seed = random.next();
    kmeansOptions.threads = options.threads;
    const KMeansResult trained = kmeans(sample, kmeansOptions, { control.cancel, nullptr });
    if (trained.status != Status::Ok || control.cancelled())
        return {};
    std::vector<int> labels;
    assignToCentroids(data, trained.centroids, partitions, labels, options.threads);
    control.report(0.15);

    // 2. Each partition's rows against the rows of the partitions nearest to it, one SGEMM each.
    const auto byPartition = members(labels, partitions);
    const auto probes = probeLists(trained.centroids, partitions, data.dims(), options.probes);
    KnnGraph graph = emptyGraph(n, k);
    EmbeddingMatrix candidates;
    std::vector<std::uint32_t> candidateRows;
    std::vector<float> scores;
    for (int p = 0; p < partitions; ++p) {
        if (control.cancelled())
            return {};
        const auto &own = byPartition[std::size_t(p)];
        if (own.empty())
            continue;
        candidateRows.clear();
        for (int q : probes[std::size_t(p)])
            candidateRows.insert(candidateRows.end(), byPartition[std::size_t(q)].begin(), byPartition[std::size_t(q)].end());
        const std::size_t m = own.size(), c = candidateRows.size();
        if (candidates.rows() < c)
            candidates = EmbeddingMatrix(c + c / 4, data.dims());
        for (std::size_t j = 0; j < c; ++j) // the partition's own rows come first: they are the queries
            std::memcpy(candidates.row(j), data.row(candidateRows[j]), std::size_t(data.dims()) * sizeof(float));
        scores.resize(m * c);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(m), int(c), data.dims(), 1.0f, candidates.row(0),
            int(candidates.stride()), candidates.row(0), int(candidates.stride()), 0.0f, scores.data(), int(c));
        parallelFor(4, options.threads, [&](std::size_t part) {
            for (std::size_t i = m * part / 4; i < m * (part + 1) / 4; ++i) {
                TopKHeap heap(k + 1);
                const float *s = scores.data() + i * c;
                float bar = heap.threshold();
                for (std::size_t j = 0; j < c; ++j) {
                    if (s[j] > bar) {
                        heap.push(s[j], candidateRows[j]);
                        bar = heap.threshold();
                    }
                }
                store(graph, own[i], heap);
            }
        });
        control.report(0.15 + 0.85 * double(p + 1) / partitions);
    }
    return graph;
}

} // namespace compute
