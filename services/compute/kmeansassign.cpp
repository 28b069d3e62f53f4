#include "kmeansassign.h"
#include "parallel.h"
#include "vectorops.h"

#include <cblas.h>

#include <algorithm>
#include <functional>

namespace compute {
namespace {

constexpr std::size_t Block = 2048; // rows per SGEMM: the block (12 MB at 1536-D) stays in L3 for the lanes

struct Lane
{
    std::vector<float> sums;
    std::vector<std::size_t> counts;
    double inertia = 0;
    std::size_t changed = 0;
    std::vector<std::pair<float, std::size_t>> farthest; // min-heap on distance
};

void keepFarthest(std::vector<std::pair<float, std::size_t>> &heap, std::size_t wanted, float distance, std::size_t row)
{
    const auto nearer = std::greater<std::pair<float, std::size_t>>();
    if (heap.size() < wanted) {
        heap.emplace_back(distance, row);
        std::push_heap(heap.begin(), heap.end(), nearer);
    } else if (wanted > 0 && distance > heap.front().first) {
        std::pop_heap(heap.begin(), heap.end(), nearer);
        heap.back() = { distance, row };
        std::push_heap(heap.begin(), heap.end(), nearer);
    }
}

} // namespace

KMeansAssigner::KMeansAssigner(const EmbeddingMatrix &centroids, int threads)
    : m_centroids(centroids)
    , m_threads(threads)
{
    m_centroidNorms.resize(centroids.rows());
    for (std::size_t c = 0; c < centroids.rows(); ++c)
        m_centroidNorms[c] = dot(centroids.row(c), centroids.row(c), std::size_t(centroids.dims()));
}

bool KMeansAssigner::run(const EmbeddingMatrix &x, int *labels, float *distances, bool accumulate, Totals &totals,
    const Control &control, std::size_t farthestWanted)
{
    const int k = int(m_centroids.rows());
    const std::size_t stride = x.stride();
    const std::size_t dims = std::size_t(x.dims());
    Lane lanes[Lanes];
    if (accumulate) {
        for (Lane &lane : lanes) {
            lane.sums.assign(std::size_t(k) * stride, 0.0f);
            lane.counts.assign(std::size_t(k), 0);
        }
    }
    std::vector<float> scores(std::min(Block, x.rows()) * std::size_t(k));
    for (std::size_t r0 = 0; r0 < x.rows(); r0 += Block) {
        if (control.cancelled())
            return false;
        const std::size_t rn = std::min(Block, x.rows() - r0);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(rn), k, int(dims), 1.0f, x.row(r0), int(stride),
            m_centroids.row(0), int(m_centroids.stride()), 0.0f, scores.data(), k);
        parallelFor(Lanes, m_threads, [&](std::size_t l) {
            Lane &lane = lanes[l];
            const std::size_t begin = r0 + rn * l / Lanes, end = r0 + rn * (l + 1) / Lanes;
            for (std::size_t i = begin; i < end; ++i) {
                const float *s = scores.data() + (i - r0) * std::size_t(k);
                int best = 0;
                float bestValue = m_centroidNorms[0] - 2.0f * s[0];
                for (int c = 1; c < k; ++c) {
                    const float v = m_centroidNorms[c] - 2.0f * s[c];
                    if (v < bestValue) {
                        bestValue = v;
                        best = c;
                    }
                }
                const float *row = x.row(i);
                const float d = std::max(0.0f, dot(row, row, dims) + bestValue);
                lane.changed += labels[i] != best;
                labels[i] = best;
                if (distances)
                    distances[i] = d;
                lane.inertia += d;
                keepFarthest(lane.farthest, farthestWanted, d, i);
                if (accumulate) {
                    float *sum = lane.sums.data() + std::size_t(best) * stride;
                    for (std::size_t j = 0; j < dims; ++j)
                        sum[j] += row[j];
                    ++lane.counts[std::size_t(best)];
                }
            }
        });
    }
    totals.inertia = 0;
    totals.changed = 0;
    totals.farthest.clear();
    if (accumulate) {
        totals.sums.assign(std::size_t(k) * stride, 0.0);
        totals.counts.assign(std::size_t(k), 0);
    }
    for (Lane &lane : lanes) {
        totals.inertia += lane.inertia;
        totals.changed += lane.changed;
        totals.farthest.insert(totals.farthest.end(), lane.farthest.begin(), lane.farthest.end());
        if (!accumulate)
            continue;
        for (std::size_t j = 0; j < lane.sums.size(); ++j)
            totals.sums[j] += lane.sums[j];
        for (int c = 0; c < k; ++c)
            totals.counts[std::size_t(c)] += lane.counts[std::size_t(c)];
    }
    // Farthest first; equal distances by row so the order does not depend on the lanes' heaps.
    std::sort(totals.farthest.begin(), totals.farthest.end(),
        [](const auto &a, const auto &b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    if (totals.farthest.size() > farthestWanted)
        totals.farthest.resize(farthestWanted);
    return true;
}

} // namespace compute
