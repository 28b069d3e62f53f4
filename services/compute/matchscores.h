#pragma once

// The fused pass's inner loops (internal to the compute core): the weighted score of one query against a
// run of candidates, branch-free so the compiler vectorises them. They take the same IEEE steps as the
// scalar formulas in matchcomponents.h (this file is built without multiply-add fusing), so a candidate's
// components recomputed one at a time give back exactly the score that admitted it.
#include <cstddef>
#include <cstdint>

namespace compute::match {

// One job; freelancer columns start at the run's first row.
struct JobQueryView
{
    float inverse, paidRate, offset;
    std::int32_t required, region;
};
struct FreelancerRunView
{
    const float *inverse, *rate, *offset, *success, *experience; // experience: for the job's level
    const std::int32_t *region;
};
void scoreFreelancerRun(const JobQueryView &job, const FreelancerRunView &run, const float *dots,
    const std::uint16_t *overlap, std::size_t count, const float *weights, float *out);

// One freelancer; job columns start at the run's first row.
struct FreelancerQueryView
{
    float inverse, rate, offset, success;
    float experience[4]; // for job level −1, 0, 1, 2
    std::int32_t region;
};
struct JobRunView
{
    const float *inverse, *paidRate, *offset;
    const std::int32_t *required, *level, *region;
};
void scoreJobRun(const FreelancerQueryView &freelancer, const JobRunView &run, const float *dots,
    const std::uint16_t *overlap, std::size_t count, const float *weights, float *out);

} // namespace compute::match

namespace compute::match {

// For `count` rows `stride` floats apart: squares[i] = rows[i] · rows[i] and, when q is given,
// dots[i] = rows[i] · q, in one pass over each row (a single job's re-run reads the freelancer matrix once
// for both). The sums run in 32 lanes in a fixed order, so every build gives the same bits.
void dotAndSquareRows(
    const float *rows, std::size_t stride, std::size_t count, const float *q, int dims, float *dots, float *squares);

// Whether any of the scores reaches bar: most runs of a query with a full heap hold none, and are passed
// over without a look at each candidate.
bool anyAtLeast(const float *scores, std::size_t count, float bar);

} // namespace compute::match
