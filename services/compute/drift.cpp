#include "drift.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace compute {

double ksStatistic(std::span<const double> a, std::span<const double> b)
{
    if (a.empty() || b.empty())
        return 0;
    std::vector<double> x(a.begin(), a.end());
    std::vector<double> y(b.begin(), b.end());
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    const double n = double(x.size());
    const double m = double(y.size());
    size_t i = 0, j = 0;
    double d = 0;
    while (i < x.size() && j < y.size()) {
        // Step past every copy of the smaller value in both samples before comparing the CDFs.
        const double v = std::min(x[i], y[j]);
        while (i < x.size() && x[i] == v)
            ++i;
        while (j < y.size() && y[j] == v)
            ++j;
        d = std::max(d, std::abs(double(i) / n - double(j) / m));
    }
    return d;
}

double ksStatisticBinned(std::span<const std::int64_t> a, std::span<const std::int64_t> b)
{
    std::int64_t n = 0, m = 0;
    for (std::int64_t c : a)
        n += c;
    for (std::int64_t c : b)
        m += c;
    if (n == 0 || m == 0)
        return 0;
    const size_t bins = std::max(a.size(), b.size());
    std::int64_t ca = 0, cb = 0;
    double d = 0;
    for (size_t k = 0; k < bins; ++k) {
        ca += k < a.size() ? a[k] : 0;
        cb += k < b.size() ? b[k] : 0;
        d = std::max(d, std::abs(double(ca) / double(n) - double(cb) / double(m)));
    }
    return d;
}

bool ksPValueIsExact(std::int64_t n, std::int64_t m)
{
    return n > 0 && m > 0 && n * m <= ExactKsLimit;
}

namespace {

// P(D ≥ d) by the lattice paths from (0,0) to (n,m): a path is an ordering of the pooled sample, and D < d
// while every point (i,j) on it has |i/n − j/m| < d. Carried as probabilities of a uniformly random path
// (the step into (i,j) comes from the left with chance i/(i+j)), so no binomial coefficient overflows.
double exactPValue(double d, std::int64_t n, std::int64_t m)
{
    // Compare i·m − j·n with d·n·m in integers' terms; the relative slack keeps a path that reaches the
    // observed D exactly (computed in floating point) on the "reaches d" side.
    const double bound = d * double(n) * double(m) * (1 - 1e-9);
    const auto inside = [&](std::int64_t i, std::int64_t j) { return std::abs(double(i * m - j * n)) < bound; };
    std::vector<double> row(size_t(m) + 1, 0.0);
    row[0] = 1;
    for (std::int64_t j = 1; j <= m; ++j)
        row[size_t(j)] = inside(0, j) ? row[size_t(j - 1)] : 0;
    for (std::int64_t i = 1; i <= n; ++i) {
        row[0] = inside(i, 0) ? row[0] : 0;
        for (std::int64_t j = 1; j <= m; ++j) {
            const double ij = double(i + j);
            row[size_t(j)] = inside(i, j) ? row[size_t(j)] * double(i) / ij + row[size_t(j - 1)] * double(j) / ij : 0;
        }
    }
    return std::clamp(1 - row[size_t(m)], 0.0, 1.0);
}

} // namespace

double kolmogorovQ(double lambda)
{
    if (lambda <= 0)
        return 1;
    if (lambda < 1.18) {
        // The alternating series converges slowly here; the Jacobi form P(K ≤ λ) converges fast instead.
        const double pi2 = std::numbers::pi * std::numbers::pi;
        double sum = 0;
        for (int k = 1; k <= 20; ++k) {
            const double t = double(2 * k - 1);
            sum += std::exp(-t * t * pi2 / (8 * lambda * lambda));
        }
        return std::clamp(1 - std::sqrt(2 * std::numbers::pi) / lambda * sum, 0.0, 1.0);
    }
    double sum = 0;
    for (int k = 1; k <= 100; ++k) {
        const double term = std::exp(-2.0 * k * k * lambda * lambda);
        sum += (k % 2 ? term : -term);
        if (term < 1e-17)
            break;
    }
    return std::clamp(2 * sum, 0.0, 1.0);
}

double ksPValue(double d, std::int64_t n, std::int64_t m)
{
    if (n <= 0 || m <= 0 || d <= 0)
        return 1;
    if (ksPValueIsExact(n, m))
        return exactPValue(d, n, m);
    const double en = std::sqrt(double(n) * double(m) / double(n + m));
    return kolmogorovQ((en + 0.12 + 0.11 / en) * d);
}

KsResult ksTest(std::span<const double> a, std::span<const double> b)
{
    KsResult r;
    r.d = ksStatistic(a, b);
    r.p = ksPValue(r.d, std::int64_t(a.size()), std::int64_t(b.size()));
    r.exact = ksPValueIsExact(std::int64_t(a.size()), std::int64_t(b.size()));
    return r;
}

KsResult ksTestBinned(std::span<const std::int64_t> a, std::span<const std::int64_t> b)
{
    std::int64_t n = 0, m = 0;
    for (std::int64_t c : a)
        n += c;
    for (std::int64_t c : b)
        m += c;
    KsResult r;
    r.d = ksStatisticBinned(a, b);
    r.p = ksPValue(r.d, n, m);
    r.exact = ksPValueIsExact(n, m);
    return r;
}

} // namespace compute
