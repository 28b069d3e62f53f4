#include "matchcomponents.h"

#include "matchscores.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace compute {
namespace match {

namespace {

template<typename T> T at(const std::vector<T> &column, std::size_t row, T unknown)
{
    return row < column.size() ? column[row] : unknown;
}

bool rowHasVector(const EmbeddingMatrix &vectors, const std::vector<std::uint8_t> &flags, std::size_t row)
{
    if (vectors.dims() == 0 || row >= vectors.rows())
        return false;
    return flags.empty() || flags[row] != 0;
}

double dot(const EmbeddingMatrix &a, std::size_t i, const EmbeddingMatrix &b, std::size_t j)
{
    double s = 0;
    for (int d = 0; d < a.dims(); ++d)
        s += double(a.row(i)[d]) * double(b.row(j)[d]);
    return s;
}

} // namespace

float inverseNormOf(float sumOfSquares)
{
    if (!std::isfinite(sumOfSquares))
        return NAN;
    return sumOfSquares > 0 ? float(1.0 / std::sqrt(double(sumOfSquares))) : 0.0f;
}

float inverseNorm(const EmbeddingMatrix &vectors, std::size_t row, bool hasVector)
{
    if (!hasVector)
        return 0.0f;
    float squared = 0;
    dotAndSquareRows(vectors.row(row), vectors.stride(), 1, nullptr, vectors.dims(), nullptr, &squared);
    return inverseNormOf(squared);
}

JobRow jobRow(const MatchJobs &jobs, std::size_t row)
{
    JobRow r;
    r.hasVector = rowHasVector(jobs.vectors, jobs.hasVector, row);
    r.requiredSkills = row < jobs.requiredSkills.size() ? int(jobs.requiredSkills[row].size()) : 0;
    const double budget = at(jobs.budget, row, 0.0);
    float hours = at(jobs.estimatedHours, row, NAN);
    if (!(hours > 0))
        hours = float(jobs.assumedHours);
    r.paidRate = budget > 0 && hours > 0 ? float(budget / double(hours)) : 0.0f;
    r.level = at<std::int8_t>(jobs.experienceLevel, row, -1);
    r.region = at<std::int16_t>(jobs.region, row, -1);
    r.offset = wrapOffset(at(jobs.utcOffsetHours, row, float(NAN)));
    return r;
}

FreelancerRow freelancerRow(const MatchFreelancers &freelancers, std::size_t row)
{
    FreelancerRow r;
    r.hasVector = rowHasVector(freelancers.vectors, freelancers.hasVector, row);
    r.skills = row < freelancers.skills.size() ? int(freelancers.skills[row].size()) : 0;
    const double rate = at(freelancers.hourlyRate, row, 0.0);
    r.rate = rate > 0 ? float(rate) : 0.0f;
    r.years = at<std::int32_t>(freelancers.experienceYears, row, -1);
    r.successRate = at(freelancers.successRate, row, double(NAN));
    r.region = at<std::int16_t>(freelancers.region, row, -1);
    r.offset = wrapOffset(at(freelancers.utcOffsetHours, row, float(NAN)));
    return r;
}

int knownComponents(const JobRow &job, const FreelancerRow &freelancer, bool bothVectors)
{
    return int(bothVectors) + int(job.requiredSkills > 0 && freelancer.skills > 0)
        + int(job.level >= 0 && freelancer.years >= 0) + int(!std::isnan(freelancer.successRate))
        + int(regionKnown(job.region, job.offset, freelancer.region, freelancer.offset))
        + int(job.paidRate > 0 && freelancer.rate > 0);
}

} // namespace match

std::size_t MatchJobs::rows() const
{
    return std::max({ vectors.rows(), hasVector.size(), requiredSkills.size(), budget.size(), experienceLevel.size(),
        region.size(), utcOffsetHours.size(), estimatedHours.size() });
}

std::size_t MatchFreelancers::rows() const
{
    return std::max({ vectors.rows(), hasVector.size(), skills.size(), hourlyRate.size(), experienceYears.size(),
        successRate.size(), region.size(), utcOffsetHours.size() });
}

ComponentScores scorePair(
    const MatchJobs &jobs, std::uint32_t job, const MatchFreelancers &freelancers, std::uint32_t freelancer)
{
    using namespace match;
    const JobRow j = jobRow(jobs, job);
    const FreelancerRow f = freelancerRow(freelancers, freelancer);
    ComponentScores c {};
    if (j.hasVector && f.hasVector && jobs.vectors.dims() == freelancers.vectors.dims()) {
        c[Semantic] = semanticComponent(float(dot(jobs.vectors, job, freelancers.vectors, freelancer)),
            inverseNorm(jobs.vectors, job, true), inverseNorm(freelancers.vectors, freelancer, true));
    }
    int matched = 0;
    if (j.requiredSkills > 0 && f.skills > 0) {
        const auto &want = jobs.requiredSkills[job];
        const auto &have = freelancers.skills[freelancer];
        for (auto a = want.begin(), b = have.begin(); a != want.end() && b != have.end();) {
            if (*a < *b) {
                ++a;
            } else if (*b < *a) {
                ++b;
            } else {
                ++matched, ++a, ++b;
            }
        }
    }
    c[Skills] = skillsComponent(matched, j.requiredSkills);
    c[Experience] = experienceComponent(j.level, f.years);
    c[SuccessRate] = successComponent(f.successRate);
    c[Region] = regionComponent(j.region, j.offset, f.region, f.offset);
    c[Budget] = budgetComponent(j.paidRate, f.rate);
    return c;
}

float confidenceOf(
    const MatchJobs &jobs, std::uint32_t job, const MatchFreelancers &freelancers, std::uint32_t freelancer)
{
    using namespace match;
    const JobRow j = jobRow(jobs, job);
    const FreelancerRow f = freelancerRow(freelancers, freelancer);
    const bool bothVectors = j.hasVector && f.hasVector && jobs.vectors.dims() == freelancers.vectors.dims()
        && inverseNorm(jobs.vectors, job, true) > 0 && inverseNorm(freelancers.vectors, freelancer, true) > 0;
    return float(knownComponents(j, f, bothVectors)) / float(MatchComponentCount);
}

std::vector<std::int32_t> missingSkills(
    const MatchJobs &jobs, std::uint32_t job, const MatchFreelancers &freelancers, std::uint32_t freelancer)
{
    if (job >= jobs.requiredSkills.size())
        return {};
    const std::vector<std::int32_t> &want = jobs.requiredSkills[job];
    static const std::vector<std::int32_t> none;
    const std::vector<std::int32_t> &have
        = freelancer < freelancers.skills.size() ? freelancers.skills[freelancer] : none;
    std::vector<std::int32_t> missing;
    std::set_difference(want.begin(), want.end(), have.begin(), have.end(), std::back_inserter(missing));
    return missing;
}

double paidHourlyRate(const MatchJobs &jobs, std::uint32_t job)
{
    return double(match::jobRow(jobs, job).paidRate);
}

float weightedScore(const ComponentScores &components, const MatchParams &params)
{
    float score = 0;
    for (int c = 0; c < MatchComponentCount; ++c)
        score += float(params.weights[std::size_t(c)]) * components[std::size_t(c)];
    return score;
}

} // namespace compute
