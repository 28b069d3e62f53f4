#pragma once

// The matching kernel's fused pass for one query and one run of candidates (internal to the compute
// core): skill overlap, the vectorised score loop, and the heap that keeps the query's best.
#include "matchcolumns.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace compute::match {

inline constexpr std::size_t MaxRun = 2048; // candidates scored at once (a tile's width)

inline bool better(const MatchCandidate &a, const MatchCandidate &b)
{
    return a.score != b.score ? a.score > b.score : a.row < b.row;
}

// The k best candidates of one query over the rows seen so far. Rows arrive in ascending order, so a score
// equal to the worst kept one never displaces it (the lower row wins ties).
class CandidateHeap
{
public:
    explicit CandidateHeap(std::size_t k = 0)
        : m_k(k)
    {
    }
    bool full() const { return m_items.size() >= m_k; }
    float worst() const { return m_items.front().score; }
    void push(const MatchCandidate &c)
    {
        if (!full()) {
            m_items.push_back(c);
            std::push_heap(m_items.begin(), m_items.end(), better);
        } else if (c.score > worst()) {
            std::pop_heap(m_items.begin(), m_items.end(), better);
            m_items.back() = c;
            std::push_heap(m_items.begin(), m_items.end(), better);
        }
    }
    std::vector<MatchCandidate> &items() { return m_items; }

private:
    std::size_t m_k;
    std::vector<MatchCandidate> m_items;
};

// One thread's buffers for a run.
struct Scratch
{
    std::vector<float> scores = std::vector<float>(MaxRun);
    std::vector<std::uint16_t> overlap = std::vector<std::uint16_t>(MaxRun);
};

// Everything the fused pass reads, shared by all threads (read-only while scoring).
struct Scorer
{
    const MatchJobs &jobs;
    const MatchFreelancers &freelancers;
    const JobColumns &jc;
    const FreelancerColumns &fc;
    const SkillIndex *candidateSkills; // skills of the candidate side; nullptr: through the query's mask
    const float *queryInverse; // 1 / ‖v‖ by row of the query side (0 without an embedding)
    const float *candidateInverse; // the same for the candidate side
    std::array<float, MatchComponentCount> weights;
    float threshold;
    bool jobQueries;

    // Scores `query` against candidates c0 … c0 + cn − 1 (cn ≤ MaxRun) whose dot products with it are in
    // dots, and offers the ones that qualify to the heap. mask: the query's skillMask when there is no index.
    void score(std::uint32_t query, const float *dots, std::uint32_t c0, std::size_t cn, Scratch &s,
        CandidateHeap &heap, const std::vector<std::uint8_t> *mask = nullptr) const;
    // One candidate's components, confidence and score, by the scalar formulas.
    MatchCandidate candidate(std::uint32_t query, std::uint32_t row, float dot, std::uint16_t shared) const;

private:
    void overlap(std::uint32_t query, std::uint32_t c0, std::size_t cn, std::uint16_t *out,
        const std::vector<std::uint8_t> *mask) const;
    float weighted(const ComponentScores &c) const;
};

// The query's skill ids marked in a table indexed by id (the streaming path looks each candidate skill up).
std::vector<std::uint8_t> skillMask(const std::vector<std::int32_t> &ids);

} // namespace compute::match
