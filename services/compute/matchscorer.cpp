#include "matchscorer.h"
#include "matchscores.h"

#include <cmath>
#include <cstring>

namespace compute::match {

// Skill overlap of `query` with candidates c0 … c0 + cn − 1: from the index, or through the query's mask
// (ids below 0, which no mask holds, are counted by the intersection below).
void Scorer::overlap(std::uint32_t query, std::uint32_t c0, std::size_t cn, std::uint16_t *out,
    const std::vector<std::uint8_t> *mask) const
{
    std::memset(out, 0, cn * sizeof(std::uint16_t));
    const auto &lists = jobQueries ? jobs.requiredSkills : freelancers.skills;
    const auto &others = jobQueries ? freelancers.skills : jobs.requiredSkills;
    if (query >= lists.size() || lists[query].empty() || others.empty())
        return;
    const std::vector<std::int32_t> &mine = lists[query];
    if (candidateSkills) {
        for (std::int32_t id : mine) {
            const std::span<const std::uint32_t> rows = candidateSkills->holding(id);
            for (auto r = std::lower_bound(rows.begin(), rows.end(), c0); r != rows.end() && *r < c0 + cn; ++r)
                ++out[*r - c0];
        }
        return;
    }
    if (mask && mine.front() >= 0) {
        const std::size_t size = mask->size();
        const std::uint8_t *bits = mask->data();
        for (std::size_t c = 0; c < cn; ++c) {
            std::uint16_t shared = 0;
            for (std::int32_t id : others[c0 + c])
                shared += std::size_t(id) < size ? bits[id] : 0;
            out[c] = shared;
        }
        return;
    }
    for (std::size_t c = 0; c < cn; ++c) {
        const std::vector<std::int32_t> &theirs = others[c0 + c];
        std::uint16_t shared = 0;
        for (auto x = mine.begin(), y = theirs.begin(); x != mine.end() && y != theirs.end();) {
            if (*x < *y) {
                ++x;
            } else if (*y < *x) {
                ++y;
            } else {
                ++shared, ++x, ++y;
            }
        }
        out[c] = shared;
    }
}

float Scorer::weighted(const ComponentScores &c) const
{
    float score = 0;
    for (int i = 0; i < MatchComponentCount; ++i)
        score += weights[std::size_t(i)] * c[std::size_t(i)];
    return score;
}

MatchCandidate Scorer::candidate(std::uint32_t query, std::uint32_t row, float dot, std::uint16_t shared) const
{
    const std::uint32_t j = jobQueries ? query : row, f = jobQueries ? row : query;
    const float jobInverse = jobQueries ? queryInverse[query] : candidateInverse[row];
    const float freelancerInverse = jobQueries ? candidateInverse[row] : queryInverse[query];
    const JobRow &job = jc.rows[j];
    const FreelancerRow &freelancer = fc.rows[f];
    MatchCandidate c;
    c.row = row;
    c.components[Semantic] = semanticComponent(dot, jobInverse, freelancerInverse);
    c.components[Skills] = skillsComponent(shared, job.requiredSkills);
    c.components[Experience] = experienceComponent(job.level, freelancer.years);
    c.components[SuccessRate] = successComponent(freelancer.successRate);
    c.components[Region] = regionComponent(job.region, job.offset, freelancer.region, freelancer.offset);
    c.components[Budget] = budgetComponent(job.paidRate, freelancer.rate);
    c.score = weighted(c.components);
    const bool bothVectors = jobInverse > 0 && freelancerInverse > 0;
    c.confidence = float(knownComponents(job, freelancer, bothVectors)) / float(MatchComponentCount);
    return c;
}

void Scorer::score(std::uint32_t query, const float *dots, std::uint32_t c0, std::size_t cn, Scratch &s,
    CandidateHeap &heap, const std::vector<std::uint8_t> *mask) const
{
    overlap(query, c0, cn, s.overlap.data(), mask);
    float *scores = s.scores.data();
    if (jobQueries) {
        const std::uint32_t j = query;
        const JobQueryView view { queryInverse[j], jc.paidRate[j], jc.offset[j], jc.required[j], jc.region[j] };
        const FreelancerRunView run { candidateInverse + c0, fc.rate.data() + c0, fc.offset.data() + c0,
            fc.success.data() + c0, fc.experience[std::size_t(jc.level[j] + 1)].data() + c0, fc.region.data() + c0 };
        scoreFreelancerRun(view, run, dots, s.overlap.data(), cn, weights.data(), scores);
    } else {
        const std::uint32_t f = query;
        const FreelancerQueryView view { queryInverse[f], fc.rate[f], fc.offset[f], fc.success[f],
            { fc.experience[0][f], fc.experience[1][f], fc.experience[2][f], fc.experience[3][f] }, fc.region[f] };
        const JobRunView run { candidateInverse + c0, jc.paidRate.data() + c0, jc.offset.data() + c0,
            jc.required.data() + c0, jc.level.data() + c0, jc.region.data() + c0 };
        scoreJobRun(view, run, dots, s.overlap.data(), cn, weights.data(), scores);
    }
    // A candidate enters when it reaches the threshold and, with the heap full, beats the worst kept.
    const auto bar
        = [&] { return heap.full() ? std::max(threshold, std::nextafter(heap.worst(), INFINITY)) : threshold; };
    if (!anyAtLeast(scores, cn, bar()))
        return;
    for (std::size_t c = 0; c < cn; ++c) {
        if (scores[c] >= bar())
            heap.push(candidate(query, c0 + std::uint32_t(c), dots[c], s.overlap[c]));
    }
}

std::vector<std::uint8_t> skillMask(const std::vector<std::int32_t> &ids)
{
    std::vector<std::uint8_t> mask(ids.empty() || ids.back() < 0 ? 0 : std::size_t(ids.back()) + 1, 0);
    for (std::int32_t id : ids) {
        if (id >= 0)
            mask[std::size_t(id)] = 1;
    }
    return mask;
}

} // namespace compute::match
