// The exact matching kernel: query block × candidate block tiles, the tile's dot products from one SGEMM,
// every other component fused into one pass over the tile, a bounded heap per query. A handful of queries
// (one job re-run after a weight change) instead streams the candidate matrix once per query with two
// threads on candidate chunks. Tiles and chunks have fixed sizes, so the thread count never changes a score.
#include "matchkernel.h"
#include "parallel.h"
#include "vectorops.h"

#include <cblas.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <numeric>

namespace compute::match {
namespace {

constexpr std::size_t QueryBlock = 512;
constexpr std::size_t CandidateBlock = 2048; // the tile (4 MB of scores) and its columns stay in L2/L3
constexpr std::size_t FewQueries = 4; // at most this many queries: streaming path
constexpr std::size_t ChunkRows = 8 * CandidateBlock; // a unit of work on the streaming path

bool better(const MatchCandidate &a, const MatchCandidate &b)
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

struct Scratch
{
    std::vector<float> scores = std::vector<float>(CandidateBlock);
    std::vector<std::uint16_t> overlap = std::vector<std::uint16_t>(CandidateBlock);
    std::vector<ComponentScores> components = std::vector<ComponentScores>(CandidateBlock);
};

// Everything the fused pass reads, shared by all threads (read-only while scoring).
struct Scorer
{
    const MatchJobs &jobs;
    const MatchFreelancers &freelancers;
    const JobColumns &jc;
    const FreelancerColumns &fc;
    const SkillIndex *candidateSkills; // skills of the candidate side; nullptr: intersect the lists one by one
    const float *queryInverse; // 1 / ‖v‖ by row of the query side (0 without an embedding)
    const float *candidateInverse; // the same for the candidate side
    std::array<float, MatchComponentCount> weights;
    float threshold;
    bool jobQueries;

    // Skill overlap of `query` with candidates c0 … c0 + cn − 1.
    void overlap(std::uint32_t query, std::uint32_t c0, std::size_t cn, std::uint16_t *out) const
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

    float weighted(const ComponentScores &c) const
    {
        float score = 0;
        for (int i = 0; i < MatchComponentCount; ++i)
            score += weights[std::size_t(i)] * c[std::size_t(i)];
        return score;
    }

