#pragma once

#include "control.h"
#include "planetree.h"

#include <cstdint>
#include <vector>

namespace compute::density {

// Each point's k nearest other points, nearest first, with squared distances, and its squared core
// distance: to its minSamples-th nearest point, the point itself counted. Everything is indexed by
// tree position (rows and the neighbours in them): the Borůvka rounds then read neighbouring memory.
// Empty when cancelled.
struct Neighbourhood
{
    int k = 0;
    std::vector<std::uint32_t> indices; // n × k tree positions
    std::vector<float> squaredDistances; // n × k
    std::vector<float> core; // n
};

Neighbourhood neighbourhood(const PlaneTree &tree, int minSamples, int k, int threads, const Control &control);

} // namespace compute::density
