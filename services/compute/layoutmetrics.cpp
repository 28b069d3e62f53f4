#include "layoutmetrics.h"
#include "metricsscan.h"
#include "parallel.h"
#include "planetree.h"
#include "topk.h"
#include "vectorops.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace compute {
namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t Chunk = 16; // sampled rows per parallel work item

// The k nearest map neighbours of each sampled row (i itself excluded), k per row.
std::vector<std::uint32_t> mapNeighbours(
    std::span<const float> layout, std::span<const std::uint32_t> rows, int k, int threads)
{
    const PlaneTree tree(layout.data(), layout.size() / 2);
    std::vector<std::uint32_t> result(rows.size() * std::size_t(k), PlaneTree::None);
    parallelFor((rows.size() + Chunk - 1) / Chunk, threads, [&](std::size_t part) {
        std::vector<float> d2(static_cast<std::size_t>(k));
        for (std::size_t r = part * Chunk; r < std::min(rows.size(), (part + 1) * Chunk); ++r) {
            const std::uint32_t i = rows[r];
            tree.nearest(layout[2 * i], layout[2 * i + 1], k, i, result.data() + r * std::size_t(k), d2.data());
        }
    });
    return result;
}

// The exact k nearest neighbours in the data of each sampled row (itself excluded), k per row; empty
// when cancelled.
std::vector<std::uint32_t> dataNeighbours(
    const EmbeddingMatrix &data, std::span<const std::uint32_t> rows, int k, const Control &control)
{
    constexpr std::size_t Batch = 256; // between progress reports
    std::vector<std::uint32_t> result(rows.size() * std::size_t(k), PlaneTree::None);
    for (std::size_t b0 = 0; b0 < rows.size(); b0 += Batch) {
        const std::size_t bn = std::min(Batch, rows.size() - b0);
        EmbeddingMatrix queries(bn, data.dims());
        for (std::size_t q = 0; q < bn; ++q)
            std::memcpy(queries.row(q), data.row(rows[b0 + q]), data.stride() * sizeof(float));
        SearchOptions search;
        search.k = k + 1; // the row itself comes back too
        search.cancel = control.cancel;
        const auto found = searchBatch(data, queries, search);
        if (found.size() != bn || control.cancelled())
            return {};
        for (std::size_t q = 0; q < bn; ++q) {
            std::uint32_t *out = result.data() + (b0 + q) * std::size_t(k);
            int filled = 0;
            for (const Neighbor &nb : found[q]) {
                if (nb.index != rows[b0 + q] && filled < k)
                    out[filled++] = nb.index;
            }
        }
        control.report(double(b0 + bn) / double(rows.size()));
    }
    return result;
}

// Mean over rows of |want ∩ got| / k, both k per row.
double meanOverlap(std::vector<std::uint32_t> want, std::vector<std::uint32_t> got, std::size_t rows, int k)
{
    double total = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        const auto w = want.begin() + std::ptrdiff_t(r * std::size_t(k)),
                   g = got.begin() + std::ptrdiff_t(r * std::size_t(k));
        std::sort(w, w + k);
        std::sort(g, g + k);
        std::size_t common = 0;
        for (auto a = w, b = g; a != w + k && b != g + k;) {
            if (*a == *b && *a != PlaneTree::None) {
                ++common;
                ++a;
                ++b;
            } else if (*a < *b) {
                ++a;
            } else {
                ++b;
            }
        }
        total += double(common) / double(k);
    }
    return rows ? total / double(rows) : NaN;
}

} // namespace

