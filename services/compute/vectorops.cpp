#include "vectorops.h"

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

void normalize(float *a, std::size_t n)
{
    const float length = norm(a, n);
    if (length <= 0.0f)
        return;
    const float inverse = 1.0f / length;
    for (std::size_t i = 0; i < n; ++i)
        a[i] *= inverse;
}

float cosine(const float *a, const float *b, std::size_t n)
{
    const float na = norm(a, n);
    const float nb = norm(b, n);
    if (na <= 0.0f || nb <= 0.0f)
        return 0.0f;
    return dot(a, b, n) / (na * nb);
}

} // namespace compute
