// The exact matching kernel: query block × candidate block tiles, the tile's dot products from one SGEMM,
// every other component fused into one pass over the tile, a bounded heap per query. A handful of queries
// (one job re-run after a weight change) instead streams the candidate matrix once per query with two
// threads on candidate chunks. Tiles and chunks have fixed sizes, so the thread count never changes a score.
#include "matchkernel.h"
#include "matchscores.h"
#include "parallel.h"

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
constexpr std::size_t ChunkRows = 4096; // a unit of work on the streaming path: small, so two threads end together

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

    // Skill overlap of `query` with candidates c0 … c0 + cn − 1: from the index, or through the query's
    // mask (ids below 0, which no mask holds, are counted by the intersection below).
    void overlap(std::uint32_t query, std::uint32_t c0, std::size_t cn, std::uint16_t *out,
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

    float weighted(const ComponentScores &c) const
    {
        float score = 0;
        for (int i = 0; i < MatchComponentCount; ++i)
            score += weights[std::size_t(i)] * c[std::size_t(i)];
        return score;
    }

    // One candidate's components, confidence and score, recomputed by the scalar formulas.
    MatchCandidate candidate(std::uint32_t query, std::uint32_t row, float dot, std::uint16_t shared) const
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

    // Scores one query against candidates c0 … c0 + cn − 1 whose dot products with it are in dots.
    void score(std::uint32_t query, const float *dots, std::uint32_t c0, std::size_t cn, Scratch &s,
        CandidateHeap &heap, const std::vector<std::uint8_t> *mask = nullptr) const
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
        const auto bar = [&] {
            return heap.full() ? std::max(threshold, std::nextafter(heap.worst(), INFINITY)) : threshold;
        };
        if (!anyAtLeast(scores, cn, bar()))
            return;
        for (std::size_t c = 0; c < cn; ++c) {
            if (scores[c] >= bar())
                heap.push(candidate(query, c0 + std::uint32_t(c), dots[c], s.overlap[c]));
        }
    }
};

// Marks the query's skill ids (the streaming path looks each candidate skill up instead of intersecting).
std::vector<std::uint8_t> skillMask(const std::vector<std::int32_t> &ids)
{
    std::vector<std::uint8_t> mask(ids.empty() || ids.back() < 0 ? 0 : std::size_t(ids.back()) + 1, 0);
    for (std::int32_t id : ids) {
        if (id >= 0)
            mask[std::size_t(id)] = 1;
    }
    return mask;
}

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

// Inverse norms of rows first … first + count − 1 into out[row] (0 for a row without the flag), and with q
// their dot products with q into dots[0 …]; false when a row, flagged or not, holds a NaN or an infinity
// (the kernel reads every row's dot product).
bool inverseNorms(const EmbeddingMatrix &v, const std::vector<std::uint8_t> &flags, std::size_t first,
    std::size_t count, float *out, const float *q = nullptr, float *dots = nullptr)
{
    float squares[256];
    bool finite = true;
    for (std::size_t b = first; b < first + count; b += 256) {
        const std::size_t n = std::min<std::size_t>(256, first + count - b);
        dotAndSquareRows(v.row(b), v.stride(), n, q, v.dims(), q ? dots + (b - first) : nullptr, squares);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t r = b + i;
            const float inverse = inverseNormOf(squares[i]);
            finite = finite && !std::isnan(inverse);
            out[r] = flags.empty() || flags[r] ? inverse : 0.0f;
        }
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
    if (nq == 0)
        return outcome;

    if (nq <= FewQueries) {
        // One streaming pass: each sub-block's rows are read from memory once for their norms and then
        // from cache for every query's dot products.
        constexpr std::size_t SubBlock = 128;
        const Scorer scorer { in.jobs, in.freelancers, jc, fc, nullptr, queryInverse.data(), candidateInverse.data(),
            weights, float(in.params.threshold), in.jobQueries };
        const std::size_t chunks = (nc + ChunkRows - 1) / ChunkRows;
        std::vector<std::vector<CandidateHeap>> heaps(nq, std::vector<CandidateHeap>(chunks, CandidateHeap(k)));
        std::vector<std::vector<std::uint8_t>> masks;
        for (std::uint32_t q : in.queries) {
            const auto &lists = in.jobQueries ? in.jobs.requiredSkills : in.freelancers.skills;
            masks.push_back(q < lists.size() ? skillMask(lists[q]) : std::vector<std::uint8_t>());
        }
        std::atomic<std::size_t> done { 0 };
        std::atomic<bool> stop { false }, bad { false };
        parallelFor(chunks, threads, [&](std::size_t chunk) {
            Scratch scratch;
            std::vector<float> dots(SubBlock, 0.0f), squares(SubBlock);
            const std::size_t end = std::min(nc, (chunk + 1) * ChunkRows);
            for (std::size_t c0 = chunk * ChunkRows; c0 < end; c0 += SubBlock) {
                if (stop.load(std::memory_order_relaxed) || in.control.cancelled()) {
                    stop = true;
                    return;
                }
                const std::size_t cn = std::min(SubBlock, end - c0);
                // The first query's dot products ride on the norm pass; the others read the rows from cache.
                if (semantic
                    && !inverseNorms(cv, candidateFlags, c0, cn, candidateInverse.data(), qv.row(in.queries[0]),
                        dots.data())) {
                    bad = true;
                    stop = true;
                    return;
                }
                for (std::size_t q = 0; q < nq; ++q) {
                    if (semantic && q > 0)
                        dotAndSquareRows(cv.row(c0), cv.stride(), cn, qv.row(in.queries[q]), dims, dots.data(),
                            squares.data());
                    scorer.score(in.queries[q], dots.data(), std::uint32_t(c0), cn, scratch, heaps[q][chunk], &masks[q]);
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
