#include "pca.h"
#include "linalg.h"
#include "parallel.h"
#include "splitmix.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>

namespace compute {
namespace {

// Column means and the total variance, in double, over fixed row slices summed in order.
void meanAndVariance(const EmbeddingMatrix &x, std::vector<double> &mean, double &total)
{
    constexpr std::size_t Slices = 8;
    const std::size_t n = x.rows(), dims = std::size_t(x.dims());
    std::vector<std::vector<double>> sums(Slices, std::vector<double>(dims, 0.0));
    std::vector<double> squares(Slices, 0.0);
    parallelFor(Slices, 0, [&](std::size_t s) {
        for (std::size_t i = n * s / Slices; i < n * (s + 1) / Slices; ++i) {
            const float *row = x.row(i);
            for (std::size_t j = 0; j < dims; ++j) {
                sums[s][j] += row[j];
                squares[s] += double(row[j]) * row[j];
            }
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
    total = n > 1 ? (square - double(n) * meanSquare) / double(n - 1) : 0.0;
}

std::vector<float> toFloat(const std::vector<double> &a)
{
    return std::vector<float>(a.begin(), a.end());
}

// (X − 1μᵀ)·W for W dims × l: one SGEMM, then the rank-one correction.
std::vector<double> timesRight(const EmbeddingMatrix &x, const std::vector<double> &mean, const std::vector<double> &w, int l)
{
    const std::size_t n = x.rows(), dims = std::size_t(x.dims());
    const std::vector<float> wf = toFloat(w);
    std::vector<float> y(n * std::size_t(l));
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(n), l, int(dims), 1.0f, x.row(0), int(x.stride()),
        wf.data(), l, 0.0f, y.data(), l);
    std::vector<double> shift(std::size_t(l), 0.0);
    for (std::size_t j = 0; j < dims; ++j)
        for (int c = 0; c < l; ++c)
            shift[std::size_t(c)] += mean[j] * w[j * std::size_t(l) + std::size_t(c)];
    std::vector<double> out(y.size());
    for (std::size_t i = 0; i < n; ++i)
        for (int c = 0; c < l; ++c)
            out[i * std::size_t(l) + std::size_t(c)] = double(y[i * std::size_t(l) + std::size_t(c)]) - shift[std::size_t(c)];
    return out;
}

// (X − 1μᵀ)ᵀ·Q for Q n × l: dims × l.
std::vector<double> timesLeft(const EmbeddingMatrix &x, const std::vector<double> &mean, const std::vector<double> &q, int l)
{
    const std::size_t n = x.rows(), dims = std::size_t(x.dims());
    const std::vector<float> qf = toFloat(q);
    std::vector<float> z(dims * std::size_t(l));
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, int(dims), l, int(n), 1.0f, x.row(0), int(x.stride()),
        qf.data(), l, 0.0f, z.data(), l);
    std::vector<double> columnSums(std::size_t(l), 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (int c = 0; c < l; ++c)
            columnSums[std::size_t(c)] += q[i * std::size_t(l) + std::size_t(c)];
    std::vector<double> out(z.size());
    for (std::size_t j = 0; j < dims; ++j)
        for (int c = 0; c < l; ++c)
            out[j * std::size_t(l) + std::size_t(c)] = double(z[j * std::size_t(l) + std::size_t(c)]) - mean[j] * columnSums[std::size_t(c)];
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
    if (options.components < 1 || std::size_t(options.components) > dims) {
        result.status = Status::InvalidArgument;
        return result;
    }
    if (const std::size_t bad = x.firstNonFiniteRow(); bad < n) {
        result.status = Status::NonFiniteInput;
        result.badRow = bad;
        return result;
    }
    const int components = options.components;
    const int l = int(std::min<std::size_t>(std::size_t(components + std::max(0, options.oversample)), dims));
    const int passes = 3 + 2 * options.powerIterations;
    int pass = 0;
    const auto step = [&] {
        control.report(double(++pass) / passes);
        return !control.cancelled();
    };

    std::vector<double> mean;
    meanAndVariance(x, mean, result.totalVariance);
    SplitMix random(options.seed);
    std::vector<double> omega(dims * std::size_t(l));
    for (double &v : omega)
        v = random.normal();
    std::vector<double> q = timesRight(x, mean, omega, l);
    orthonormalizeColumns(q, n, std::size_t(l));
    if (!step()) {
        result.status = Status::Cancelled;
        return result;
    }
    for (int it = 0; it < options.powerIterations; ++it) {
        std::vector<double> z = timesLeft(x, mean, q, l);
        orthonormalizeColumns(z, dims, std::size_t(l));
        if (!step()) {
            result.status = Status::Cancelled;
            return result;
        }
        q = timesRight(x, mean, z, l);
        orthonormalizeColumns(q, n, std::size_t(l));
        if (!step()) {
            result.status = Status::Cancelled;
            return result;
        }
    }
    // B = Qᵀ(X − 1μᵀ) is l × dims; its right singular vectors are the principal axes. Bt = Bᵀ.
    const std::vector<double> bt = timesLeft(x, mean, q, l);
    if (!step()) {
        result.status = Status::Cancelled;
        return result;
    }
    std::vector<double> gram(std::size_t(l) * std::size_t(l), 0.0); // B·Bᵀ
    for (std::size_t j = 0; j < dims; ++j)
        for (int a = 0; a < l; ++a)
            for (int b = 0; b < l; ++b)
                gram[std::size_t(a) * std::size_t(l) + std::size_t(b)]
                    += bt[j * std::size_t(l) + std::size_t(a)] * bt[j * std::size_t(l) + std::size_t(b)];
    std::vector<double> values, vectors;
    symmetricEigen(gram, std::size_t(l), values, vectors);

    result.components = components;
    result.mean.assign(mean.begin(), mean.end());
    std::vector<double> axes(dims * std::size_t(components), 0.0); // dims × components, for timesRight
    for (int c = 0; c < components; ++c) {
        const double sigma = std::sqrt(std::max(0.0, values[std::size_t(c)]));
        double largest = 0;
        for (std::size_t j = 0; j < dims; ++j) {
            double v = 0;
            for (int a = 0; a < l; ++a)
                v += bt[j * std::size_t(l) + std::size_t(a)] * vectors[std::size_t(a) * std::size_t(l) + std::size_t(c)];
            v = sigma > 0 ? v / sigma : 0.0;
            axes[j * std::size_t(components) + std::size_t(c)] = v;
            if (std::abs(v) > std::abs(largest))
                largest = v;
        }
        if (largest < 0)
            for (std::size_t j = 0; j < dims; ++j)
                axes[j * std::size_t(components) + std::size_t(c)] *= -1.0;
        result.explainedVariance.push_back(n > 1 ? values[std::size_t(c)] / double(n - 1) : 0.0);
    }
    result.axes.resize(std::size_t(components) * dims);
    for (int c = 0; c < components; ++c)
        for (std::size_t j = 0; j < dims; ++j)
            result.axes[std::size_t(c) * dims + j] = float(axes[j * std::size_t(components) + std::size_t(c)]);
    const std::vector<double> coordinates = timesRight(x, mean, axes, components);
    result.coordinates.assign(coordinates.begin(), coordinates.end());
    control.report(1.0);
    return result;
}

} // namespace compute
