#include "clustermetrics.h"
#include "metricsscan.h"
#include "parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace compute {
namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// Labels as dense ids 0 … classes − 1 (in ascending label order) plus the size of each class.
struct DenseLabels
{
    std::vector<int> ids;
    std::vector<std::size_t> sizes;
};

DenseLabels densify(std::span<const int> labels, bool noiseIsClass)
{
    std::vector<int> values(labels.begin(), labels.end());
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    if (!noiseIsClass)
        values.erase(values.begin(), std::lower_bound(values.begin(), values.end(), 0));
    DenseLabels dense { std::vector<int>(labels.size(), -1), std::vector<std::size_t>(values.size(), 0) };
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto it = std::lower_bound(values.begin(), values.end(), labels[i]);
        if (it != values.end() && *it == labels[i]) {
            dense.ids[i] = int(it - values.begin());
            ++dense.sizes[std::size_t(dense.ids[i])];
        }
    }
    return dense;
}

// The non-zero cells of the contingency table of two equally long labelings.
struct Cell
{
    std::uint32_t a, b; // dense class ids
    std::size_t count;
};

struct Contingency
{
    DenseLabels a, b;
    std::vector<Cell> cells;
};

Contingency contingency(std::span<const int> a, std::span<const int> b)
{
    Contingency table { densify(a, true), densify(b, true), {} };
    std::vector<std::uint64_t> keys(a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        keys[i] = std::uint64_t(std::uint32_t(table.a.ids[i])) << 32 | std::uint32_t(table.b.ids[i]);
    std::sort(keys.begin(), keys.end());
    for (std::size_t i = 0; i < keys.size();) {
        std::size_t j = i;
        while (j < keys.size() && keys[j] == keys[i])
            ++j;
        table.cells.push_back({ std::uint32_t(keys[i] >> 32), std::uint32_t(keys[i]), j - i });
        i = j;
    }
    return table;
}

double entropy(const std::vector<std::size_t> &sizes, double n)
{
    double h = 0;
    for (std::size_t size : sizes)
        h -= double(size) / n * std::log(double(size) / n);
    return h;
}

} // namespace

double inertia(const EmbeddingMatrix &x, std::span<const int> labels, std::span<const float> centroids)
{
    const std::size_t dims = std::size_t(x.dims());
    if (labels.size() != x.rows() || dims == 0)
        return NaN;
    const std::size_t k = centroids.size() / dims;
    double total = 0;
    for (std::size_t i = 0; i < x.rows(); ++i) {
        if (labels[i] < 0)
            continue;
        if (std::size_t(labels[i]) >= k)
            return NaN;
        const float *row = x.row(i), *c = centroids.data() + std::size_t(labels[i]) * dims;
        double sum = 0;
        for (std::size_t d = 0; d < dims; ++d) {
            const double diff = double(row[d]) - double(c[d]);
            sum += diff * diff;
        }
        total += sum;
    }
    return total;
}

