#pragma once

#include <cstddef>

namespace compute {

// The fused pass of the randomized PCA, over rows [0, count) that lie `stride` floats apart:
// for every row x, t = Wᵀx − m (16 values; W is dims × 16, m the mean's projection), then
// Z += x ⊗ t and s += t. Z (dims × 16) and s (16) accumulate; all four arrays are 64-byte aligned.
// One read of each row does both halves of XᵀX·W, which is what makes a power iteration cost one pass.
void gramTimes(const float *rows, std::size_t stride, std::size_t count, int dims, const float *w, const float *m,
    float *z, float *s);

// t_i = Wᵀx_i − m for every row, written to out (count × 16).
void projectRows(const float *rows, std::size_t stride, std::size_t count, int dims, const float *w, const float *m,
    float *out);

} // namespace compute
