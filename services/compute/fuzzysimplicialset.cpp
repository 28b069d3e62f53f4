#include "fuzzysimplicialset.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace compute {
namespace {

// Same constants as umap-learn: the bandwidth search stops within 1e-5 of the target, and sigma never
// falls below 1e-3 of the mean neighbour distance (so identical neighbours do not give sigma = 0).
constexpr int SearchSteps = 64;
constexpr double SearchTolerance = 1e-5;
constexpr double MinScale = 1e-3;

int threadCount(int requested)
{
    return requested > 0 ? requested : int(std::max(1u, std::thread::hardware_concurrency()));
}

// Splits [0, count) into `threads` contiguous ranges; the calling thread takes the first one.
template<typename Work> void parallelRanges(std::size_t count, int threads, const Work &work)
{
    const std::size_t parts
        = std::min<std::size_t>(std::size_t(threadCount(threads)), std::max<std::size_t>(count / 1024, 1));
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < parts; ++t)
        helpers.emplace_back([&, t] { work(count * t / parts, count * (t + 1) / parts); });
    work(0, count / parts);
    for (std::thread &helper : helpers)
        helper.join();
}

bool usable(const KnnGraph &graph, std::size_t i, std::uint32_t j, float d)
{
    return j < graph.n && j != i && std::isfinite(d);
}

double meanDistance(const KnnGraph &graph)
{
    double sum = 0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < graph.n; ++i) {
        for (int c = 0; c < graph.k; ++c) {
            const float d = graph.distancesOf(i)[c];
            if (usable(graph, i, graph.neighbors(i)[c], d)) {
                sum += std::max(d, 0.0f);
                ++count;
            }
        }
    }
    return count ? sum / double(count) : 0.0;
}

// Binary search for the sigma at which Σ exp(−max(d − rho, 0)/sigma) = log2(count), doubling the upper
// bound until it brackets the target (umap-learn's smooth_knn_dist).
LocalScale localScale(const float *d, int count, double globalMean)
{
    LocalScale scale;
    double rowSum = 0;
    float rho = 0;
    for (int c = 0; c < count; ++c) {
        rowSum += d[c];
        if (d[c] > 0 && (rho == 0 || d[c] < rho))
            rho = d[c];
    }
    scale.rho = rho;
    const double target = std::log2(double(count));
    double lo = 0, hi = INFINITY, mid = 1;
    for (int step = 0; step < SearchSteps; ++step) {
        double sum = 0;
        for (int c = 0; c < count; ++c) {
            const double excess = double(d[c]) - rho;
            sum += excess > 0 ? std::exp(-excess / mid) : 1.0;
        }
        if (std::abs(sum - target) < SearchTolerance)
            break;
        if (sum > target) {
            hi = mid;
            mid = (lo + hi) / 2;
        } else {
            lo = mid;
            mid = std::isinf(hi) ? mid * 2 : (lo + hi) / 2;
        }
    }
    const double floor = MinScale * (rho > 0 ? rowSum / count : globalMean);
    scale.sigma = float(std::max(mid, floor));
    return scale;
}

} // namespace

