// The engine's inputs as flat columns and the skill index, built once per run from the caller's structs.
#include "matchcolumns.h"

#include <algorithm>

namespace compute::match {

JobColumns jobColumns(const MatchJobs &jobs)
{
    const std::size_t n = jobs.rows();
    JobColumns c;
    c.rows.resize(n);
    c.paidRate.resize(n);
    c.offset.resize(n);
    c.required.resize(n);
    c.level.resize(n);
    c.region.resize(n);
    for (std::size_t r = 0; r < n; ++r) {
        const JobRow row = jobRow(jobs, r);
        c.rows[r] = row;
        c.paidRate[r] = row.paidRate;
        c.offset[r] = row.offset;
        c.required[r] = row.requiredSkills;
        c.level[r] = row.level;
        c.region[r] = row.region;
    }
    return c;
}

FreelancerColumns freelancerColumns(const MatchFreelancers &freelancers)
{
    const std::size_t n = freelancers.rows();
    FreelancerColumns c;
    c.rows.resize(n);
    c.rate.resize(n);
    c.offset.resize(n);
    c.success.resize(n);
    c.skills.resize(n);
    c.region.resize(n);
    for (auto &e : c.experience)
        e.resize(n);
    for (std::size_t r = 0; r < n; ++r) {
        const FreelancerRow row = freelancerRow(freelancers, r);
        c.rows[r] = row;
        c.rate[r] = row.rate;
        c.offset[r] = row.offset;
        c.success[r] = successComponent(row.successRate);
        c.skills[r] = row.skills;
        c.region[r] = row.region;
        for (int level = -1; level <= 2; ++level)
            c.experience[std::size_t(level + 1)][r] = experienceComponent(level, row.years);
    }
    return c;
}

SkillIndex SkillIndex::build(const std::vector<std::vector<std::int32_t>> &lists)
{
    std::vector<std::pair<std::int32_t, std::uint32_t>> pairs;
    for (std::size_t r = 0; r < lists.size(); ++r) {
        for (std::int32_t id : lists[r])
            pairs.emplace_back(id, std::uint32_t(r));
    }
    std::sort(pairs.begin(), pairs.end());
    SkillIndex index;
    index.rows.reserve(pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        if (i == 0 || pairs[i].first != pairs[i - 1].first) {
            index.skill.push_back(pairs[i].first);
            index.start.push_back(i);
        }
        index.rows.push_back(pairs[i].second);
    }
    index.start.push_back(pairs.size());
    return index;
}

std::span<const std::uint32_t> SkillIndex::holding(std::int32_t id) const
{
    const auto it = std::lower_bound(skill.begin(), skill.end(), id);
    if (it == skill.end() || *it != id)
        return {};
    const std::size_t s = std::size_t(it - skill.begin());
    return { rows.data() + start[s], start[s + 1] - start[s] };
}

} // namespace compute::match
