#include "matchengine.h"
#include "matchcomponents.h"
#include "parallel.h"

#include <algorithm>
#include <numeric>

namespace compute {
namespace {

bool better(const MatchCandidate &a, const MatchCandidate &b)
{
    return a.score != b.score ? a.score > b.score : a.row < b.row;
}

MatchOutcome failed(Status status, std::string error)
{
    MatchOutcome outcome;
    outcome.status = status;
    outcome.error = std::move(error);
    return outcome;
}

// forJobs: queries are jobs and candidates freelancers; otherwise the other way round.
MatchOutcome run(const MatchJobs &jobs, const MatchFreelancers &freelancers, std::span<const std::uint32_t> rows,
    const MatchParams &params, const Control &control, bool forJobs)
{
    if (std::string error = validateMatchParams(params); !error.empty())
        return failed(Status::InvalidArgument, std::move(error));
    if (match::InputCheck check = match::checkInput(jobs, freelancers); check.status != Status::Ok)
        return failed(check.status, std::move(check.error));
    const std::size_t nq = forJobs ? jobs.rows() : freelancers.rows();
    const std::size_t nc = forJobs ? freelancers.rows() : jobs.rows();
    std::vector<std::uint32_t> queries(rows.begin(), rows.end());
    if (rows.empty()) {
        queries.resize(nq);
        std::iota(queries.begin(), queries.end(), 0u);
    }
    for (std::uint32_t q : queries) {
        if (q >= nq)
            return failed(Status::InvalidArgument,
                std::string(forJobs ? "job" : "freelancer") + " row " + std::to_string(q) + " does not exist");
    }
    MatchOutcome outcome;
    outcome.perQuery.resize(queries.size());
    std::atomic<bool> stop { false };
    parallelFor(queries.size(), params.threads, [&](std::size_t i) {
        if (stop.load() || control.cancelled()) {
            stop = true;
            return;
        }
        std::vector<MatchCandidate> found;
        for (std::uint32_t c = 0; c < nc; ++c) {
            const std::uint32_t job = forJobs ? queries[i] : c, freelancer = forJobs ? c : queries[i];
            MatchCandidate candidate;
            candidate.row = c;
            candidate.components = scorePair(jobs, job, freelancers, freelancer);
            candidate.score = weightedScore(candidate.components, params);
            if (candidate.score < float(params.threshold))
                continue;
            candidate.confidence = confidenceOf(jobs, job, freelancers, freelancer);
            found.push_back(candidate);
        }
        std::sort(found.begin(), found.end(), better);
        found.resize(std::min(found.size(), std::size_t(params.topK)));
        outcome.perQuery[i] = std::move(found);
    });
    if (stop || control.cancelled())
        return failed(Status::Cancelled, {});
    outcome.pairsScored = queries.size() * nc;
    control.report(1.0);
    return outcome;
}

} // namespace

MatchOutcome matchJobs(const MatchJobs &jobs, const MatchFreelancers &freelancers, std::span<const std::uint32_t> jobRows,
    const MatchParams &params, const Control &control)
{
    return run(jobs, freelancers, jobRows, params, control, true);
}

MatchOutcome matchFreelancers(const MatchJobs &jobs, const MatchFreelancers &freelancers,
    std::span<const std::uint32_t> freelancerRows, const MatchParams &params, const Control &control)
{
    return run(jobs, freelancers, freelancerRows, params, control, false);
}

} // namespace compute
