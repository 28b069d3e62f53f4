#pragma once

// The per-pair component formulas of matchengine.h, shared by scorePair and the block kernel so both
// compute the cheap components with the same float operations (only the dot product's rounding differs).
#include "matchengine.h"

#include <algorithm>
#include <cmath>

namespace compute::match {

inline float semanticComponent(float dot, float inverseNormA, float inverseNormB)
{
    return std::clamp(dot * inverseNormA * inverseNormB, 0.0f, 1.0f);
}

inline float skillsComponent(int matched, int required)
{
    return required == 0 ? NeutralComponent : float(matched) / float(required);
}

inline float experienceComponent(int level, int years)
{
    if (level < 0 || level > 2 || years < 0)
        return NeutralComponent;
    const int wanted = ExperienceYearsFor[std::size_t(level)];
    return years >= wanted ? 1.0f : float(years + 1) / float(wanted + 1);
}

inline float successComponent(double rate)
{
    return std::isnan(rate) ? NeutralComponent : std::clamp(float(rate), 0.0f, 1.0f);
}

// Offsets in hours, already wrapped into [0, 24) (wrapOffset), NaN when unknown; regions -1 when unknown.
inline float regionComponent(int jobRegion, float jobOffset, int freelancerRegion, float freelancerOffset)
{
    if (jobRegion >= 0 && jobRegion == freelancerRegion)
        return 1.0f;
    if (!std::isnan(jobOffset) && !std::isnan(freelancerOffset)) {
        const float apart = std::fabs(jobOffset - freelancerOffset);
        return std::max(0.0f, 1.0f - std::min(apart, 24.0f - apart) / 12.0f);
    }
    if (jobRegion >= 0 && freelancerRegion >= 0)
        return 0.0f;
    return NeutralComponent;
}

// A UTC offset moved into [0, 24) hours (fmod is exact), so the distance around the clock is one subtraction.
inline float wrapOffset(float hours)
{
    if (std::isnan(hours))
        return hours;
    const float wrapped = std::fmod(hours, 24.0f);
    return wrapped < 0.0f ? wrapped + 24.0f : wrapped;
}

inline bool regionKnown(int jobRegion, float jobOffset, int freelancerRegion, float freelancerOffset)
{
    return (jobRegion >= 0 && freelancerRegion >= 0) || (!std::isnan(jobOffset) && !std::isnan(freelancerOffset));
}

// paidRate: the job's budget over its hours (≤ 0 unknown); rate: the freelancer's hourly rate (≤ 0 unknown).
inline float budgetComponent(float paidRate, float rate)
{
    if (paidRate <= 0.0f || rate <= 0.0f)
        return NeutralComponent;
    return rate <= paidRate ? 1.0f : std::max(0.0f, 2.0f - rate / paidRate);
}

// The per-row values the formulas read, taken once from the columns (unknown where a column is empty).
struct JobRow
{
    bool hasVector = false; // flagged and present (the kernel learns from the norm whether it is non-zero)
    int requiredSkills = 0;
    float paidRate = 0;
    int level = -1;
    int region = -1;
    float offset = NAN;
};
struct FreelancerRow
{
    bool hasVector = false;
    int skills = 0;
    float rate = 0;
    int years = -1;
    double successRate = NAN;
    int region = -1;
    float offset = NAN;
};
JobRow jobRow(const MatchJobs &jobs, std::size_t row);
FreelancerRow freelancerRow(const MatchFreelancers &freelancers, std::size_t row);

// 1 / ‖v‖ for a row with an embedding, 0 without (a zero row counts as none). From the float sum of squares
// (the kernel's too), so both paths divide by the same norm; a non-finite sum yields NaN.
float inverseNorm(const EmbeddingMatrix &vectors, std::size_t row, bool hasVector);
float inverseNormOf(float sumOfSquares);

// The engine's input checks: Ok, or InvalidArgument / NonFiniteInput with the sentence.
struct InputCheck
{
    Status status = Status::Ok;
    std::string error;
};
// scanVectors: also look for NaN and infinities in every vector (the engine instead checks the norms of the
// rows it reads, in its own passes).
InputCheck checkInput(const MatchJobs &jobs, const MatchFreelancers &freelancers, bool scanVectors);
std::string vectorSentence(bool job, std::size_t row);

// How many of the six components come from data (the numerator of the confidence); bothVectors: both rows
// have a non-zero embedding.
int knownComponents(const JobRow &job, const FreelancerRow &freelancer, bool bothVectors);

} // namespace compute::match
