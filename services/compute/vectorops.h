#pragma once

#include <cstddef>

namespace compute {

float dot(const float *a, const float *b, std::size_t n);
float norm(const float *a, std::size_t n);
// Scales to unit length; leaves a zero vector unchanged and returns false for it.
bool normalize(float *a, std::size_t n);
// Cosine similarity; 0 when either vector is zero.
float cosine(const float *a, const float *b, std::size_t n);
// out[i] = rows[i] · q for n rows `stride` floats apart: one streaming pass, memory-bandwidth bound.
void dotRows(const float *rows, std::size_t stride, std::size_t n, const float *q, int dims, float *out);

} // namespace compute
