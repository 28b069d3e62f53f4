// MapPipeline: placing the rows a sampled neighbour layout left out, at the mean position of their
// nearest sampled rows. A million-row map lays out 200,000 rows and places the rest in seconds.
#include "map/mappipelinestages.h"

#include "compute/kmeans.h"
#include "compute/parallel.h"
#include "compute/splitmix.h"

#include <cblas.h>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace MapStages {

namespace {

constexpr std::size_t RowsPerPartition = 400;
constexpr int Probes = 3; // a partition's own cell and the two nearest
constexpr std::size_t QueryBlock = 512;

// For each partition, the `probes` partitions whose centroids are nearest to its own (itself first).
std::vector<std::vector<int>> nearestPartitions(
    const std::vector<float> &centroids, int partitions, int dims, int probes)
{
    std::vector<std::vector<int>> lists(static_cast<std::size_t>(partitions));
    std::vector<float> dots(std::size_t(partitions) * std::size_t(partitions));
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, partitions, partitions, dims, 1.0f, centroids.data(), dims,
        centroids.data(), dims, 0.0f, dots.data(), partitions);
    std::vector<int> order(static_cast<std::size_t>(partitions));
    for (int p = 0; p < partitions; ++p) {
        const float *row = dots.data() + std::size_t(p) * std::size_t(partitions);
        // ‖a − b‖² = ‖a‖² − 2a·b + ‖b‖²; ‖a‖² is the same for every b of this row.
        const auto distance
            = [&](int q) { return dots[std::size_t(q) * std::size_t(partitions) + std::size_t(q)] - 2.0f * row[q]; };
        std::iota(order.begin(), order.end(), 0);
        const int take = std::min(probes, partitions);
        std::partial_sort(order.begin(), order.begin() + take, order.end(), [&](int a, int b) {
            if (a == p || b == p)
                return a == p && b != p;
            return distance(a) < distance(b) || (distance(a) == distance(b) && a < b);
        });
        lists[std::size_t(p)].assign(order.begin(), order.begin() + take);
    }
    return lists;
}

} // namespace

std::vector<float> placeFromSample(const compute::EmbeddingMatrix &space, const std::vector<std::size_t> &sampled,
    const std::vector<float> &sampleLayout, int neighbours, std::uint64_t seed, const compute::Control &control)
{
    const std::size_t n = space.rows();
    const int dims = space.dims();
    std::vector<float> xy(n * 2, 0.0f);
    std::vector<char> isSampled(n, 0);
    for (std::size_t s = 0; s < sampled.size(); ++s) {
        isSampled[sampled[s]] = 1;
        xy[2 * sampled[s]] = sampleLayout[2 * s];
        xy[2 * sampled[s] + 1] = sampleLayout[2 * s + 1];
    }
    std::vector<std::size_t> rest;
    rest.reserve(n - sampled.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!isSampled[i])
            rest.push_back(i);
    }
    if (rest.empty())
        return xy;

    // Cells over the sampled rows: k-means, a few iterations (only neighbourhoods matter here).
    const compute::EmbeddingMatrix sample = compute::gatherRows(space, sampled);
    compute::KMeansOptions options;
    options.k = int(std::clamp<std::size_t>(sampled.size() / RowsPerPartition, 1, 4096));
    options.maxIterations = 5;
    options.seed = seed;
    const compute::KMeansResult cells = compute::kmeans(sample, options, { control.cancel, nullptr });
    if (cells.status != compute::Status::Ok || control.cancelled())
        return {};
    const int partitions = cells.k;
    std::vector<std::vector<std::uint32_t>> members(static_cast<std::size_t>(partitions));
    for (std::size_t s = 0; s < sampled.size(); ++s)
        members[std::size_t(cells.labels[s])].push_back(std::uint32_t(s));
    const auto probes = nearestPartitions(cells.centroids, partitions, dims, Probes);

    // Every other row to its nearest cell, then each cell's rows against the sampled rows of its probes.
    const compute::EmbeddingMatrix queries = compute::gatherRows(space, rest);
    std::vector<int> cellOf;
    compute::assignToCentroids(queries, cells.centroids, partitions, cellOf);
    std::vector<std::vector<std::uint32_t>> byCell(static_cast<std::size_t>(partitions));
    for (std::size_t q = 0; q < rest.size(); ++q)
        byCell[std::size_t(cellOf[q])].push_back(std::uint32_t(q));
    control.report(0.2);

    const int keep = std::max(1, neighbours);
    compute::EmbeddingMatrix candidates, block;
    std::vector<std::uint32_t> candidateRows;
    std::vector<float> scores;
    std::size_t placed = 0;
    for (int p = 0; p < partitions; ++p) {
        if (control.cancelled())
            return {};
        const auto &own = byCell[std::size_t(p)];
        if (own.empty())
            continue;
        candidateRows.clear();
        for (int q : probes[std::size_t(p)])
            candidateRows.insert(candidateRows.end(), members[std::size_t(q)].begin(), members[std::size_t(q)].end());
        const std::size_t c = candidateRows.size();
        if (c == 0)
            continue;
        if (candidates.rows() < c)
            candidates = compute::EmbeddingMatrix(c + c / 4, dims);
        for (std::size_t j = 0; j < c; ++j)
            std::memcpy(candidates.row(j), sample.row(candidateRows[j]), std::size_t(dims) * sizeof(float));
        for (std::size_t b0 = 0; b0 < own.size(); b0 += QueryBlock) {
            const std::size_t m = std::min(QueryBlock, own.size() - b0);
            if (block.rows() < m)
                block = compute::EmbeddingMatrix(QueryBlock, dims);
            for (std::size_t i = 0; i < m; ++i)
                std::memcpy(block.row(i), queries.row(own[b0 + i]), std::size_t(dims) * sizeof(float));
            scores.resize(m * c);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(m), int(c), dims, 1.0f, block.row(0),
                int(block.stride()), candidates.row(0), int(candidates.stride()), 0.0f, scores.data(), int(c));
            compute::parallelFor(4, 0, [&](std::size_t part) {
                // The `keep` best scores so far, best first (keep is 3: insertion beats any heap).
                std::vector<float> bestScore(static_cast<std::size_t>(keep));
                std::vector<std::uint32_t> bestRow(static_cast<std::size_t>(keep));
                for (std::size_t i = m * part / 4; i < m * (part + 1) / 4; ++i) {
                    const float *s = scores.data() + i * c;
                    std::size_t found = 0;
                    for (std::size_t j = 0; j < c; ++j) {
                        if (found == std::size_t(keep) && s[j] <= bestScore[found - 1])
                            continue;
                        std::size_t at = std::min(found, std::size_t(keep) - 1);
                        while (at > 0 && bestScore[at - 1] < s[j]) {
                            bestScore[at] = bestScore[at - 1];
                            bestRow[at] = bestRow[at - 1];
                            --at;
                        }
                        bestScore[at] = s[j];
                        bestRow[at] = candidateRows[j];
                        found = std::min(found + 1, std::size_t(keep));
                    }
                    double sx = 0, sy = 0;
                    for (std::size_t t = 0; t < found; ++t) {
                        sx += sampleLayout[2 * bestRow[t]];
                        sy += sampleLayout[2 * bestRow[t] + 1];
                    }
                    const std::size_t row = rest[own[b0 + i]];
                    xy[2 * row] = float(sx / double(found));
                    xy[2 * row + 1] = float(sy / double(found));
                }
            });
        }
        placed += own.size();
        control.report(0.2 + 0.8 * double(placed) / double(rest.size()));
    }
    return xy;
}

} // namespace MapStages
