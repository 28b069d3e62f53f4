#include "matchlearning.h"

#include <algorithm>
#include <cmath>

namespace compute {

ReplayMetrics replay(std::span<const ReplayItem>, int)
{
    return { NAN, NAN, NAN, 0, 0 };
}

LogisticFit fitLogistic(std::span<const double>, std::size_t, std::span<const std::uint8_t>, int, std::uint64_t)
{
    LogisticFit fit;
    fit.status = Status::InvalidArgument;
    fit.error = "not implemented yet";
    return fit;
}

std::array<double, MatchComponentCount> weightsFromCoefficients(std::span<const double> coefficients)
{
    std::array<double, MatchComponentCount> w {};
    double sum = 0;
    for (std::size_t c = 0; c < w.size() && c < coefficients.size(); ++c) {
        w[c] = std::max(0.0, coefficients[c]);
        sum += w[c];
    }
    for (double &x : w)
        x = sum > 0 ? x / sum : 1.0 / double(MatchComponentCount);
    return w;
}

} // namespace compute
