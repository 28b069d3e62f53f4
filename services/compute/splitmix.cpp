#include "splitmix.h"

#include <cmath>

namespace compute {

double SplitMix::normal()
{
    double u = uniform();
    while (u <= 0.0)
        u = uniform();
    const double v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
}

} // namespace compute
