#include "neighborlayout.h"
#include "neighborlayoutkernel.h"

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cmath>
#include <thread>

namespace compute {
namespace {

constexpr std::size_t Block = 2048; // points per work item: the unit of load balancing and cancel polling

std::uint64_t mix(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// SplitMix64, for the random start and the jitter.
struct Random
{
    std::uint64_t state;
    std::uint64_t next() { return mix(state += 0x9E3779B97F4A7C15ull); }
    float unit() { return float(next() >> 40) * (1.0f / 16777216.0f); }
};

// Each axis of the start rescaled to [0, 10] as umap-learn does, plus a jitter of 1e-4 so that
// duplicate points, which feel no force while they coincide, can separate.
std::vector<float> startPositions(std::vector<float> init, std::size_t n, std::uint64_t seed)
{
    Random random { mix(seed ^ 0x5DEECE66Dull) };
    const bool given = init.size() == n * 2;
    std::vector<float> positions(n * 2);
    for (int axis = 0; axis < 2; ++axis) {
        float lo = INFINITY, hi = -INFINITY;
        for (std::size_t i = 0; given && i < n; ++i) {
            const float v = init[2 * i + axis];
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
        const float scale = hi > lo && std::isfinite(hi - lo) ? 10.0f / (hi - lo) : 0.0f;
        for (std::size_t i = 0; i < n; ++i) {
            const float v = given ? init[2 * i + axis] : NAN;
            positions[2 * i + axis]
                = std::isfinite(v) ? (v - lo) * scale + (scale == 0 ? 5.0f : 0.0f) : 10 * random.unit();
        }
    }
    for (float &p : positions)
        p += 1e-4f * (random.unit() - 0.5f);
    return positions;
}

// Keeps the edges that will be sampled at least once (relative weight ≥ 1/epochs, as umap-learn drops
// the rest) with their sampling rate.
layoutkernel::EdgeSchedule schedule(const FuzzyGraph &graph, int epochs)
{
    layoutkernel::EdgeSchedule result;
    result.n = graph.n;
    float maxWeight = 0;
    for (float w : graph.weights)
        maxWeight = std::max(maxWeight, w);
    result.offsets.assign(graph.n + 1, 0);
    for (std::size_t i = 0; i < graph.n; ++i) {
        for (std::size_t e = graph.offsets[i]; e < graph.offsets[i + 1]; ++e) {
            const float rate = graph.weights[e] / maxWeight;
            if (rate * float(epochs) >= 1.0f && graph.columns[e] != i && graph.columns[e] < graph.n) {
                result.tails.push_back(graph.columns[e]);
                const float fixed = std::round(rate * float(layoutkernel::EdgeSchedule::RateOne));
                result.rates.push_back(
                    std::uint32_t(std::clamp(fixed, 1.0f, float(layoutkernel::EdgeSchedule::RateOne))));
            }
        }
        result.offsets[i + 1] = result.tails.size();
        result.maxDegree = std::max(result.maxDegree, result.offsets[i + 1] - result.offsets[i]);
    }
    return result;
}

} // namespace

CurveParameters fitCurve(float minDist, float spread)
{
    // Levenberg–Marquardt from (1, 1), as scipy's curve_fit does for umap-learn.
    spread = std::max(spread, 1e-3f);
    minDist = std::max(minDist, 0.0f);
    constexpr int Points = 300;
    double x[Points], y[Points];
    for (int i = 0; i < Points; ++i) {
        x[i] = 3.0 * spread * i / (Points - 1);
        y[i] = x[i] < minDist ? 1.0 : std::exp(-(x[i] - minDist) / spread);
    }
    const auto cost = [&](double a, double b) {
        double sum = 0;
        for (int i = 0; i < Points; ++i) {
            const double r = 1.0 / (1.0 + a * std::pow(x[i], 2 * b)) - y[i];
            sum += r * r;
        }
        return sum;
    };
    double a = 1, b = 1, lambda = 1e-3, current = cost(a, b);
    for (int iteration = 0; iteration < 200; ++iteration) {
        double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
        for (int i = 0; i < Points; ++i) {
            const double p = x[i] > 0 ? std::pow(x[i], 2 * b) : 0.0;
            const double f = 1.0 / (1.0 + a * p);
            const double da = -p * f * f, db = x[i] > 0 ? -a * p * 2 * std::log(x[i]) * f * f : 0.0;
            const double r = f - y[i];
            jaa += da * da;
            jab += da * db;
            jbb += db * db;
            ga += da * r;
            gb += db * r;
        }
        const double maa = jaa * (1 + lambda), mbb = jbb * (1 + lambda), det = maa * mbb - jab * jab;
        const double stepA = -(mbb * ga - jab * gb) / det, stepB = -(maa * gb - jab * ga) / det;
        const double trial = b + stepB > 0 ? cost(a + stepA, b + stepB) : INFINITY;
        if (trial < current) {
            a += stepA;
            b += stepB;
            lambda = std::max(lambda / 10, 1e-12);
            const bool converged = current - trial < 1e-15 * current;
            current = trial;
            if (converged)
                break;
        } else {
            lambda *= 10;
            if (lambda > 1e12)
                break;
        }
    }
    return { float(a), float(b) };
}

std::vector<float> neighborLayout(
    const FuzzyGraph &graph, std::vector<float> init, const LayoutOptions &options, const Control &control)
{
    const std::size_t n = graph.n;
    if (n == 0 || control.cancelled())
        return {};
    const int epochs = options.epochs > 0 ? options.epochs : (n > 10000 ? 200 : 500);
    const layoutkernel::EdgeSchedule edges = schedule(graph, epochs);
    const CurveParameters curve = fitCurve(options.minDist, options.spread);
    layoutkernel::EpochParameters parameters;
    parameters.a = curve.a;
    parameters.b = curve.b;
    parameters.repulsion = options.repulsion;
    parameters.negativeSamples = options.negativeSamples;
    parameters.seed = options.seed;
    std::vector<float> current = startPositions(std::move(init), n, options.seed);
    std::vector<float> next(current.size());

    const std::size_t blocks = (n + Block - 1) / Block;
    const int hardware = int(std::max(1u, std::thread::hardware_concurrency()));
    const int threads
        = int(std::min<std::size_t>(std::size_t(options.threads > 0 ? options.threads : hardware), blocks));
    std::atomic<std::size_t> nextBlock { 0 };
    std::atomic<bool> cancelSeen { false };
    bool finished = false, cancelled = false;
    int epoch = 1;
    auto lastReport = std::chrono::steady_clock::now();
    // Runs once per epoch on one thread while the others wait: the only place shared state changes.
    const auto endOfEpoch = [&]() noexcept {
        std::swap(current, next);
        nextBlock.store(0, std::memory_order_relaxed);
        cancelled = cancelSeen.load(std::memory_order_relaxed) || control.cancelled();
        finished = cancelled || epoch == epochs;
        const auto now = std::chrono::steady_clock::now();
        if (!cancelled && (finished || now - lastReport > std::chrono::milliseconds(30))) {
            lastReport = now;
            control.report(double(epoch) / epochs);
        }
        ++epoch;
    };
    std::barrier sync(threads, endOfEpoch);
    const auto work = [&] {
        std::vector<std::uint32_t> scratch;
        while (!finished) {
            layoutkernel::EpochParameters now = parameters;
            now.epoch = epoch;
            now.alpha = options.learningRate * (1.0f - float(epoch - 1) / float(epochs));
            for (std::size_t b; (b = nextBlock.fetch_add(1, std::memory_order_relaxed)) < blocks;) {
                if (control.cancelled()) {
                    cancelSeen.store(true, std::memory_order_relaxed);
                    break;
                }
                layoutkernel::movePoints(
                    edges, now, b * Block, std::min(n, (b + 1) * Block), current.data(), next.data(), scratch);
            }
            sync.arrive_and_wait();
        }
    };
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t)
        helpers.emplace_back(work);
    work();
    for (std::thread &helper : helpers)
        helper.join();
    if (cancelled)
        return {};
    return current;
}

std::vector<float> neighborLayout(
    const KnnGraph &graph, std::vector<float> init, const LayoutOptions &options, const Control &control)
{
    if (control.cancelled())
        return {};
    return neighborLayout(fuzzySimplicialSet(graph, options.threads), std::move(init), options, control);
}

} // namespace compute