    // Scores one query against candidates c0 … c0 + cn − 1 whose dot products with it are in dots.
    void score(std::uint32_t query, const float *dots, std::uint32_t c0, std::size_t cn, Scratch &s,
        CandidateHeap &heap) const
    {
        overlap(query, c0, cn, s.overlap.data());
        ComponentScores *comp = s.components.data();
        float *scores = s.scores.data();
        if (jobQueries) {
            const std::uint32_t j = query;
            const float inverse = queryInverse[j], paid = jc.paidRate[j], offset = jc.offset[j];
            const int required = jc.required[j], region = jc.region[j];
            const float *experience = fc.experience[std::size_t(jc.level[j] + 1)].data() + c0;
            const float *fInverse = candidateInverse + c0, *rate = fc.rate.data() + c0;
            const float *fOffset = fc.offset.data() + c0, *success = fc.success.data() + c0;
            const std::int32_t *fRegion = fc.region.data() + c0;
            for (std::size_t c = 0; c < cn; ++c) {
                comp[c][Semantic] = semanticComponent(dots[c], inverse, fInverse[c]);
                comp[c][Skills] = skillsComponent(s.overlap[c], required);
                comp[c][Experience] = experience[c];
                comp[c][SuccessRate] = success[c];
                comp[c][Region] = regionComponent(region, offset, fRegion[c], fOffset[c]);
                comp[c][Budget] = budgetComponent(paid, rate[c]);
                scores[c] = weighted(comp[c]);
            }
        } else {
            const std::uint32_t f = query;
            const float inverse = queryInverse[f], rate = fc.rate[f], offset = fc.offset[f], success = fc.success[f];
            const int region = fc.region[f];
            const float experience[4] = { fc.experience[0][f], fc.experience[1][f], fc.experience[2][f],
                fc.experience[3][f] };
            const float *jInverse = candidateInverse + c0, *paid = jc.paidRate.data() + c0;
            const float *jOffset = jc.offset.data() + c0;
            const std::int32_t *required = jc.required.data() + c0, *level = jc.level.data() + c0;
            const std::int32_t *jRegion = jc.region.data() + c0;
            for (std::size_t c = 0; c < cn; ++c) {
                comp[c][Semantic] = semanticComponent(dots[c], jInverse[c], inverse);
                comp[c][Skills] = skillsComponent(s.overlap[c], required[c]);
                comp[c][Experience] = experience[level[c] + 1];
                comp[c][SuccessRate] = success;
                comp[c][Region] = regionComponent(jRegion[c], jOffset[c], region, offset);
                comp[c][Budget] = budgetComponent(paid[c], rate);
                scores[c] = weighted(comp[c]);
            }
        }
        for (std::size_t c = 0; c < cn; ++c) {
            if (scores[c] < threshold || (heap.full() && scores[c] <= heap.worst()))
                continue;
            MatchCandidate candidate;
            candidate.row = c0 + std::uint32_t(c);
            candidate.score = scores[c];
            candidate.components = comp[c];
            const std::uint32_t j = jobQueries ? query : candidate.row, f = jobQueries ? candidate.row : query;
            const bool bothVectors = queryInverse[query] > 0 && candidateInverse[candidate.row] > 0;
            candidate.confidence = float(knownComponents(jc.rows[j], fc.rows[f], bothVectors)) / float(MatchComponentCount);
            heap.push(candidate);
        }
    }
};

const EmbeddingMatrix &vectorsOf(const KernelInput &in, bool querySide)
{
    return querySide == in.jobQueries ? in.jobs.vectors : in.freelancers.vectors;
}

std::vector<MatchCandidate> sortedBest(std::vector<MatchCandidate> items, std::size_t k)
{
    std::sort(items.begin(), items.end(), better);
    items.resize(std::min(items.size(), k));
    return items;
}

} // namespace

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

namespace {

// Inverse norms of rows first … first + count − 1 into out[row] (0 for a row without the flag); false when a
// row, flagged or not, holds a NaN or an infinity (the kernel reads every row's dot product).
bool inverseNorms(const EmbeddingMatrix &v, const std::vector<std::uint8_t> &flags, std::size_t first,
    std::size_t count, float *out)
{
    bool finite = true;
    for (std::size_t r = first; r < first + count; ++r) {
        float squared = 0;
        dotRows(v.row(r), v.stride(), 1, v.row(r), v.dims(), &squared);
        const float inverse = inverseNormOf(squared);
        finite = finite && !std::isnan(inverse);
        out[r] = flags.empty() || flags[r] ? inverse : 0.0f;
    }
    return finite;
}

// The first row whose vector is not finite, found again in row order so the message does not depend on
// which thread saw a bad row first.
std::size_t firstBadRow(const EmbeddingMatrix &v)
{
    std::vector<float> scratch(v.rows());
    for (std::size_t r = 0; r < v.rows(); ++r) {
        if (!inverseNorms(v, {}, r, 1, scratch.data()))
            return r;
    }
    return v.rows();
}

MatchOutcome failure(Status status, std::string error)
{
    MatchOutcome outcome;
    outcome.status = status;
    outcome.error = std::move(error);
    return outcome;
}

} // namespace

MatchOutcome runKernel(const KernelInput &in)
{
    const JobColumns jc = jobColumns(in.jobs);
    const FreelancerColumns fc = freelancerColumns(in.freelancers);
    std::array<float, MatchComponentCount> weights {};
    for (std::size_t c = 0; c < weights.size(); ++c)
        weights[c] = float(in.params.weights[c]);
    const std::size_t k = std::size_t(in.params.topK);
    const int threads = in.params.threads;

    const EmbeddingMatrix &qv = vectorsOf(in, true), &cv = vectorsOf(in, false);
    const auto &queryFlags = in.jobQueries ? in.jobs.hasVector : in.freelancers.hasVector;
    const auto &candidateFlags = in.jobQueries ? in.freelancers.hasVector : in.jobs.hasVector;
    const std::size_t nq = in.queries.size(), nc = in.jobQueries ? in.freelancers.rows() : in.jobs.rows();
    const std::size_t querySideRows = in.jobQueries ? in.jobs.rows() : in.freelancers.rows();
    // Without vectors on both sides every dot product is 0 (the semantic component too).
    const bool semantic = qv.rows() > 0 && cv.rows() > 0 && qv.dims() > 0 && qv.dims() == cv.dims();
    const int dims = semantic ? qv.dims() : 0;
    std::vector<float> queryInverse(querySideRows, 0.0f), candidateInverse(nc, 0.0f);
    if (semantic) {
        for (std::uint32_t q : in.queries) {
            if (!inverseNorms(qv, queryFlags, q, 1, queryInverse.data()))
                return failure(Status::NonFiniteInput, vectorSentence(in.jobQueries, q));
        }
    }
    const auto badCandidate = [&] {
        return failure(Status::NonFiniteInput, vectorSentence(!in.jobQueries, firstBadRow(cv)));
    };
    MatchOutcome outcome;
    outcome.perQuery.resize(nq);

    if (nq <= FewQueries) {
        // One streaming pass: each sub-block's rows are read from memory once for their norms and then
        // from cache for every query's dot products.
        constexpr std::size_t SubBlock = 128;
        const Scorer scorer { in.jobs, in.freelancers, jc, fc, nullptr, queryInverse.data(), candidateInverse.data(),
            weights, float(in.params.threshold), in.jobQueries };
        const std::size_t chunks = (nc + ChunkRows - 1) / ChunkRows;
        std::vector<std::vector<CandidateHeap>> heaps(nq, std::vector<CandidateHeap>(chunks, CandidateHeap(k)));
        std::atomic<std::size_t> done { 0 };
        std::atomic<bool> stop { false }, bad { false };
        parallelFor(chunks, threads, [&](std::size_t chunk) {
            Scratch scratch;
            std::vector<float> dots(SubBlock, 0.0f);
            const std::size_t end = std::min(nc, (chunk + 1) * ChunkRows);
            for (std::size_t c0 = chunk * ChunkRows; c0 < end; c0 += SubBlock) {
                if (stop.load(std::memory_order_relaxed) || in.control.cancelled()) {
                    stop = true;
                    return;
                }
                const std::size_t cn = std::min(SubBlock, end - c0);
                if (semantic && !inverseNorms(cv, candidateFlags, c0, cn, candidateInverse.data())) {
                    bad = true;
                    stop = true;
                    return;
                }
                for (std::size_t q = 0; q < nq; ++q) {
                    if (semantic)
                        dotRows(cv.row(c0), cv.stride(), cn, qv.row(in.queries[q]), dims, dots.data());
                    scorer.score(in.queries[q], dots.data(), std::uint32_t(c0), cn, scratch, heaps[q][chunk]);
                }
            }
            in.control.report(double(++done) / double(chunks));
        });
        if (bad)
            return badCandidate();
        if (stop || in.control.cancelled())
            return failure(Status::Cancelled, {});
        for (std::size_t q = 0; q < nq; ++q) {
            std::vector<MatchCandidate> all;
            for (CandidateHeap &h : heaps[q])
                all.insert(all.end(), h.items().begin(), h.items().end());
            outcome.perQuery[q] = sortedBest(std::move(all), k);
        }
        return outcome;
    }

    if (semantic) {
        constexpr std::size_t NormBlock = 4096;
        std::atomic<bool> bad { false };
        parallelFor((nc + NormBlock - 1) / NormBlock, threads, [&](std::size_t b) {
            const std::size_t first = b * NormBlock;
            if (!inverseNorms(cv, candidateFlags, first, std::min(NormBlock, nc - first), candidateInverse.data()))
                bad = true;
        });
        if (bad)
            return badCandidate();
    }
    const SkillIndex skills = SkillIndex::build(in.jobQueries ? in.freelancers.skills : in.jobs.requiredSkills);
    const Scorer scorer { in.jobs, in.freelancers, jc, fc, &skills, queryInverse.data(), candidateInverse.data(), weights,
        float(in.params.threshold), in.jobQueries };

    // The query rows as one matrix SGEMM can read: the side's own matrix when all rows are asked in order.
    bool identity = nq == querySideRows;
    for (std::size_t q = 0; identity && q < nq; ++q)
        identity = in.queries[q] == q;
    EmbeddingMatrix gathered;
    if (semantic && !identity)
        gathered = gatherRows(qv, std::vector<std::size_t>(in.queries.begin(), in.queries.end()));
    const EmbeddingMatrix &queryVectors = identity ? qv : gathered;

    std::vector<CandidateHeap> heaps(nq, CandidateHeap(k));
    const std::size_t lanes = std::size_t(resolveThreads(threads));
    std::vector<Scratch> scratch(lanes);
    std::vector<float> tile(std::min(nq, QueryBlock) * CandidateBlock, 0.0f);
    const std::size_t tiles = ((nq + QueryBlock - 1) / QueryBlock) * ((nc + CandidateBlock - 1) / CandidateBlock);
    std::size_t tilesDone = 0;
    for (std::size_t q0 = 0; q0 < nq; q0 += QueryBlock) {
        const std::size_t qn = std::min(QueryBlock, nq - q0);
        for (std::size_t c0 = 0; c0 < nc; c0 += CandidateBlock) {
            if (in.control.cancelled())
                return failure(Status::Cancelled, {});
            const std::size_t cn = std::min(CandidateBlock, nc - c0);
            if (semantic) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(qn), int(cn), dims, 1.0f,
                    queryVectors.row(q0), int(queryVectors.stride()), cv.row(c0), int(cv.stride()), 0.0f, tile.data(),
                    int(cn));
            }
            parallelFor(lanes, threads, [&](std::size_t lane) {
                for (std::size_t q = q0 + qn * lane / lanes; q < q0 + qn * (lane + 1) / lanes; ++q)
                    scorer.score(in.queries[q], tile.data() + (q - q0) * cn, std::uint32_t(c0), cn, scratch[lane], heaps[q]);
            });
            in.control.report(double(++tilesDone) / double(tiles));
        }
    }
    for (std::size_t q = 0; q < nq; ++q)
        outcome.perQuery[q] = sortedBest(std::move(heaps[q].items()), k);
    return outcome;
}

} // namespace compute::match
