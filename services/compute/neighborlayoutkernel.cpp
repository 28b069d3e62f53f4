#include "neighborlayoutkernel.h"
#include "x86kernels.h"

#include <algorithm>
#include <bit>

namespace compute::layoutkernel {
namespace {

// Each point's updates form one long dependency chain (every step starts where the last one ended),
// so a point-at-a-time loop waits on latency and cannot use SIMD. The kernel runs 16 points side by
// side, one per lane, each still strictly sequential: the loops over lanes vectorise (the positions
// are gathered element by element) and independent halves overlap.
constexpr int Lanes = 16;
constexpr float Clip = 4.0f; // umap-learn clips every gradient component to ±4
constexpr float RepulsionEpsilon = 0.001f; // keeps the repulsion finite for nearly coincident points

inline std::uint64_t mix(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// 32-bit integer hash (lowbias32): a counter-based generator that vectorises with 32-bit multiplies.
inline std::uint32_t hash32(std::uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7FEB352Du;
    x ^= x >> 15;
    x *= 0x846CA68Bu;
    return x ^ (x >> 16);
}

inline float clip(float v)
{
    return std::min(std::max(v, -Clip), Clip);
}

// x^y for x in (0, ∞) and 0 < y < 10 as 2^(y·log2 x), within 4e-6 relative (x is clamped to
// [1e-30, 1e30]): std::pow is a library call that neither inlines nor vectorises, and the SGD needs far
// less precision. No branches, not even min/max on floats (the compiler would thread constants through
// them and the loop would no longer vectorise): x ≥ 0 orders like its bit pattern, so it is clamped there.
inline float fastPow(float x, float y)
{
    const std::uint32_t bits = std::min(std::max(std::bit_cast<std::uint32_t>(x), 0x0DA24260u), 0x7149F2CAu);
    // x = 2^e · m with m in [√½, √2), then ln m = 2·atanh(s) with s = (m − 1)/(m + 1), |s| < 0.172.
    const std::uint32_t raw = (bits & 0x007FFFFFu) | 0x3F800000u;
    const std::uint32_t halve = std::uint32_t(raw > 0x3FB504F3u); // m > √2
    const float m = std::bit_cast<float>(raw - (halve << 23));
    const float e = float(std::int32_t((bits >> 23) + halve) - 127);
    const float s = (m - 1.0f) / (m + 1.0f), s2 = s * s;
    const float lnM = 2.0f * s * (1.0f + s2 * (1.0f / 3 + s2 * (1.0f / 5 + s2 * (1.0f / 7))));
    const float t = y * (e + lnM * 1.44269504f); // |t| < 100·y
    // 2^t = 2^i · 2^f with f in [−½, ½] (Cephes exp2f polynomial); t + 1024.5 > 0, so truncation rounds.
    const std::int32_t i = std::int32_t(t + 1024.5f) - 1024;
    const float f = t - float(i);
    float p = 1.535336188319500e-4f;
    p = p * f + 1.339887440266574e-3f;
    p = p * f + 9.618437357674640e-3f;
    p = p * f + 5.550332471162809e-2f;
    p = p * f + 2.402264791363012e-1f;
    p = p * f + 6.931472028550421e-1f;
    p = p * f + 1.0f;
    return p * std::bit_cast<float>(std::uint32_t(std::min(std::max(i, -126), 127) + 127) << 23);
}

struct alignas(64) LaneState
{
    float x[Lanes], y[Lanes];
    std::int32_t self[Lanes], target[Lanes], live[Lanes];
    std::uint32_t key[Lanes], counter[Lanes];
};

} // namespace

// target_clones: one binary picks its AVX-512, AVX2 or SSE2 build at run time. Nothing is contracted
// into FMA (this file is built with -ffp-contract=off: AVX-512F has FMA, and so has AArch64), every
// operation is IEEE-exact per lane and lanes never mix, so every build, the plain one on any
// processor included, gives the same bits.
SEXTANT_TARGET_CLONES("avx512f", "avx2", "default") void movePoints(const EdgeSchedule &schedule,
    const EpochParameters &parameters, std::size_t begin, std::size_t end, const float *previous, float *out,
    std::vector<std::uint32_t> &scratch)
{
    const std::size_t stride = std::max<std::size_t>(schedule.maxDegree, 1);
    scratch.resize(stride * Lanes);
    const float a = parameters.a, b = parameters.b, alpha = parameters.alpha;
    // The attraction counts twice: every undirected edge is stored from both ends and umap-learn moves
    // both ends whenever either copy is sampled, while here each end moves only itself.
    const float attraction = -2.0f * a * b, twoAlpha = 2.0f * alpha;
    const float repulsion = 2.0f * parameters.repulsion * b;
    const std::uint64_t n = schedule.n;
    const std::uint32_t epoch = std::uint32_t(parameters.epoch);
    const std::uint64_t epochKey = mix(parameters.seed ^ mix(std::uint64_t(parameters.epoch)));

    LaneState lane;
    std::uint32_t queued[Lanes] = {}, taken[Lanes] = {};
    std::size_t next = begin;
    // Puts the next point with an edge sampled this epoch into lane l (points without one keep their
    // position); false when the range is done.
    const auto load = [&](int l) {
        std::uint32_t *queue = scratch.data() + std::size_t(l) * stride;
        while (next < end) {
            const std::size_t i = next++;
            std::uint32_t count = 0;
            for (std::size_t e = schedule.offsets[i]; e < schedule.offsets[i + 1]; ++e) {
                queue[count] = schedule.tails[e];
                count += ((epoch * schedule.rates[e]) & (EdgeSchedule::RateOne - 1)) < schedule.rates[e];
            }
            if (count == 0) {
                out[2 * i] = previous[2 * i];
                out[2 * i + 1] = previous[2 * i + 1];
                continue;
            }
            lane.x[l] = previous[2 * i];
            lane.y[l] = previous[2 * i + 1];
            lane.self[l] = std::int32_t(i);
            lane.key[l] = std::uint32_t(mix(epochKey + i));
            lane.counter[l] = 0;
            queued[l] = count;
            taken[l] = 0;
            return true;
        }
        return false;
    };

    int live = 0;
    for (int l = 0; l < Lanes; ++l) {
        lane.self[l] = std::int32_t(begin);
        lane.x[l] = lane.y[l] = 0.0f;
        lane.live[l] = load(l);
        live += lane.live[l];
    }
    while (live > 0) {
        for (int l = 0; l < Lanes; ++l)
            lane.target[l] = lane.live[l] ? std::int32_t(scratch[std::size_t(l) * stride + taken[l]++]) : lane.self[l];

        for (int l = 0; l < Lanes; ++l) {
            const std::int32_t j = lane.target[l];
            const float dx = lane.x[l] - previous[2 * j], dy = lane.y[l] - previous[2 * j + 1];
            const float d2 = dx * dx + dy * dy;
            const float p = fastPow(d2, b); // d^2b
            const float coefficient = attraction * p / (std::max(d2, 1e-30f) * (a * p + 1.0f));
            const float gate = float((lane.live[l] != 0) & (d2 > 0.0f)) * twoAlpha;
            lane.x[l] += gate * clip(coefficient * dx);
            lane.y[l] += gate * clip(coefficient * dy);
        }

        for (int s = 0; s < parameters.negativeSamples; ++s) {
            for (int l = 0; l < Lanes; ++l) {
                const std::uint32_t h = hash32(lane.key[l] + lane.counter[l]++);
                const std::int32_t k = std::int32_t((h * n) >> 32); // uniform in [0, n)
                const float dx = lane.x[l] - previous[2 * k], dy = lane.y[l] - previous[2 * k + 1];
                const float d2 = dx * dx + dy * dy;
                const float coefficient = repulsion / ((RepulsionEpsilon + d2) * (a * fastPow(d2, b) + 1.0f));
                const float gate = float((lane.live[l] != 0) & (k != lane.self[l]) & (d2 > 0.0f)) * alpha;
                lane.x[l] += gate * clip(coefficient * dx);
                lane.y[l] += gate * clip(coefficient * dy);
            }
        }

        for (int l = 0; l < Lanes; ++l) {
            if (!lane.live[l] || taken[l] < queued[l])
                continue;
            out[2 * std::size_t(lane.self[l])] = lane.x[l];
            out[2 * std::size_t(lane.self[l]) + 1] = lane.y[l];
            lane.live[l] = load(l);
            live -= !lane.live[l];
        }
    }
}

} // namespace compute::layoutkernel
