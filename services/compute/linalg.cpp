#include "linalg.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace compute {

void orthonormalizeColumns(std::vector<double> &a, std::size_t rows, std::size_t cols)
{
    for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t j = 0; j < cols; ++j) {
            for (std::size_t p = 0; p < j; ++p) {
                double d = 0;
                for (std::size_t i = 0; i < rows; ++i)
                    d += a[i * cols + p] * a[i * cols + j];
                for (std::size_t i = 0; i < rows; ++i)
                    a[i * cols + j] -= d * a[i * cols + p];
            }
            double norm = 0;
            for (std::size_t i = 0; i < rows; ++i)
                norm += a[i * cols + j] * a[i * cols + j];
            norm = std::sqrt(norm);
            const double scale = norm > 1e-300 ? 1.0 / norm : 0.0;
            for (std::size_t i = 0; i < rows; ++i)
                a[i * cols + j] *= scale;
        }
    }
}

void symmetricEigen(std::vector<double> a, std::size_t n, std::vector<double> &values, std::vector<double> &vectors)
{
    std::vector<double> v(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        v[i * n + i] = 1.0;
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q)
                off += a[p * n + q] * a[p * n + q];
        if (off < 1e-30)
            break;
        for (std::size_t p = 0; p < n; ++p) {
            for (std::size_t q = p + 1; q < n; ++q) {
                const double apq = a[p * n + q];
                if (std::abs(apq) < 1e-300)
                    continue;
                // The rotation that zeroes a[p][q] (Golub & Van Loan, symmetric Schur decomposition).
                const double theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
                for (std::size_t k = 0; k < n; ++k) {
                    const double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (std::size_t k = 0; k < n; ++k) {
                    const double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for (std::size_t k = 0; k < n; ++k) {
                    const double vkp = v[k * n + p], vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return a[x * n + x] > a[y * n + y]; });
    values.resize(n);
    vectors.assign(n * n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
        values[j] = a[order[j] * n + order[j]];
        for (std::size_t i = 0; i < n; ++i)
            vectors[i * n + j] = v[i * n + order[j]];
    }
}

} // namespace compute
