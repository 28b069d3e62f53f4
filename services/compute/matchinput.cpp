// The engine's input checks: a bad value stops the run with a sentence naming the row, before any work.
#include "matchcomponents.h"
#include "matchscores.h"
#include "parallel.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace compute {
namespace {

const char *const ComponentNames[MatchComponentCount]
    = { "semantic", "skills", "experience", "success rate", "region", "budget" };

template<typename T> bool sizeFits(const std::vector<T> &column, std::size_t rows)
{
    return column.empty() || column.size() == rows;
}

bool sortedUnique(const std::vector<std::int32_t> &ids)
{
    for (std::size_t i = 1; i < ids.size(); ++i) {
        if (ids[i - 1] >= ids[i])
            return false;
    }
    return true;
}

// Finite, or NaN where NaN means "unknown".
bool finiteOrNan(double v)
{
    return std::isfinite(v) || std::isnan(v);
}

// The first row whose sum of squares is not finite (a NaN, an infinity, or a value too large to square: the
// engine's own norm pass refuses the same rows), by blocks on every thread.
std::size_t firstBadVector(const EmbeddingMatrix &v)
{
    constexpr std::size_t Block = 4096, Run = 256;
    const std::size_t blocks = (v.rows() + Block - 1) / Block;
    std::vector<std::size_t> firstBad(blocks, v.rows());
    parallelFor(blocks, 0, [&](std::size_t b) {
        float squares[Run];
        for (std::size_t r0 = b * Block; r0 < std::min(v.rows(), (b + 1) * Block); r0 += Run) {
            const std::size_t n = std::min(Run, v.rows() - r0);
            match::dotAndSquareRows(v.row(r0), v.stride(), n, nullptr, v.dims(), nullptr, squares);
            for (std::size_t i = 0; i < n; ++i) {
                if (!std::isfinite(squares[i])) {
                    firstBad[b] = r0 + i;
                    return;
                }
            }
        }
    });
    return *std::min_element(firstBad.begin(), firstBad.end());
}

std::string rowSentence(const char *side, std::size_t row, const char *what)
{
    std::ostringstream s;
    s << side << " row " << row << ' ' << what;
    return s.str();
}

} // namespace

namespace match {

std::string vectorSentence(bool job, std::size_t row)
{
    return rowSentence(job ? "job" : "freelancer", row, "has a NaN or infinite value in its vector");
}

} // namespace match

std::string validateMatchParams(const MatchParams &params)
{
    double sum = 0;
    for (int c = 0; c < MatchComponentCount; ++c) {
        const double w = params.weights[std::size_t(c)];
        if (!std::isfinite(w) || w < 0)
            return std::string("the ") + ComponentNames[c] + " weight must be a number of at least 0";
        sum += w;
    }
    if (std::fabs(sum - 1.0) > 1e-6) {
        std::ostringstream s;
        s << "the weights must sum to 1, not " << sum;
        return s.str();
    }
    if (!std::isfinite(params.threshold) || params.threshold < 0 || params.threshold > 1)
        return "the threshold must lie between 0 and 1";
    if (params.topK < 1 || params.topK > 50)
        return "top-k must lie between 1 and 50";
    if (params.threads < 0)
        return "the thread count must be 0 (all) or more";
    return {};
}

