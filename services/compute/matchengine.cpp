#include "matchengine.h"
#include "matchkernel.h"

#include <algorithm>
#include <numeric>

namespace compute {
namespace {

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
    if (match::InputCheck check = match::checkInput(jobs, freelancers, false); check.status != Status::Ok)
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
    MatchOutcome outcome = match::runKernel({ jobs, freelancers, forJobs, queries, params, control });
    if (outcome.status == Status::Ok)
        outcome.pairsScored = queries.size() * nc;
    return outcome;
}

} // namespace

MatchOutcome matchJobs(const MatchJobs &jobs, const MatchFreelancers &freelancers,
    std::span<const std::uint32_t> jobRows, const MatchParams &params, const Control &control)
{
    return run(jobs, freelancers, jobRows, params, control, true);
}

MatchOutcome matchFreelancers(const MatchJobs &jobs, const MatchFreelancers &freelancers,
    std::span<const std::uint32_t> freelancerRows, const MatchParams &params, const Control &control)
{
    return run(jobs, freelancers, freelancerRows, params, control, false);
}

} // namespace compute