double silhouette(
    const EmbeddingMatrix &x, std::span<const int> labels, const MetricOptions &options, const Control &control)
{
    const std::size_t n = x.rows();
    if (labels.size() != n)
        return NaN;
    const DenseLabels dense = densify(labels, false);
    const std::size_t clusters = dense.sizes.size();
    if (clusters < 2)
        return NaN;
    std::vector<std::uint8_t> clustered(n);
    for (std::size_t i = 0; i < n; ++i)
        clustered[i] = dense.ids[i] >= 0;
    const std::vector<std::uint32_t> rows = metrics::sampleRows(n, options.sampleSize, options.seed, &clustered);
    // Euclidean distances from inner products: ‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b.
    std::vector<float> norms(n);
    for (std::size_t i = 0; i < n; ++i) {
        double s = 0;
        for (int d = 0; d < x.dims(); ++d)
            s += double(x.row(i)[d]) * x.row(i)[d];
        norms[i] = float(s);
    }
    std::vector<double> sums(rows.size() * clusters, 0.0); // Σ distance from sampled row to each cluster
    const bool done = metrics::scanScores(x, rows, control, 0.0, 1.0, [&](const metrics::ScoreBlock &block) {
        constexpr std::size_t Chunk = 16;
        parallelFor((block.queryCount + Chunk - 1) / Chunk, options.threads, [&](std::size_t part) {
            const std::size_t qEnd = std::min(block.queryCount, (part + 1) * Chunk);
            for (std::size_t q = part * Chunk; q < qEnd; ++q) {
                const std::uint32_t i = rows[block.first + q];
                const float *scores = block.scores + q * block.baseCount;
                double *sum = sums.data() + (block.first + q) * clusters;
                for (std::size_t j = 0; j < block.baseCount; ++j) {
                    const std::size_t row = block.baseBegin + j;
                    const int id = dense.ids[row];
                    if (id < 0 || row == i) // the row itself: exactly 0, which float rounding would miss
                        continue;
                    sum[id] += std::sqrt(std::max(0.0f, norms[i] + norms[row] - 2.0f * scores[j]));
                }
            }
        });
    });
    if (!done)
        return NaN;
    double total = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::size_t own = std::size_t(dense.ids[rows[r]]);
        if (dense.sizes[own] < 2)
            continue; // a singleton scores 0
        const double *sum = sums.data() + r * clusters;
        const double a = sum[own] / double(dense.sizes[own] - 1);
        double b = std::numeric_limits<double>::infinity();
        for (std::size_t c = 0; c < clusters; ++c) {
            if (c != own)
                b = std::min(b, sum[c] / double(dense.sizes[c]));
        }
        const double scale = std::max(a, b);
        total += scale > 0 ? (b - a) / scale : 0.0;
    }
    return total / double(rows.size());
}

double adjustedRandIndex(std::span<const int> a, std::span<const int> b)
{
    if (a.size() != b.size())
        return NaN;
    const Contingency table = contingency(a, b);
    const double n = double(a.size());
    // The pair confusion matrix, as sklearn computes it: pairs together in both, in one only, in neither.
    double sumCells = 0, sumA = 0, sumB = 0;
    for (const Cell &c : table.cells)
        sumCells += double(c.count) * double(c.count);
    for (std::size_t s : table.a.sizes)
        sumA += double(s) * double(s);
    for (std::size_t s : table.b.sizes)
        sumB += double(s) * double(s);
    const double together = sumCells - n;
    const double onlyB = sumB - sumCells; // together in b, apart in a
    const double onlyA = sumA - sumCells;
    const double apart = n * n - sumA - sumB + sumCells;
    if (onlyA == 0 && onlyB == 0)
        return 1.0; // identical partitions, including the degenerate all-one and all-apart cases
    return 2.0 * (together * apart - onlyA * onlyB)
        / ((together + onlyA) * (onlyA + apart) + (together + onlyB) * (onlyB + apart));
}

double normalizedMutualInformation(std::span<const int> a, std::span<const int> b)
{
    if (a.size() != b.size())
        return NaN;
    const Contingency table = contingency(a, b);
    const std::size_t classesA = table.a.sizes.size(), classesB = table.b.sizes.size();
    if (classesA == classesB && classesA <= 1)
        return 1.0; // nothing split, or nothing at all: a perfect match by convention (as sklearn)
    const double n = double(a.size());
    double mi = 0;
    for (const Cell &c : table.cells) {
        const double nij = double(c.count);
        mi += nij / n * std::log(n * nij / (double(table.a.sizes[c.a]) * double(table.b.sizes[c.b])));
    }
    mi = std::max(mi, 0.0);
    if (mi == 0)
        return 0.0;
    const double normaliser = (entropy(table.a.sizes, n) + entropy(table.b.sizes, n)) / 2;
    return mi / normaliser;
}

} // namespace compute
