// MapPipeline's stage helpers: progress ranges, the PCA-50 reduction large maps are clustered and
// graphed in, and unit-row copies.
#include "map/mappipelinestages.h"

#include "compute/linalg.h"
#include "compute/parallel.h"
#include "compute/sampling.h"
#include "compute/splitmix.h"
#include "compute/vectorops.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace MapStages {

Progress::Progress(const compute::Control &control)
    : m_control(&control)
    , m_last(std::make_shared<std::atomic<double>>(0.0))
{
}

void Progress::reach(double fraction) const
{
    double last = m_last->load();
    while (fraction > last) {
        if (m_last->compare_exchange_weak(last, fraction)) {
            m_control->report(fraction);
            return;
        }
    }
}

compute::Control Progress::stage(double from, double to) const
{
    compute::Control c;
    c.cancel = m_control->cancel;
    const Progress self = *this;
    c.progress = [self, from, to](double f) { self.reach(from + std::clamp(f, 0.0, 1.0) * (to - from)); };
    return c;
}

namespace {

constexpr std::size_t SampleRows = 20000;
constexpr int Oversampling = 10;
constexpr int PowerIterations = 3;
constexpr std::size_t ProjectBlock = 16384;

std::vector<double> toDouble(const std::vector<float> &v)
{
    return std::vector<double>(v.begin(), v.end());
}

std::vector<float> toFloat(const std::vector<double> &v)
{
    return std::vector<float>(v.begin(), v.end());
}

} // namespace

