#include "matchscores.h"
#include "matchengine.h"
#include "x86kernels.h"

#include <algorithm>
#include <cmath>

namespace compute::match {
namespace {

// The expressions of matchcomponents.h, written as selects. Each must stay step for step the same.
inline float region(std::int32_t jobRegion, float jobOffset, std::int32_t freelancerRegion, float freelancerOffset)
{
    const float apart = std::fabs(jobOffset - freelancerOffset);
    const float byClock = std::max(0.0f, 1.0f - std::min(apart, 24.0f - apart) / 12.0f);
    const bool same = (jobRegion >= 0) & (jobRegion == freelancerRegion);
    const bool offsets = (jobOffset == jobOffset) & (freelancerOffset == freelancerOffset); // neither is NaN
    const bool regions = (jobRegion >= 0) & (freelancerRegion >= 0);
    const float known = regions ? 0.0f : NeutralComponent;
    const float timed = offsets ? byClock : known;
    return same ? 1.0f : timed;
}

inline float budget(float paidRate, float rate)
{
    const float over = std::max(0.0f, 2.0f - rate / paidRate);
    const float known = rate <= paidRate ? 1.0f : over;
    return (paidRate <= 0.0f) | (rate <= 0.0f) ? NeutralComponent : known;
}

} // namespace

SEXTANT_TARGET_CLONES("avx512f", "arch=x86-64-v3", "default")
void scoreFreelancerRun(const JobQueryView &job, const FreelancerRunView &run, const float *dots,
    const std::uint16_t *overlap, std::size_t count, const float *weights, float *out)
{
    const float w0 = weights[0], w1 = weights[1], w2 = weights[2], w3 = weights[3], w4 = weights[4], w5 = weights[5];
    const float required = float(job.required), inverse = job.inverse, paid = job.paidRate, offset = job.offset;
    const bool noSkills = job.required == 0;
    const std::int32_t home = job.region;
    for (std::size_t c = 0; c < count; ++c) {
        const float semantic = std::clamp(dots[c] * inverse * run.inverse[c], 0.0f, 1.0f);
        const float coverage = float(overlap[c]) / required;
        const float skills = noSkills ? NeutralComponent : coverage;
        float score = 0;
        score += w0 * semantic;
        score += w1 * skills;
        score += w2 * run.experience[c];
        score += w3 * run.success[c];
        score += w4 * region(home, offset, run.region[c], run.offset[c]);
        score += w5 * budget(paid, run.rate[c]);
        out[c] = score;
    }
}

SEXTANT_TARGET_CLONES("avx512f", "arch=x86-64-v3", "default")
void scoreJobRun(const FreelancerQueryView &freelancer, const JobRunView &run, const float *dots,
    const std::uint16_t *overlap, std::size_t count, const float *weights, float *out)
{
    const float w0 = weights[0], w1 = weights[1], w2 = weights[2], w3 = weights[3], w4 = weights[4], w5 = weights[5];
    // Locals, so the compiler need not fear that writing out changes them.
    const float e0 = freelancer.experience[0], e1 = freelancer.experience[1], e2 = freelancer.experience[2],
                e3 = freelancer.experience[3];
    const float inverse = freelancer.inverse, success = freelancer.success, offset = freelancer.offset,
                rate = freelancer.rate;
    const std::int32_t home = freelancer.region;
    for (std::size_t c = 0; c < count; ++c) {
        const float semantic = std::clamp(dots[c] * run.inverse[c] * inverse, 0.0f, 1.0f);
        const std::int32_t required = run.required[c], level = run.level[c];
        const float coverage = float(overlap[c]) / float(required);
        const float skills = required == 0 ? NeutralComponent : coverage;
        const float high = level == 1 ? e2 : e3, low = level < 0 ? e0 : e1;
        const float experience = level <= 0 ? low : high;
        float score = 0;
        score += w0 * semantic;
        score += w1 * skills;
        score += w2 * experience;
        score += w3 * success;
        score += w4 * region(run.region[c], run.offset[c], home, offset);
        score += w5 * budget(run.paidRate[c], rate);
        out[c] = score;
    }
}

} // namespace compute::match

namespace compute::match {

SEXTANT_TARGET_CLONES("avx512f", "arch=x86-64-v3", "default")
bool anyAtLeast(const float *scores, std::size_t count, float bar)
{
    std::uint32_t above = 0;
    for (std::size_t c = 0; c < count; ++c)
        above += scores[c] >= bar;
    return above != 0;
}

SEXTANT_TARGET_CLONES("avx512f", "arch=x86-64-v3", "default")
void dotAndSquareRows(
    const float *rows, std::size_t stride, std::size_t count, const float *q, int dims, float *dots, float *squares)
{
    constexpr int Lanes = 32;
    const auto reduce = [](float *acc, float tail) {
        for (int width = Lanes / 2; width > 0; width /= 2) {
            for (int j = 0; j < width; ++j)
                acc[j] += acc[j + width];
        }
        return acc[0] + tail;
    };
    for (std::size_t i = 0; i < count; ++i) {
        const float *row = rows + i * stride;
        float square[Lanes] = {}, dot[Lanes] = {};
        int d = 0;
        if (q) {
            for (; d + Lanes <= dims; d += Lanes) {
                for (int j = 0; j < Lanes; ++j) {
                    square[j] += row[d + j] * row[d + j];
                    dot[j] += row[d + j] * q[d + j];
                }
            }
        } else {
            for (; d + Lanes <= dims; d += Lanes) {
                for (int j = 0; j < Lanes; ++j)
                    square[j] += row[d + j] * row[d + j];
            }
        }
        float squareTail = 0.0f, dotTail = 0.0f;
        for (int e = d; e < dims; ++e) {
            squareTail += row[e] * row[e];
            if (q)
                dotTail += row[e] * q[e];
        }
        squares[i] = reduce(square, squareTail);
        if (q)
            dots[i] = reduce(dot, dotTail);
    }
}

} // namespace compute::match
