#pragma once

#include "embeddingmatrix.h"
#include "topk.h"

#include <cstdint>
#include <memory>

namespace compute {

// A half-precision (IEEE fp16) copy of an EmbeddingMatrix for interactive search: half the bytes to
// stream per query, which is what bounds a single-query scan. fp16 keeps 11 significant bits, enough
// to shortlist candidates that are then re-ranked in fp32 against the original matrix. Rows are
// 64-byte aligned with the same padded stride as the source.
class HalfMatrix
{
public:
    HalfMatrix() = default;
    explicit HalfMatrix(const EmbeddingMatrix &source);

    std::size_t rows() const { return m_rows; }
    int dims() const { return m_dims; }
    std::size_t stride() const { return m_stride; }
    std::size_t bytes() const { return m_rows * m_stride * sizeof(std::uint16_t); }
    const std::uint16_t *row(std::size_t i) const { return m_data.get() + i * m_stride; }

    // Whether this processor converts fp16 in hardware (F16C with AVX2 and FMA, in a build with the x86
    // kernels). Without it the same halves are made and read in plain C++, which scans more slowly.
    static bool hardwareConversion();

private:
    struct AlignedFree
    {
        void operator()(std::uint16_t *p) const;
    };
    std::unique_ptr<std::uint16_t[], AlignedFree> m_data;
    std::size_t m_rows = 0;
    int m_dims = 0;
    std::size_t m_stride = 0;
};

// Single-query top-k: scans the fp16 copy for a shortlist of max(4k, k + 32) candidates, then
// re-ranks the shortlist exactly in fp32 against `exact` (the matrix the copy was made from). Scores
// are exact fp32 inner products; the shortlist can in principle miss a row whose fp16 score fell
// behind by more than the rounding (the benchmark measures recall against the exact scan).
std::vector<Neighbor> searchOneHalf(
    const EmbeddingMatrix &exact, const HalfMatrix &half, const float *query, const SearchOptions &options = {});

} // namespace compute
