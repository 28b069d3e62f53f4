#include "vectorops.h"
#include "x86kernels.h"

#include <cmath>

namespace compute {

float dot(const float *a, const float *b, std::size_t n)
{
    // Four accumulators let the compiler vectorise without -ffast-math.
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; ++i)
        s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

float norm(const float *a, std::size_t n)
{
    return std::sqrt(dot(a, a, n));
}

bool normalize(float *a, std::size_t n)
{
    const float length = norm(a, n);
    if (length <= 0.0f)
        return false;
    const float inverse = 1.0f / length;
    for (std::size_t i = 0; i < n; ++i)
        a[i] *= inverse;
    return true;
}

float cosine(const float *a, const float *b, std::size_t n)
{
    const float na = norm(a, n);
    const float nb = norm(b, n);
    if (na <= 0.0f || nb <= 0.0f)
        return 0.0f;
    return dot(a, b, n) / (na * nb);
}

// out[i] = rows[i] · q for n rows. 32 independent accumulators let the compiler fill whole vector
// registers; target_clones picks the AVX-512 or AVX2 build at run time (one binary for every x86-64).
SEXTANT_TARGET_CLONES("avx512f", "arch=x86-64-v3", "default") void dotRows(
    const float *rows, std::size_t stride, std::size_t n, const float *q, int dims, float *out)
{
    constexpr int Lanes = 32;
    for (std::size_t i = 0; i < n; ++i) {
        const float *row = rows + i * stride;
        float acc[Lanes] = {};
        int d = 0;
        for (; d + Lanes <= dims; d += Lanes) {
            for (int j = 0; j < Lanes; ++j)
                acc[j] += row[d + j] * q[d + j];
        }
        float tail = 0.0f;
        for (; d < dims; ++d)
            tail += row[d] * q[d];
        for (int width = Lanes / 2; width > 0; width /= 2) {
            for (int j = 0; j < width; ++j)
                acc[j] += acc[j + width];
        }
        out[i] = acc[0] + tail;
    }
}

} // namespace compute
