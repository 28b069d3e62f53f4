#include "pcakernel.h"
#include "x86kernels.h"

namespace compute {
namespace {

// Eight floats: one AVX register. A row of W (16 floats) is two of them. Wider vector types make GCC
// spill to the stack on AVX2 machines, which is what this machine and CI have.
using V8 = float __attribute__((vector_size(32)));

struct Pair
{
    V8 lo, hi;
};

// Wᵀx − m: eight independent accumulators (four dimensions × two halves) hide the FMA latency.
__attribute__((always_inline)) inline Pair project(const float *x, int dims, const V8 *w, const V8 *m)
{
    V8 l0 = {}, h0 = {}, l1 = {}, h1 = {}, l2 = {}, h2 = {}, l3 = {}, h3 = {};
    int j = 0;
    for (; j + 4 <= dims; j += 4) {
        const V8 *r = w + 2 * j;
        l0 += x[j] * r[0];
        h0 += x[j] * r[1];
        l1 += x[j + 1] * r[2];
        h1 += x[j + 1] * r[3];
        l2 += x[j + 2] * r[4];
        h2 += x[j + 2] * r[5];
        l3 += x[j + 3] * r[6];
        h3 += x[j + 3] * r[7];
    }
    for (; j < dims; ++j) {
        l0 += x[j] * w[2 * j];
        h0 += x[j] * w[2 * j + 1];
    }
    return { ((l0 + l1) + (l2 + l3)) - m[0], ((h0 + h1) + (h2 + h3)) - m[1] };
}

} // namespace

SEXTANT_TARGET_CLONES("arch=x86-64-v3", "default") void gramTimes(const float *rows, std::size_t stride,
    std::size_t count, int dims, const float *w, const float *m, float *z, float *s)
{
    const V8 *wv = reinterpret_cast<const V8 *>(w);
    const V8 *mv = reinterpret_cast<const V8 *>(m);
    V8 *zv = reinterpret_cast<V8 *>(z);
    V8 *sv = reinterpret_cast<V8 *>(s);
    V8 sumLo = sv[0], sumHi = sv[1];
    for (std::size_t i = 0; i < count; ++i) {
        const float *x = rows + i * stride;
        const Pair t = project(x, dims, wv, mv);
        sumLo += t.lo;
        sumHi += t.hi;
        for (int j = 0; j < dims; ++j) {
            zv[2 * j] += x[j] * t.lo;
            zv[2 * j + 1] += x[j] * t.hi;
        }
    }
    sv[0] = sumLo;
    sv[1] = sumHi;
}

SEXTANT_TARGET_CLONES("arch=x86-64-v3", "default") void projectRows(const float *rows, std::size_t stride,
    std::size_t count, int dims, const float *w, const float *m, float *out)
{
    const V8 *wv = reinterpret_cast<const V8 *>(w);
    const V8 *mv = reinterpret_cast<const V8 *>(m);
    V8 *ov = reinterpret_cast<V8 *>(out);
    for (std::size_t i = 0; i < count; ++i) {
        const Pair t = project(rows + i * stride, dims, wv, mv);
        ov[2 * i] = t.lo;
        ov[2 * i + 1] = t.hi;
    }
}

} // namespace compute
