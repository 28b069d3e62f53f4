#pragma once

#include "control.h"
#include "embeddingmatrix.h"
#include "status.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace compute {

// The job ↔ freelancer matching engine: six components per pair, each in [0, 1], combined by the weights
// of a matching model version. Every pair is scored exactly (no shortlist): jobs and freelancers are
// walked in blocks, the dot products of a block come from one SGEMM and the other components are fused
// into the same pass, with a bounded heap per query, so no jobs × freelancers matrix is ever built.
//
// Components (a "neutral" 0.5 stands where the data cannot say; confidence records that it could not):
//  Semantic    the cosine of the two embeddings, negative cosines as 0 (so weight 1 on Semantic alone is
//              the seed system's cosine matcher); 0 when either side has no embedding.
//  Skills      |required ∩ freelancer's| / |required|; a job without required skills: 0.5.
//  Experience  the job's level asks for at least ExperienceYearsFor[level] years (0, 2, 5): 1 when the
//              freelancer has them, else (years + 1) / (wanted + 1); unknown level or years: 0.5.
//  SuccessRate the freelancer's success rate clamped to [0, 1]; NaN (no history): 0.5.
//  Region      1 in the same region; otherwise, when both UTC offsets are known, 1 − Δ/12 with Δ the
//              offset difference in hours around the clock (0 … 12); different known regions without
//              offsets: 0; anything else unknown: 0.5.
//  Budget      the job's budget over its hours (estimatedHours, else assumedHours) is the rate it can pay:
//              1 when the hourly rate is within it, then 2 − rate/paid down to 0 (40 % over budget → 0.6,
//              twice the budget → 0); unknown rate or budget (≤ 0): 0.5.
// Confidence = (number of components computed from data) / 6. A component counts when: Semantic both sides
// have an embedding; Skills the job has required skills and the freelancer lists any skill; Experience
// both level and years are known; SuccessRate the freelancer has a history; Region it did not fall back to
// 0.5; Budget both rate and budget are known.

enum MatchComponent : int { Semantic = 0, Skills, Experience, SuccessRate, Region, Budget, MatchComponentCount };
using ComponentScores = std::array<float, MatchComponentCount>;

inline constexpr std::array<int, 3> ExperienceYearsFor { 0, 2, 5 }; // entry, intermediate, expert
inline constexpr float NeutralComponent = 0.5f;

struct MatchParams
{
    std::array<double, MatchComponentCount> weights {}; // each ≥ 0, sum 1 (±1e-6): validateMatchParams checks
    double threshold = 0.7; // a candidate is proposed when score ≥ threshold
    int topK = 10; // 1..50
    int threads = 0; // 0: all hardware threads
};
// "" when fine, else an English sentence saying what is wrong (the service wraps it in tr-able text).
std::string validateMatchParams(const MatchParams &params);

// Jobs and freelancers as columns. Rows are given in id order: ties in score go to the lower row (= lower id).
// The row count is the largest size among the members; every other member is either that long or empty,
// and an empty member means "unknown" for every row (an empty hasVector: every non-zero vector counts).
// Vectors need not be unit length: the engine divides by the norms.
struct MatchJobs
{
    EmbeddingMatrix vectors; // rows × dims (dims may be 0 when no vectors at all); zero row = no embedding
    std::vector<std::uint8_t> hasVector; // 1 when the row has an embedding
    std::vector<std::vector<std::int32_t>> requiredSkills; // skill ids (sorted, unique) from one shared vocabulary
    std::vector<double> budget; // the job's budget (core.jobs.budget); ≤ 0: unknown
    std::vector<std::int8_t> experienceLevel; // 0 entry, 1 intermediate, 2 expert; -1 unknown
    std::vector<std::int16_t> region; // index into one shared region list; -1 unknown
    std::vector<float> utcOffsetHours; // the job's timezone requirement; NaN unknown
    std::vector<float> estimatedHours; // hours the budget pays for; ≤ 0 or NaN: assumedHours
    double assumedHours = 40; // one working week, when a job does not say

    std::size_t rows() const;
};

struct MatchFreelancers
{
    EmbeddingMatrix vectors;
    std::vector<std::uint8_t> hasVector;
    std::vector<std::vector<std::int32_t>> skills; // sorted, unique
    std::vector<double> hourlyRate; // ≤ 0: unknown
    std::vector<std::int32_t> experienceYears; // < 0: unknown
    std::vector<double> successRate; // 0..1; NaN: no history
    std::vector<std::int16_t> region; // region of the freelancer's location; -1 unknown
    std::vector<float> utcOffsetHours; // NaN unknown

    std::size_t rows() const;
};

struct MatchCandidate
{
    std::uint32_t row = 0; // row in the OTHER side (freelancer row for job queries, job row for freelancer queries)
    float score = 0; // weighted sum of components
    float confidence = 0; // 0..1, see the top of this file
    ComponentScores components {};
};

// status: Ok; Cancelled (perQuery empty); InvalidArgument or NonFiniteInput with `error` saying what is
// wrong (perQuery empty: never a partial result).
struct MatchOutcome
{
    Status status = Status::Ok;
    std::string error; // e.g. "job row 3 has a NaN or infinite value in its vector"
    std::vector<std::vector<MatchCandidate>> perQuery; // one list per query row, best first, ≤ topK, all ≥ threshold
    std::size_t pairsScored = 0;
};

// Job → freelancers for the given job rows (empty span = all jobs). Exact: every pair scored, block-wise,
// fused top-k. Ties in score go to the lower freelancer row. The result does not depend on params.threads.
// Runs on the calling thread plus params.threads − 1 helpers (SGEMM on OpenBLAS's own threads); polls
// control between blocks (tens of ms) and reports progress per block.
MatchOutcome matchJobs(const MatchJobs &jobs, const MatchFreelancers &freelancers,
    std::span<const std::uint32_t> jobRows, const MatchParams &params, const Control &control = {});
// Freelancer → jobs for the given freelancer rows (empty span = all freelancers); ties to the lower job row.
MatchOutcome matchFreelancers(const MatchJobs &jobs, const MatchFreelancers &freelancers,
    std::span<const std::uint32_t> freelancerRows, const MatchParams &params, const Control &control = {});

// One pair's components, computed on their own (the reference the tests and the brute-force scorer use; the
// UI uses it to explain a match). The inputs must have passed the engine's checks (rows in range).
ComponentScores scorePair(
    const MatchJobs &jobs, std::uint32_t job, const MatchFreelancers &freelancers, std::uint32_t freelancer);
float confidenceOf(
    const MatchJobs &jobs, std::uint32_t job, const MatchFreelancers &freelancers, std::uint32_t freelancer);
// For explaining a match: the job's required skills the freelancer lacks (ids, ascending), and the hourly
// rate the job's budget pays by the Budget component's rule (0 when unknown).
std::vector<std::int32_t> missingSkills(
    const MatchJobs &jobs, std::uint32_t job, const MatchFreelancers &freelancers, std::uint32_t freelancer);
double paidHourlyRate(const MatchJobs &jobs, std::uint32_t job);
// Σ weight · component, accumulated in the order of MatchComponent (as the engine does).
float weightedScore(const ComponentScores &components, const MatchParams &params);

// "" when the two sides can be matched, else what is wrong (sizes, NaN or infinite values, dimensions).
// matchJobs / matchFreelancers make the same checks with the same sentences (the vectors within their own
// passes); this one reads every vector once more, so it suits a check without a run.
std::string validateMatchInput(const MatchJobs &jobs, const MatchFreelancers &freelancers);

} // namespace compute