namespace match {

InputCheck checkInput(const MatchJobs &jobs, const MatchFreelancers &freelancers, bool scanVectors)
{
    const auto bad = [](std::string sentence) { return InputCheck { Status::InvalidArgument, std::move(sentence) }; };
    const auto nonFinite = [](std::string sentence) {
        return InputCheck { Status::NonFiniteInput, std::move(sentence) };
    };
    const std::size_t nj = jobs.rows(), nf = freelancers.rows();
    if (nj > UINT32_MAX || nf > UINT32_MAX)
        return bad("there are more rows than the engine can number");
    if (!sizeFits(jobs.hasVector, nj) || !sizeFits(jobs.requiredSkills, nj) || !sizeFits(jobs.budget, nj)
        || !sizeFits(jobs.experienceLevel, nj) || !sizeFits(jobs.region, nj) || !sizeFits(jobs.utcOffsetHours, nj)
        || !sizeFits(jobs.estimatedHours, nj) || (jobs.vectors.rows() != 0 && jobs.vectors.rows() != nj))
        return bad("the job columns have different numbers of rows");
    if (!sizeFits(freelancers.hasVector, nf) || !sizeFits(freelancers.skills, nf)
        || !sizeFits(freelancers.hourlyRate, nf) || !sizeFits(freelancers.experienceYears, nf)
        || !sizeFits(freelancers.successRate, nf) || !sizeFits(freelancers.region, nf)
        || !sizeFits(freelancers.utcOffsetHours, nf)
        || (freelancers.vectors.rows() != 0 && freelancers.vectors.rows() != nf))
        return bad("the freelancer columns have different numbers of rows");
    const int dj = jobs.vectors.rows() ? jobs.vectors.dims() : 0;
    const int df = freelancers.vectors.rows() ? freelancers.vectors.dims() : 0;
    if (dj > 0 && df > 0 && dj != df) {
        std::ostringstream s;
        s << "the job vectors have " << dj << " dimensions but the freelancer vectors have " << df;
        return bad(s.str());
    }
    if (const std::size_t r = scanVectors && dj > 0 ? firstBadVector(jobs.vectors) : nj; r < nj)
        return nonFinite(vectorSentence(true, r));
    if (const std::size_t r = scanVectors && df > 0 ? firstBadVector(freelancers.vectors) : nf; r < nf)
        return nonFinite(vectorSentence(false, r));
    for (std::size_t r = 0; r < nj; ++r) {
        if (r < jobs.requiredSkills.size() && !sortedUnique(jobs.requiredSkills[r]))
            return bad(rowSentence("job", r, "lists its required skills unsorted or twice"));
        if (r < jobs.budget.size() && !std::isfinite(jobs.budget[r]))
            return nonFinite(rowSentence("job", r, "has a NaN or infinite budget"));
        if (r < jobs.experienceLevel.size() && (jobs.experienceLevel[r] < -1 || jobs.experienceLevel[r] > 2))
            return bad(rowSentence("job", r, "has an experience level other than -1, 0, 1 or 2"));
        if (r < jobs.utcOffsetHours.size() && !finiteOrNan(jobs.utcOffsetHours[r]))
            return nonFinite(rowSentence("job", r, "has an infinite UTC offset"));
        if (r < jobs.estimatedHours.size() && !finiteOrNan(jobs.estimatedHours[r]))
            return nonFinite(rowSentence("job", r, "has infinite estimated hours"));
    }
    if (!std::isfinite(jobs.assumedHours) || jobs.assumedHours <= 0)
        return bad("the assumed hours of a job must be more than 0");
    for (std::size_t r = 0; r < nf; ++r) {
        if (r < freelancers.skills.size() && !sortedUnique(freelancers.skills[r]))
            return bad(rowSentence("freelancer", r, "lists its skills unsorted or twice"));
        if (r < freelancers.hourlyRate.size() && !std::isfinite(freelancers.hourlyRate[r]))
            return nonFinite(rowSentence("freelancer", r, "has a NaN or infinite hourly rate"));
        if (r < freelancers.successRate.size() && !finiteOrNan(freelancers.successRate[r]))
            return nonFinite(rowSentence("freelancer", r, "has an infinite success rate"));
        if (r < freelancers.utcOffsetHours.size() && !finiteOrNan(freelancers.utcOffsetHours[r]))
            return nonFinite(rowSentence("freelancer", r, "has an infinite UTC offset"));
    }
    return {};
}

} // namespace match

std::string validateMatchInput(const MatchJobs &jobs, const MatchFreelancers &freelancers)
{
    return match::checkInput(jobs, freelancers, true).error;
}

} // namespace compute
