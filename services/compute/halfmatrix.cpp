#include "halfmatrix.h"
#include "halffloat.h"
#include "topkheap.h"
#include "vectorops.h"
#include "x86kernels.h"

#if SEXTANT_HAVE_X86_KERNELS
#include <cpuid.h>
#include <immintrin.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace compute {
namespace {

#if SEXTANT_HAVE_X86_KERNELS
__attribute__((target("avx2,f16c"))) void rowToHalfF16c(const float *in, std::uint16_t *out, int dims)
{
    int d = 0;
    for (; d + 8 <= dims; d += 8)
        _mm_storeu_si128(
            reinterpret_cast<__m128i *>(out + d), _mm256_cvtps_ph(_mm256_loadu_ps(in + d), _MM_FROUND_TO_NEAREST_INT));
    for (; d < dims; ++d)
        out[d] = std::uint16_t(_cvtss_sh(in[d], _MM_FROUND_TO_NEAREST_INT));
}

// out[i] = half row i · q, converting 8 halves per instruction; four accumulators hide the FMA latency.
__attribute__((target("avx2,f16c,fma"))) void dotHalfRowsF16c(
    const std::uint16_t *rows, std::size_t stride, std::size_t n, const float *q, int dims, float *out)
{
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint16_t *row = rows + i * stride;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        int d = 0;
        for (; d + 32 <= dims; d += 32) {
            a0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i *>(row + d))),
                _mm256_loadu_ps(q + d), a0);
            a1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i *>(row + d + 8))),
                _mm256_loadu_ps(q + d + 8), a1);
            a2 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i *>(row + d + 16))),
                _mm256_loadu_ps(q + d + 16), a2);
            a3 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i *>(row + d + 24))),
                _mm256_loadu_ps(q + d + 24), a3);
        }
        for (; d + 8 <= dims; d += 8)
            a0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i *>(row + d))),
                _mm256_loadu_ps(q + d), a0);
        const __m256 s = _mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3));
        __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
        h = _mm_add_ps(h, _mm_movehl_ps(h, h));
        h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 1));
        float tail = 0.0f;
        for (; d < dims; ++d)
            tail += _cvtsh_ss(row[d]) * q[d];
        out[i] = _mm_cvtss_f32(h) + tail;
    }
}
#endif

// F16C's rounding is the IEEE one, so both conversions store the same halves; the two scans differ
// only in how the products are summed (a score's last bits), and the shortlist is re-ranked in fp32.
void toHalf(const float *in, std::uint16_t *out, int dims)
{
#if SEXTANT_HAVE_X86_KERNELS
    if (HalfMatrix::hardwareConversion())
        return rowToHalfF16c(in, out, dims);
#endif
    rowToHalf(in, out, dims);
}

void dotHalfRows(const std::uint16_t *rows, std::size_t stride, std::size_t n, const float *q, int dims, float *out)
{
#if SEXTANT_HAVE_X86_KERNELS
    if (HalfMatrix::hardwareConversion())
        return dotHalfRowsF16c(rows, stride, n, q, dims, out);
#endif
    dotHalfRowsPortable(rows, stride, n, q, dims, out);
}

} // namespace

void HalfMatrix::AlignedFree::operator()(std::uint16_t *p) const
{
    std::free(p);
}

bool HalfMatrix::hardwareConversion()
{
#if SEXTANT_HAVE_X86_KERNELS
    // F16C from CPUID (leaf 1, ECX bit 29): Clang before 15 does not know "f16c" in __builtin_cpu_supports.
    static const bool supported = [] {
        unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
        const bool f16c = __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 29)) != 0;
        return f16c && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }();
    return supported;
#else
    return false;
#endif
}

HalfMatrix::HalfMatrix(const EmbeddingMatrix &source)
    : m_rows(source.rows())
    , m_dims(source.dims())
    , m_stride((std::size_t(source.dims()) + 31) / 32 * 32)
{
    const std::size_t size = std::max<std::size_t>(64, m_rows * m_stride * sizeof(std::uint16_t));
    auto *p = static_cast<std::uint16_t *>(std::aligned_alloc(64, (size + 63) / 64 * 64));
    if (!p)
        throw std::bad_alloc();
    std::memset(p, 0, size);
    m_data.reset(p);
    for (std::size_t i = 0; i < m_rows; ++i)
        toHalf(source.row(i), p + i * m_stride, m_dims);
}

std::vector<Neighbor> searchOneHalf(
    const EmbeddingMatrix &exact, const HalfMatrix &half, const float *query, const SearchOptions &options)
{
    if (half.rows() != exact.rows())
        return searchOne(exact, query, options);
    const int shortlist = std::max(4 * options.k, options.k + 32);
    std::vector<TopKHeap> partial
        = scanRows(half.rows(), shortlist, options, [&](std::size_t first, std::size_t count, float *out) {
              dotHalfRows(half.row(first), half.stride(), count, query, half.dims(), out);
          });
    if (partial.empty())
        return {};
    TopKHeap best(options.k);
    for (TopKHeap &p : partial) {
        for (const Neighbor &candidate : p.sorted())
            best.push(dot(exact.row(candidate.index), query, std::size_t(exact.dims())), candidate.index);
    }
    return best.sorted();
}

} // namespace compute
