#include "halffloat.h"

#include <bit>

namespace compute {

std::uint16_t halfFromFloat(float value)
{
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
    const auto sign = std::uint16_t((bits >> 16) & 0x8000u);
    const std::uint32_t magnitude = bits & 0x7fffffffu;
    if (magnitude >= 0x7f800000u) {
        if (magnitude == 0x7f800000u)
            return std::uint16_t(sign | 0x7c00u);
        return std::uint16_t(sign | 0x7e00u | ((magnitude >> 13) & 0x3ffu));
    }
    // Half exponent of a normal result; ≤ 0 means the result is subnormal (or rounds to zero).
    const int exponent = int(magnitude >> 23) - 127 + 15;
    if (exponent >= 31)
        return std::uint16_t(sign | 0x7c00u);
    // The 24-bit significand (implicit bit included) shifted down to the 11 bits a normal half keeps,
    // or further for a subnormal one. Float subnormals are far below half's smallest subnormal.
    const std::uint32_t significand = (magnitude & 0x7fffffu) | (magnitude >= 0x00800000u ? 0x800000u : 0u);
    const int shift = exponent > 0 ? 13 : 14 - exponent;
    if (shift > 24)
        return sign;
    std::uint32_t kept = significand >> shift;
    const std::uint32_t rest = significand & ((1u << shift) - 1u);
    const std::uint32_t halfway = 1u << (shift - 1);
    if (rest > halfway || (rest == halfway && (kept & 1u)))
        ++kept; // a carry out of the significand correctly bumps the exponent (and reaches infinity)
    // A normal half is (exponent − 1)·2¹⁰ + the significand with its implicit bit; a subnormal one is
    // the significand alone.
    const std::uint32_t encoded = exponent > 0 ? (std::uint32_t(exponent - 1) << 10) + kept : kept;
    return std::uint16_t(sign | encoded);
}

float floatFromHalf(std::uint16_t half)
{
    const std::uint32_t sign = std::uint32_t(half & 0x8000u) << 16;
    const std::uint32_t exponent = (half >> 10) & 0x1fu;
    const std::uint32_t mantissa = half & 0x3ffu;
    if (exponent == 0) // zero or subnormal: mantissa · 2⁻²⁴, exact in float
        return std::bit_cast<float>(sign | std::bit_cast<std::uint32_t>(float(mantissa) * 0x1p-24f));
    if (exponent == 0x1f)
        return std::bit_cast<float>(sign | 0x7f800000u | (mantissa << 13));
    return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

void rowToHalf(const float *in, std::uint16_t *out, int dims)
{
    for (int d = 0; d < dims; ++d)
        out[d] = halfFromFloat(in[d]);
}

void dotHalfRowsPortable(
    const std::uint16_t *rows, std::size_t stride, std::size_t n, const float *q, int dims, float *out)
{
    // Independent accumulators, as in dotRows, so the compiler can keep a vector register busy.
    constexpr int Lanes = 32;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint16_t *row = rows + i * stride;
        float acc[Lanes] = {};
        int d = 0;
        for (; d + Lanes <= dims; d += Lanes) {
            for (int j = 0; j < Lanes; ++j)
                acc[j] += floatFromHalf(row[d + j]) * q[d + j];
        }
        float tail = 0.0f;
        for (; d < dims; ++d)
            tail += floatFromHalf(row[d]) * q[d];
        for (int width = Lanes / 2; width > 0; width /= 2) {
            for (int j = 0; j < width; ++j)
                acc[j] += acc[j + width];
        }
        out[i] = acc[0] + tail;
    }
}

} // namespace compute
