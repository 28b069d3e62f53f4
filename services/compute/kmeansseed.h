#pragma once

#include "control.h"
#include "embeddingmatrix.h"

#include <cstdint>

namespace compute {

// Greedy k-means++ (Arthur & Vassilvitskii with 2 + ln k candidates per step, keeping the one that
// lowers the potential most) over the rows of `points`. Returns k centres (rows copied from points;
// once every point coincides with a centre the rest are copies). Empty when cancelled.
EmbeddingMatrix kmeansPlusPlus(const EmbeddingMatrix &points, int k, std::uint64_t seed, const Control &control = {});

} // namespace compute
