#include "compute/rankchange.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace compute {

namespace {

std::int64_t tiedPairs(std::int64_t run)
{
    return run * (run - 1) / 2;
}

// Sorts v ascending by merge sort and returns the number of strict inversions (i < j with v[i] > v[j]):
// each is a pair ordered one way by x and the other way by y, i.e. a discordant pair.
std::int64_t sortCountingInversions(std::vector<double> &v)
{
    const std::size_t n = v.size();
    std::vector<double> buffer(n);
    std::int64_t inversions = 0;
    for (std::size_t width = 1; width < n; width *= 2) {
        for (std::size_t lo = 0; lo < n; lo += 2 * width) {
            const std::size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
            std::size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (v[j] < v[i]) {
                    inversions += std::int64_t(mid - i);
                    buffer[k++] = v[j++];
                } else {
                    buffer[k++] = v[i++];
                }
            }
            while (i < mid)
                buffer[k++] = v[i++];
            while (j < hi)
                buffer[k++] = v[j++];
        }
        v.swap(buffer);
    }
    return inversions;
}

} // namespace

KendallCounts kendallCounts(std::span<const double> x, std::span<const double> y)
{
    if (x.size() != y.size())
        throw std::invalid_argument("kendallCounts: the two rankings must have the same length");
    const std::size_t n = x.size();
    KendallCounts c;
    c.pairs = std::int64_t(n) * std::int64_t(n > 0 ? n - 1 : 0) / 2;
    if (n < 2)
        return c;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::sort(order.begin(), order.end(),
        [&](std::size_t a, std::size_t b) { return x[a] != x[b] ? x[a] < x[b] : y[a] < y[b]; });
    // Runs of equal x, and within them runs of equal (x, y).
    std::int64_t runX = 1, runXY = 1;
    for (std::size_t i = 1; i < n; ++i) {
        const std::size_t a = order[i - 1], b = order[i];
        if (x[a] == x[b] && y[a] == y[b]) {
            ++runX;
            ++runXY;
        } else if (x[a] == x[b]) {
            ++runX;
            c.tiedBoth += tiedPairs(runXY);
            runXY = 1;
        } else {
            c.tiedX += tiedPairs(runX);
            c.tiedBoth += tiedPairs(runXY);
            runX = runXY = 1;
        }
    }
    c.tiedX += tiedPairs(runX);
    c.tiedBoth += tiedPairs(runXY);

    // Ordered by x (ties by y), a strict inversion in y is a discordant pair; pairs tied in x are already
    // in y order, so they add none.
    std::vector<double> ys(n);
    for (std::size_t i = 0; i < n; ++i)
        ys[i] = y[order[i]];
    const std::int64_t discordant = sortCountingInversions(ys);
    std::int64_t runY = 1;
    for (std::size_t i = 1; i < n; ++i) {
        if (ys[i] == ys[i - 1]) {
            ++runY;
        } else {
            c.tiedY += tiedPairs(runY);
            runY = 1;
        }
    }
    c.tiedY += tiedPairs(runY);
    // Untied in both = n₀ − n₁ − n₂ + n₃ pairs, each either concordant or discordant.
    const std::int64_t untied = c.pairs - c.tiedX - c.tiedY + c.tiedBoth;
    c.concordantMinusDiscordant = untied - 2 * discordant;
    return c;
}

double kendallTauB(const KendallCounts &c)
{
    const double denominator = std::sqrt(double(c.pairs - c.tiedX)) * std::sqrt(double(c.pairs - c.tiedY));
    if (!(denominator > 0))
        return std::numeric_limits<double>::quiet_NaN();
    return double(c.concordantMinusDiscordant) / denominator;
}

double kendallTauB(std::span<const double> x, std::span<const double> y)
{
    return kendallTauB(kendallCounts(x, y));
}

} // namespace compute
