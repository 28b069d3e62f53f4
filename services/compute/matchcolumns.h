#pragma once

// The matching kernel's inputs as flat columns, built once per run (internal to the compute core).
#include "matchcomponents.h"

#include <cstdint>
#include <span>
#include <vector>

namespace compute::match {

// The components' inputs as flat columns (one value per row), read by the fused pass. Everything a pair
// needs besides its dot product and its skill overlap is here, computed once per run.
struct JobColumns
{
    std::vector<JobRow> rows;
    std::vector<float> paidRate, offset;
    std::vector<std::int32_t> required, level, region;
};
struct FreelancerColumns
{
    std::vector<FreelancerRow> rows;
    std::vector<float> rate, offset, success;
    std::vector<std::int32_t> skills, region;
    std::vector<float> experience[4]; // experienceComponent(level, years) for level −1, 0, 1, 2
};
JobColumns jobColumns(const MatchJobs &jobs);
FreelancerColumns freelancerColumns(const MatchFreelancers &freelancers);

// Rows holding each skill (compressed rows: skill ids sorted, rows ascending per skill).
struct SkillIndex
{
    std::vector<std::int32_t> skill;
    std::vector<std::size_t> start; // skill.size() + 1 offsets into rows
    std::vector<std::uint32_t> rows;

    static SkillIndex build(const std::vector<std::vector<std::int32_t>> &lists);
    // The rows holding `id`, or an empty span.
    std::span<const std::uint32_t> holding(std::int32_t id) const;
};

} // namespace compute::match
