#include "embeddingmatrix.h"
#include "vectorops.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

namespace compute {

void EmbeddingMatrix::AlignedFree::operator()(float *p) const
{
    std::free(p);
}

EmbeddingMatrix::EmbeddingMatrix(std::size_t rows, int dims)
    : m_rows(rows)
    , m_dims(dims)
    , m_stride((std::size_t(dims) + 15) / 16 * 16)
{
    const std::size_t size = std::max<std::size_t>(64, m_rows * m_stride * sizeof(float));
    auto *p = static_cast<float *>(std::aligned_alloc(64, (size + 63) / 64 * 64));
    if (!p)
        throw std::bad_alloc();
    std::memset(p, 0, size);
    m_data.reset(p);
}

EmbeddingMatrix EmbeddingMatrix::fromPacked(const float *data, std::size_t rows, int dims)
{
    EmbeddingMatrix m = copyOf(data, rows, dims);
    m.normalizeRows();
    return m;
}

EmbeddingMatrix EmbeddingMatrix::copyOf(const float *data, std::size_t rows, int dims)
{
    EmbeddingMatrix m(rows, dims);
    for (std::size_t i = 0; i < rows; ++i)
        std::memcpy(m.row(i), data + i * std::size_t(dims), std::size_t(dims) * sizeof(float));
    return m;
}

std::size_t EmbeddingMatrix::normalizeRows()
{
    std::size_t zeros = 0;
    for (std::size_t i = 0; i < m_rows; ++i)
        zeros += normalize(row(i), std::size_t(m_dims)) ? 0 : 1;
    return zeros;
}

std::size_t EmbeddingMatrix::firstNonFiniteRow() const
{
    for (std::size_t i = 0; i < m_rows; ++i) {
        const float *r = row(i);
        // x − x is 0 for every finite x and NaN for NaN and ±inf: one branch-free reduction per row.
        float probe = 0.0f;
        for (int j = 0; j < m_dims; ++j)
            probe += r[j] - r[j];
        if (probe != 0.0f)
            return i;
    }
    return m_rows;
}

EmbeddingMatrix gatherRows(const EmbeddingMatrix &x, const std::vector<std::size_t> &rows)
{
    EmbeddingMatrix out(rows.size(), x.dims());
    for (std::size_t i = 0; i < rows.size(); ++i)
        std::memcpy(out.row(i), x.row(rows[i]), std::size_t(x.dims()) * sizeof(float));
    return out;
}

} // namespace compute