compute::EmbeddingMatrix reduceDimensions(
    const compute::EmbeddingMatrix &x, int components, std::uint64_t seed, const compute::Control &control)
{
    const std::size_t n = x.rows();
    const int dims = x.dims();
    components = std::clamp(components, 1, dims);
    const int width = std::min(dims, components + Oversampling);

    // Mean of all rows (in double, by fixed slices so the sum does not depend on the thread count).
    constexpr std::size_t Slices = 8;
    std::vector<std::vector<double>> sums(Slices, std::vector<double>(std::size_t(dims), 0.0));
    compute::parallelFor(Slices, 0, [&](std::size_t s) {
        for (std::size_t i = n * s / Slices; i < n * (s + 1) / Slices; ++i) {
            const float *row = x.row(i);
            for (int j = 0; j < dims; ++j)
                sums[s][std::size_t(j)] += row[j];
        }
    });
    std::vector<float> mean(std::size_t(dims), 0.0f);
    for (int j = 0; j < dims; ++j) {
        double total = 0;
        for (std::size_t s = 0; s < Slices; ++s)
            total += sums[s][std::size_t(j)];
        mean[std::size_t(j)] = float(total / double(std::max<std::size_t>(n, 1)));
    }
    if (control.cancelled())
        return {};

    // The centred sample A (s × dims, packed).
    compute::SplitMix random(seed ^ 0x5ca1ab1eull);
    const std::vector<std::size_t> rows = compute::sampleRows(n, SampleRows, random);
    const std::size_t s = rows.size();
    std::vector<float> a(s * std::size_t(dims));
    for (std::size_t r = 0; r < s; ++r) {
        const float *row = x.row(rows[r]);
        float *out = a.data() + r * std::size_t(dims);
        for (int j = 0; j < dims; ++j)
            out[j] = row[j] - mean[std::size_t(j)];
    }

    // Range finder: Y = A·Ω, then power iterations Z = orth(Aᵀ·Y), Y = orth(A·Z).
    std::vector<float> omega(std::size_t(dims) * std::size_t(width));
    for (float &v : omega)
        v = float(random.normal());
    std::vector<float> y(s * std::size_t(width)), z(std::size_t(dims) * std::size_t(width));
    const auto timesA = [&](const std::vector<float> &right, std::vector<float> &out) { // out = A·right
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(s), width, dims, 1.0f, a.data(), dims, right.data(),
            width, 0.0f, out.data(), width);
    };
    const auto timesAt = [&](const std::vector<float> &right, std::vector<float> &out) { // out = Aᵀ·right
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, dims, width, int(s), 1.0f, a.data(), dims, right.data(),
            width, 0.0f, out.data(), width);
    };
    const auto orthonormal = [&](std::vector<float> &m, std::size_t rowsOfM) {
        std::vector<double> d = toDouble(m);
        compute::orthonormalizeColumns(d, rowsOfM, std::size_t(width));
        m = toFloat(d);
    };
    timesA(omega, y);
    orthonormal(y, s);
    for (int it = 0; it < PowerIterations; ++it) {
        if (control.cancelled())
            return {};
        timesAt(y, z);
        orthonormal(z, std::size_t(dims));
        timesA(z, y);
        orthonormal(y, s);
        control.report(0.1 + 0.5 * double(it + 1) / PowerIterations);
    }
    timesAt(y, z);
    orthonormal(z, std::size_t(dims)); // Z: an orthonormal basis of the dominant row space (dims × width)

    // Rotate Z to the principal axes: eigenvectors of (A·Z)ᵀ(A·Z).
    timesA(z, y);
    std::vector<double> gram(std::size_t(width) * std::size_t(width), 0.0);
    for (std::size_t r = 0; r < s; ++r) {
        const float *row = y.data() + r * std::size_t(width);
        for (int i = 0; i < width; ++i)
            for (int j = i; j < width; ++j)
                gram[std::size_t(i) * std::size_t(width) + std::size_t(j)] += double(row[i]) * double(row[j]);
    }
    for (int i = 0; i < width; ++i)
        for (int j = 0; j < i; ++j)
            gram[std::size_t(i) * std::size_t(width) + std::size_t(j)]
                = gram[std::size_t(j) * std::size_t(width) + std::size_t(i)];
    std::vector<double> values, vectors;
    compute::symmetricEigen(gram, std::size_t(width), values, vectors);
    // axes (dims × components) = Z · U[:, :components]; each axis's largest entry positive, as compute::pca.
    std::vector<float> axes(std::size_t(dims) * std::size_t(components), 0.0f);
    for (int c = 0; c < components; ++c) {
        double largest = 0;
        for (int j = 0; j < dims; ++j) {
            double v = 0;
            for (int w = 0; w < width; ++w)
                v += double(z[std::size_t(j) * std::size_t(width) + std::size_t(w)])
                    * vectors[std::size_t(w) * std::size_t(width) + std::size_t(c)];
            axes[std::size_t(j) * std::size_t(components) + std::size_t(c)] = float(v);
            if (std::abs(v) > std::abs(largest))
                largest = v;
        }
        if (largest < 0)
            for (int j = 0; j < dims; ++j)
                axes[std::size_t(j) * std::size_t(components) + std::size_t(c)] *= -1.0f;
    }
    control.report(0.7);

    // Every row: (x − μ)·axes = x·axes − μ·axes, by blocks so cancellation is seen.
    std::vector<float> shift(std::size_t(components), 0.0f);
    for (int j = 0; j < dims; ++j)
        for (int c = 0; c < components; ++c)
            shift[std::size_t(c)]
                += mean[std::size_t(j)] * axes[std::size_t(j) * std::size_t(components) + std::size_t(c)];
    compute::EmbeddingMatrix out(n, components);
    for (std::size_t r0 = 0; r0 < n; r0 += ProjectBlock) {
        if (control.cancelled())
            return {};
        const std::size_t count = std::min(ProjectBlock, n - r0);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(count), components, dims, 1.0f, x.row(r0),
            int(x.stride()), axes.data(), components, 0.0f, out.row(r0), int(out.stride()));
        for (std::size_t r = r0; r < r0 + count; ++r) {
            float *row = out.row(r);
            for (int c = 0; c < components; ++c)
                row[c] -= shift[std::size_t(c)];
        }
        control.report(0.7 + 0.3 * double(r0 + count) / double(n));
    }
    return out;
}

compute::EmbeddingMatrix unitRows(const compute::EmbeddingMatrix &x)
{
    compute::EmbeddingMatrix copy(x.rows(), x.dims());
    if (!x.empty())
        std::memcpy(copy.row(0), x.row(0), x.bytes());
    copy.normalizeRows();
    return copy;
}

std::vector<float> firstTwoColumns(const compute::EmbeddingMatrix &x)
{
    std::vector<float> xy(x.rows() * 2, 0.0f);
    for (std::size_t i = 0; i < x.rows(); ++i) {
        xy[2 * i] = x.row(i)[0];
        xy[2 * i + 1] = x.dims() > 1 ? x.row(i)[1] : 0.0f;
    }
    return xy;
}

} // namespace MapStages
