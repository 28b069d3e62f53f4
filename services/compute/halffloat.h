#pragma once

#include <cstddef>
#include <cstdint>

namespace compute {

// IEEE binary16 in plain C++, bit for bit what F16C does (round to nearest, ties to even; overflow to
// infinity; subnormals kept; NaN stays NaN with its payload truncated and quieted). HalfMatrix uses
// these wherever the processor cannot convert (no F16C, not x86, or a portable build).
std::uint16_t halfFromFloat(float value);
float floatFromHalf(std::uint16_t half);

void rowToHalf(const float *in, std::uint16_t *out, int dims);
// out[i] = half row i · q for n rows of `stride` halves.
void dotHalfRowsPortable(
    const std::uint16_t *rows, std::size_t stride, std::size_t n, const float *q, int dims, float *out);

} // namespace compute
