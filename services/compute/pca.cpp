#include "pca.h"
#include "linalg.h"
#include "parallel.h"
#include "pcakernel.h"
#include "splitmix.h"
#include "vectorops.h"

#include <algorithm>
#include <cmath>

namespace compute {
namespace {

constexpr std::size_t Width = 16; // subspace columns: one AVX-512 register per row of W
constexpr std::size_t Slices = 8; // fixed row slices summed in order: the same bytes on any thread count
constexpr std::size_t Block = 512; // rows per float partial before it is added in double

// Column means and the total variance. Rows are summed in float over blocks (vectorised), blocks in
// double; squared norms come from the vectorised dot product.
void meanAndVariance(const EmbeddingMatrix &x, std::vector<double> &mean, double &total)
{
    const std::size_t n = x.rows(), dims = std::size_t(x.dims());
    std::vector<std::vector<double>> sums(Slices, std::vector<double>(dims, 0.0));
    std::vector<double> squares(Slices, 0.0);
    parallelFor(Slices, 0, [&](std::size_t s) {
        std::vector<float> partial(dims);
        const std::size_t end = n * (s + 1) / Slices;
        for (std::size_t r0 = n * s / Slices; r0 < end; r0 += Block) {
            std::fill(partial.begin(), partial.end(), 0.0f);
            for (std::size_t i = r0; i < std::min(end, r0 + Block); ++i) {
                const float *row = x.row(i);
                for (std::size_t j = 0; j < dims; ++j)
                    partial[j] += row[j];
                squares[s] += dot(row, row, dims);
            }
            for (std::size_t j = 0; j < dims; ++j)
                sums[s][j] += partial[j];
        }
    });
    mean.assign(dims, 0.0);
    double square = 0;
    for (std::size_t s = 0; s < Slices; ++s) {
        square += squares[s];
        for (std::size_t j = 0; j < dims; ++j)
            mean[j] += sums[s][j];
    }
    double meanSquare = 0;
    for (double &m : mean) {
        m /= double(n);
        meanSquare += m * m;
    }
    total = n > 1 ? std::max(0.0, (square - double(n) * meanSquare) / double(n - 1)) : 0.0;
}

// W (dims × 16, double) as the kernel's aligned float copy, and m = Wᵀμ.
void prepare(const std::vector<double> &w, const std::vector<double> &mean, EmbeddingMatrix &wf, EmbeddingMatrix &m)
{
    const std::size_t dims = mean.size();
    m = EmbeddingMatrix(1, int(Width));
    for (std::size_t j = 0; j < dims; ++j)
        for (std::size_t c = 0; c < Width; ++c) {
            wf.row(j)[c] = float(w[j * Width + c]);
            m.row(0)[c] += float(mean[j] * w[j * Width + c]);
        }
}

// Xcᵀ·Xc·W for the implicitly centred Xc = X − 1μᵀ, in one pass over the rows.
std::vector<double> gramTimesW(const EmbeddingMatrix &x, const std::vector<double> &mean, const std::vector<double> &w)
{
    const std::size_t n = x.rows(), dims = std::size_t(x.dims());
    EmbeddingMatrix wf(dims, int(Width)), m;
    prepare(w, mean, wf, m);
    std::vector<std::vector<double>> z(Slices, std::vector<double>(dims * Width, 0.0));
    std::vector<std::vector<double>> s(Slices, std::vector<double>(Width, 0.0));
    parallelFor(Slices, 0, [&](std::size_t slice) {
        EmbeddingMatrix zf(dims, int(Width)), sf(1, int(Width));
        const std::size_t end = n * (slice + 1) / Slices;
        for (std::size_t r0 = n * slice / Slices; r0 < end; r0 += Block) {
            std::fill(zf.row(0), zf.row(0) + dims * Width, 0.0f);
            std::fill(sf.row(0), sf.row(0) + Width, 0.0f);
            gramTimes(x.row(r0), x.stride(), std::min(Block, end - r0), int(dims), wf.data(), m.data(), zf.row(0), sf.row(0));
            for (std::size_t e = 0; e < dims * Width; ++e)
                z[slice][e] += zf.data()[e];
            for (std::size_t c = 0; c < Width; ++c)
                s[slice][c] += sf.data()[c];
        }
    });
    // Σ x ⊗ t over the rows is Xᵀ·T; centring the left factor subtracts μ ⊗ Σt.
    std::vector<double> out(dims * Width, 0.0), total(Width, 0.0);
    for (std::size_t slice = 0; slice < Slices; ++slice) {
        for (std::size_t e = 0; e < dims * Width; ++e)
            out[e] += z[slice][e];
        for (std::size_t c = 0; c < Width; ++c)
            total[c] += s[slice][c];
    }
    for (std::size_t j = 0; j < dims; ++j)
        for (std::size_t c = 0; c < Width; ++c)
            out[j * Width + c] -= mean[j] * total[c];
    return out;
}

} // namespace

PcaResult pca(const EmbeddingMatrix &x, const PcaOptions &options, const Control &control)
{
    PcaResult result;
    const std::size_t n = x.rows(), dims = std::size_t(x.dims());
    if (n == 0) {
        result.status = Status::EmptyInput;
        return result;
    }
    if (options.components < 1 || options.components > 8 || std::size_t(options.components) > dims) {
        result.status = Status::InvalidArgument;
        return result;
    }
    if (const std::size_t bad = x.firstNonFiniteRow(); bad < n) {
        result.status = Status::NonFiniteInput;
        result.badRow = bad;
        return result;
    }
    std::vector<double> mean;
    meanAndVariance(x, mean, result.totalVariance);

    // Subspace iteration on the covariance: W ← orth(XcᵀXc·W), each step one fused pass.
    SplitMix random(options.seed);
    std::vector<double> w(dims * Width);
    for (double &v : w)
        v = random.normal();
    orthonormalizeColumns(w, dims, Width);
    std::vector<double> z;
    const int passes = options.powerIterations + 2;
    for (int pass = 0; pass <= options.powerIterations; ++pass) {
        z = gramTimesW(x, mean, w);
        control.report(double(pass + 1) / passes);
        if (control.cancelled()) {
            result.status = Status::Cancelled;
            return result;
        }
        if (pass < options.powerIterations) {
            w = z;
            orthonormalizeColumns(w, dims, Width);
        }
    }
    // Rayleigh–Ritz: the eigenvectors of Wᵀ·(XcᵀXc·W) rotate W onto the principal axes.
    std::vector<double> small(Width * Width, 0.0);
    for (std::size_t j = 0; j < dims; ++j)
        for (std::size_t a = 0; a < Width; ++a)
            for (std::size_t b = 0; b < Width; ++b)
                small[a * Width + b] += w[j * Width + a] * z[j * Width + b];
    for (std::size_t a = 0; a < Width; ++a) // symmetrise the rounding away
        for (std::size_t b = a + 1; b < Width; ++b)
            small[a * Width + b] = small[b * Width + a] = 0.5 * (small[a * Width + b] + small[b * Width + a]);
    std::vector<double> values, vectors;
    symmetricEigen(small, Width, values, vectors);

    const int components = options.components;
    result.components = components;
    result.mean.assign(mean.begin(), mean.end());
    std::vector<double> axes(dims * Width, 0.0); // dims × 16, the first `components` columns used
    for (int c = 0; c < components; ++c) {
        double largest = 0;
        for (std::size_t j = 0; j < dims; ++j) {
            double v = 0;
            for (std::size_t a = 0; a < Width; ++a)
                v += w[j * Width + a] * vectors[a * Width + std::size_t(c)];
            axes[j * Width + std::size_t(c)] = v;
            if (std::abs(v) > std::abs(largest))
                largest = v;
        }
        if (largest < 0) // a sign convention, so reruns and other machines agree
            for (std::size_t j = 0; j < dims; ++j)
                axes[j * Width + std::size_t(c)] *= -1.0;
        result.explainedVariance.push_back(n > 1 ? std::max(0.0, values[std::size_t(c)]) / double(n - 1) : 0.0);
        for (std::size_t j = 0; j < dims; ++j)
            result.axes.push_back(float(axes[j * Width + std::size_t(c)]));
    }
    EmbeddingMatrix wf(dims, int(Width)), m, projected(n, int(Width));
    prepare(axes, mean, wf, m);
    parallelFor(Slices, 0, [&](std::size_t slice) {
        const std::size_t begin = n * slice / Slices, end = n * (slice + 1) / Slices;
        if (end > begin)
            projectRows(x.row(begin), x.stride(), end - begin, int(dims), wf.data(), m.data(), projected.row(begin));
    });
    result.coordinates.resize(n * std::size_t(components));
    for (std::size_t i = 0; i < n; ++i)
        for (int c = 0; c < components; ++c)
            result.coordinates[i * std::size_t(components) + std::size_t(c)] = projected.row(i)[c];
    control.report(1.0);
    return result;
}

} // namespace compute