FuzzyGraph fuzzyMemberships(const KnnGraph &graph, int threads, std::vector<LocalScale> *scales)
{
    FuzzyGraph result;
    result.n = graph.n;
    if (graph.n == 0)
        return result;
    const std::size_t n = graph.n, k = std::size_t(std::max(graph.k, 0));
    const double globalMean = meanDistance(graph);
    // Rows are filled in place (stride k) by the workers, then packed into CSR.
    std::vector<std::uint32_t> columns(n * k);
    std::vector<float> weights(n * k);
    std::vector<int> counts(n);
    if (scales)
        scales->assign(n, {});
    parallelRanges(n, threads, [&](std::size_t begin, std::size_t end) {
        std::vector<std::pair<std::uint32_t, float>> row;
        std::vector<float> distances;
        for (std::size_t i = begin; i < end; ++i) {
            row.clear();
            for (std::size_t c = 0; c < k; ++c) {
                const std::uint32_t j = graph.neighbors(i)[c];
                const float d = graph.distancesOf(i)[c];
                if (usable(graph, i, j, d))
                    row.emplace_back(j, std::max(d, 0.0f));
            }
            // A neighbour listed twice keeps its nearest distance.
            std::sort(row.begin(), row.end());
            row.erase(
                std::unique(row.begin(), row.end(), [](const auto &a, const auto &b) { return a.first == b.first; }),
                row.end());
            if (row.empty())
                continue;
            distances.clear();
            for (const auto &[j, d] : row)
                distances.push_back(d);
            const LocalScale scale = localScale(distances.data(), int(distances.size()), globalMean);
            if (scales)
                (*scales)[i] = scale;
            int count = 0;
            for (const auto &[j, d] : row) {
                const float excess = d - scale.rho;
                const float w = excess <= 0 || scale.sigma == 0 ? 1.0f : std::exp(-excess / scale.sigma);
                if (w > 0) {
                    columns[i * k + count] = j;
                    weights[i * k + count] = w;
                    ++count;
                }
            }
            counts[i] = count;
        }
    });
    result.offsets.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i)
        result.offsets[i + 1] = result.offsets[i] + std::size_t(counts[i]);
    result.columns.resize(result.offsets[n]);
    result.weights.resize(result.offsets[n]);
    for (std::size_t i = 0; i < n; ++i) {
        std::copy_n(columns.begin() + i * k, counts[i], result.columns.begin() + result.offsets[i]);
        std::copy_n(weights.begin() + i * k, counts[i], result.weights.begin() + result.offsets[i]);
    }
    return result;
}

FuzzyGraph fuzzyUnion(const FuzzyGraph &directed)
{
    const std::size_t n = directed.n;
    FuzzyGraph result;
    result.n = n;
    if (n == 0)
        return result;
    // Transpose by counting sort; filling row by row leaves every transposed row sorted.
    std::vector<std::size_t> tOffsets(n + 1, 0);
    for (std::uint32_t j : directed.columns)
        ++tOffsets[j + 1];
    for (std::size_t i = 0; i < n; ++i)
        tOffsets[i + 1] += tOffsets[i];
    std::vector<std::uint32_t> tColumns(directed.edgeCount());
    std::vector<float> tWeights(directed.edgeCount());
    {
        std::vector<std::size_t> fill(tOffsets.begin(), tOffsets.end() - 1);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t e = directed.offsets[i]; e < directed.offsets[i + 1]; ++e) {
                const std::size_t slot = fill[directed.columns[e]]++;
                tColumns[slot] = std::uint32_t(i);
                tWeights[slot] = directed.weights[e];
            }
        }
    }
    // Merge each row with its transposed row (both sorted by column).
    result.offsets.assign(n + 1, 0);
    result.columns.reserve(directed.edgeCount() * 3 / 2);
    result.weights.reserve(directed.edgeCount() * 3 / 2);
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t a = directed.offsets[i], b = tOffsets[i];
        const std::size_t aEnd = directed.offsets[i + 1], bEnd = tOffsets[i + 1];
        while (a < aEnd || b < bEnd) {
            std::uint32_t column;
            float w;
            if (b == bEnd || (a < aEnd && directed.columns[a] < tColumns[b])) {
                column = directed.columns[a];
                w = directed.weights[a++];
            } else if (a == aEnd || tColumns[b] < directed.columns[a]) {
                column = tColumns[b];
                w = tWeights[b++];
            } else {
                column = tColumns[b];
                const float x = directed.weights[a++], y = tWeights[b++];
                w = x + y - x * y;
            }
            result.columns.push_back(column);
            result.weights.push_back(w);
        }
        result.offsets[i + 1] = result.columns.size();
    }
    return result;
}

FuzzyGraph fuzzySimplicialSet(const KnnGraph &graph, int threads)
{
    return fuzzyUnion(fuzzyMemberships(graph, threads));
}

} // namespace compute
