#pragma once

#include "control.h"
#include "embeddingmatrix.h"

#include <cstdint>
#include <vector>

namespace compute {

// Greedy k-means++ (Arthur & Vassilvitskii with 2 + ln k candidates per step, keeping the one that
// lowers the potential most) over the rows of `x` listed in `rows` (every row when null), read where
// they lie: no copy of a sample, which can be a large share of x. The same rows give the same centres
// whether listed here or gathered into a matrix of their own. Returns k centres (rows copied from x;
// once every point coincides with a centre the rest are copies). Empty when cancelled.
EmbeddingMatrix kmeansPlusPlus(const EmbeddingMatrix &x, const std::vector<std::size_t> *rows, int k,
    std::uint64_t seed, const Control &control = {});

} // namespace compute
