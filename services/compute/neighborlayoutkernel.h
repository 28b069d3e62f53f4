#pragma once
// Internal to neighborLayout(): the edge schedule and the per-epoch SGD kernel.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace compute::layoutkernel {

// The edges each point pulls on, CSR by owner: tails[offsets[i] … offsets[i+1]-1] with their sampling
// rate r = weight / max weight in (0, 1] as fixed point rates[e] = r·2^24: an edge is sampled
// floor(t·r) times in the first t epochs, i.e. in epoch t exactly when (t·rates[e]) mod 2^24 < rates[e].
struct EdgeSchedule
{
    static constexpr std::uint32_t RateOne = 1u << 24;
    std::size_t n = 0;
    std::vector<std::size_t> offsets;
    std::vector<std::uint32_t> tails;
    std::vector<std::uint32_t> rates;
    std::size_t maxDegree = 0;
};

struct EpochParameters
{
    int epoch = 1; // 1-based
    float alpha = 1.0f; // learning rate of this epoch
    float a = 1.0f, b = 1.0f; // curve 1 / (1 + a·d^2b)
    float repulsion = 1.0f; // gamma
    int negativeSamples = 5;
    std::uint64_t seed = 0;
};

// Moves points [begin, end) through one epoch: out[2i], out[2i+1] receive point i's new position. A
// point moves only itself and reads every other point from `previous` (the positions at the start of
// the epoch), and its negative samples come from a stream keyed by (seed, epoch, point), so the result
// does not depend on how points are split into calls, threads or SIMD lanes. `scratch` is per caller.
void movePoints(const EdgeSchedule &schedule, const EpochParameters &parameters, std::size_t begin, std::size_t end,
    const float *previous, float *out, std::vector<std::uint32_t> &scratch);

} // namespace compute::layoutkernel