double trustworthiness(const EmbeddingMatrix &data, std::span<const float> layout, int k, const MetricOptions &options,
    const Control &control)
{
    const std::size_t n = data.rows();
    if (layout.size() != 2 * n || k < 1 || 3 * double(k) >= 2 * double(n) - 1)
        return NaN;
    const std::size_t kk = std::size_t(k);
    const std::vector<std::uint32_t> rows = metrics::sampleRows(n, options.sampleSize, options.seed);
    const std::vector<std::uint32_t> targets = mapNeighbours(layout, rows, k, options.threads);
    // r(i, j) − 1 = how many other rows are more similar to i than j is. The threshold is i·j as computed
    // here; the GEMM's own value for j (or i) may round above it, so those two are taken back out below.
    std::vector<float> thresholds(targets.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t m = 0; m < kk; ++m)
            thresholds[r * kk + m] = dot(data.row(rows[r]), data.row(targets[r * kk + m]), std::size_t(data.dims()));
    }
    std::vector<std::uint32_t> closer(targets.size(), 0);
    const bool done = metrics::scanScores(data, rows, control, 0.0, 1.0, [&](const metrics::ScoreBlock &block) {
        parallelFor((block.queryCount + Chunk - 1) / Chunk, options.threads, [&](std::size_t part) {
            for (std::size_t q = part * Chunk; q < std::min(block.queryCount, (part + 1) * Chunk); ++q) {
                const std::size_t r = block.first + q;
                const float *scores = block.scores + q * block.baseCount;
                const auto inBlock = [&](std::size_t row) {
                    return row >= block.baseBegin && row < block.baseBegin + block.baseCount;
                };
                // Only rows above the lowest threshold can count; in a good layout they are few, so
                // one pass finds them and only they are compared with every threshold.
                const float *t = thresholds.data() + r * kk;
                std::uint32_t *count = closer.data() + r * kk;
                const float lowest = *std::min_element(t, t + kk);
                for (std::size_t j = 0; j < block.baseCount; ++j) {
                    if (scores[j] > lowest) {
                        for (std::size_t m = 0; m < kk; ++m)
                            count[m] += scores[j] > t[m];
                    }
                }
                for (std::size_t m = 0; m < kk; ++m) {
                    for (std::size_t self : { std::size_t(rows[r]), std::size_t(targets[r * kk + m]) }) {
                        if (inBlock(self) && scores[self - block.baseBegin] > t[m])
                            --count[m];
                    }
                }
            }
        });
    });
    if (!done)
        return NaN;
    double penalty = 0; // Σ over sampled i of Σ_{j ∈ U_i} (r(i, j) − k)
    for (std::uint32_t c : closer)
        penalty += c + 1 > kk ? double(c + 1 - kk) : 0.0;
    const double nn = double(n), sum = nn * penalty / double(rows.size());
    return 1.0 - 2.0 / (nn * k * (2.0 * nn - 3.0 * k - 1.0)) * sum;
}

double layoutKnnRecall(const EmbeddingMatrix &data, std::span<const float> layout, int k, const MetricOptions &options,
    const Control &control)
{
    const std::size_t n = data.rows();
    if (layout.size() != 2 * n || k < 1 || std::size_t(k) >= n)
        return NaN;
    const std::vector<std::uint32_t> rows = metrics::sampleRows(n, options.sampleSize, options.seed);
    std::vector<std::uint32_t> want = dataNeighbours(data, rows, k, control);
    if (want.empty())
        return NaN;
    return meanOverlap(std::move(want), mapNeighbours(layout, rows, k, options.threads), rows.size(), k);
}

double graphKnnRecall(
    const EmbeddingMatrix &data, const KnnGraph &graph, const MetricOptions &options, const Control &control)
{
    const std::size_t n = data.rows();
    const int k = graph.k;
    if (graph.n != n || k < 1 || std::size_t(k) >= n || graph.indices.size() != n * std::size_t(k))
        return NaN;
    const std::vector<std::uint32_t> rows = metrics::sampleRows(n, options.sampleSize, options.seed);
    std::vector<std::uint32_t> want = dataNeighbours(data, rows, k, control);
    if (want.empty())
        return NaN;
    std::vector<std::uint32_t> got(rows.size() * std::size_t(k));
    for (std::size_t r = 0; r < rows.size(); ++r)
        std::copy_n(graph.neighbors(rows[r]), k, got.begin() + std::ptrdiff_t(r * std::size_t(k)));
    return meanOverlap(std::move(want), std::move(got), rows.size(), k);
}

} // namespace compute
