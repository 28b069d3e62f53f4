#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace compute {

// Row-major float32 vectors in one contiguous, 64-byte-aligned block (each row starts on a cache line:
// the row stride is the dimension rounded up to 16 floats, padding zeroed). Ids stay with the caller,
// in the same row order. Movable, not copyable: matrices are large.
class EmbeddingMatrix
{
public:
    EmbeddingMatrix() = default;
    EmbeddingMatrix(std::size_t rows, int dims); // zero-filled

    // Copies `rows` × `dims` packed floats and L2-normalises every row (zero rows stay zero).
    static EmbeddingMatrix fromPacked(const float *data, std::size_t rows, int dims);
    // Copies `rows` × `dims` packed floats as they are (centroids, coordinates).
    static EmbeddingMatrix copyOf(const float *data, std::size_t rows, int dims);

    std::size_t rows() const { return m_rows; }
    int dims() const { return m_dims; }
    std::size_t stride() const { return m_stride; }
    bool empty() const { return m_rows == 0; }
    std::size_t bytes() const { return m_rows * m_stride * sizeof(float); }

    float *row(std::size_t i) { return m_data.get() + i * m_stride; }
    const float *row(std::size_t i) const { return m_data.get() + i * m_stride; }
    const float *data() const { return m_data.get(); }

    // Scales every row to unit length; returns how many rows were all zeros (they stay zero).
    std::size_t normalizeRows();
    // The first row holding a NaN or an infinity, or rows() when every value is finite.
    std::size_t firstNonFiniteRow() const;

private:
    struct AlignedFree
    {
        void operator()(float *p) const;
    };
    std::unique_ptr<float[], AlignedFree> m_data;
    std::size_t m_rows = 0;
    int m_dims = 0;
    std::size_t m_stride = 0;
};

// The given rows of x, in that order, copied into a new matrix (samples, partitions).
EmbeddingMatrix gatherRows(const EmbeddingMatrix &x, const std::vector<std::size_t> &rows);

} // namespace compute
