#pragma once

#include "splitmix.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace compute {

// Keeps a uniform sample of `count` entries of `pool` without repetition, in ascending order
// (partial Fisher–Yates: the first `count` slots end up the sample). The whole pool when count ≥ its
// size. The same random stream always draws the same sample.
template<typename T> void sampleInPlace(std::vector<T> &pool, std::size_t count, SplitMix &random)
{
    count = std::min(count, pool.size());
    for (std::size_t i = 0; i < count; ++i)
        std::swap(pool[i], pool[i + std::size_t(random.below(pool.size() - i))]);
    pool.resize(count);
    std::sort(pool.begin(), pool.end());
}

// `count` distinct rows of [0, n), ascending.
inline std::vector<std::size_t> sampleRows(std::size_t n, std::size_t count, SplitMix &random)
{
    std::vector<std::size_t> rows(n);
    std::iota(rows.begin(), rows.end(), std::size_t(0));
    sampleInPlace(rows, count, random);
    return rows;
}

} // namespace compute
