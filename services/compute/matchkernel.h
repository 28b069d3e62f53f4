#pragma once

// The block kernel behind matchJobs / matchFreelancers (internal to the compute core). The caller has
// checked params and input; the kernel only scores.
#include "matchcolumns.h"

#include <cstdint>
#include <span>
#include <vector>

namespace compute::match {

struct KernelInput
{
    const MatchJobs &jobs;
    const MatchFreelancers &freelancers;
    bool jobQueries; // true: job → freelancers
    std::span<const std::uint32_t> queries; // rows of the query side
    const MatchParams &params;
    const Control &control;
};
// Best-first candidates per query; Cancelled, or NonFiniteInput for a vector the run reads (any candidate
// row, the query rows), with nothing else.
MatchOutcome runKernel(const KernelInput &input);

} // namespace compute::match
