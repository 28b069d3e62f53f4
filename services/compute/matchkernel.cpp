// The exact matching kernel: query block × candidate block tiles, the tile's dot products from one SGEMM,
// every other component fused into one pass over the tile, a bounded heap per query. A handful of queries
// (one job re-run after a weight change) instead streams the candidate matrix once per query with two
// threads on candidate chunks. Tiles and chunks have fixed sizes, so the thread count never changes a score.
#include "matchkernel.h"
#include "matchscorer.h"
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
constexpr std::size_t CandidateBlock = MaxRun; // the tile (4 MB of scores) and its columns stay in L2/L3
constexpr std::size_t FewQueries = 4; // at most this many queries: streaming path
constexpr std::size_t ChunkRows = 4096; // a unit of work on the streaming path: small, so two threads end together

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

// One run's shared state: the columns, the norms and which side is which.
struct Run
{
    const KernelInput &in;
    JobColumns jc;
    FreelancerColumns fc;
    std::array<float, MatchComponentCount> weights {};
    std::size_t k;
    int threads;
    const EmbeddingMatrix &qv, &cv;
    const std::vector<std::uint8_t> &candidateFlags;
    std::size_t nq, nc, querySideRows;
    bool semantic; // vectors on both sides, of one dimension; otherwise every dot product is 0
    int dims;
    std::vector<float> queryInverse, candidateInverse;

    explicit Run(const KernelInput &input)
        : in(input)
        , jc(jobColumns(input.jobs))
        , fc(freelancerColumns(input.freelancers))
        , k(std::size_t(input.params.topK))
        , threads(input.params.threads)
        , qv(vectorsOf(input, true))
        , cv(vectorsOf(input, false))
        , candidateFlags(input.jobQueries ? input.freelancers.hasVector : input.jobs.hasVector)
        , nq(input.queries.size())
        , nc(input.jobQueries ? input.freelancers.rows() : input.jobs.rows())
        , querySideRows(input.jobQueries ? input.jobs.rows() : input.freelancers.rows())
        , semantic(qv.rows() > 0 && cv.rows() > 0 && qv.dims() > 0 && qv.dims() == cv.dims())
        , dims(semantic ? qv.dims() : 0)
        , queryInverse(querySideRows, 0.0f)
        , candidateInverse(nc, 0.0f)
    {
        for (std::size_t c = 0; c < weights.size(); ++c)
            weights[c] = float(input.params.weights[c]);
    }

    Scorer scorer(const SkillIndex *skills) const
    {
        return { in.jobs, in.freelancers, jc, fc, skills, queryInverse.data(), candidateInverse.data(), weights,
            float(in.params.threshold), in.jobQueries };
    }
    MatchOutcome badCandidate() const
    {
        return failure(Status::NonFiniteInput, vectorSentence(!in.jobQueries, firstBadRow(cv)));
    }
};

// A handful of queries: one streaming pass over the candidates, two threads on fixed chunks, each
// sub-block's rows read from memory once for their norms and the first query's dot products and then
// from cache for the other queries'.
MatchOutcome streamQueries(Run &run)
{
    constexpr std::size_t SubBlock = 128;
    const KernelInput &in = run.in;
    const Scorer scorer = run.scorer(nullptr);
    const std::size_t chunks = (run.nc + ChunkRows - 1) / ChunkRows;
    std::vector<std::vector<CandidateHeap>> heaps(run.nq, std::vector<CandidateHeap>(chunks, CandidateHeap(run.k)));
    std::vector<std::vector<std::uint8_t>> masks;
    for (std::uint32_t q : in.queries) {
        const auto &lists = in.jobQueries ? in.jobs.requiredSkills : in.freelancers.skills;
        masks.push_back(q < lists.size() ? skillMask(lists[q]) : std::vector<std::uint8_t>());
    }
    std::atomic<std::size_t> done { 0 };
    std::atomic<bool> stop { false }, bad { false };
    parallelFor(chunks, run.threads, [&](std::size_t chunk) {
        Scratch scratch;
        std::vector<float> dots(SubBlock, 0.0f), squares(SubBlock);
        const std::size_t end = std::min(run.nc, (chunk + 1) * ChunkRows);
        for (std::size_t c0 = chunk * ChunkRows; c0 < end; c0 += SubBlock) {
            if (stop.load(std::memory_order_relaxed) || in.control.cancelled()) {
                stop = true;
                return;
            }
            const std::size_t cn = std::min(SubBlock, end - c0);
            if (run.semantic
                && !inverseNorms(run.cv, run.candidateFlags, c0, cn, run.candidateInverse.data(),
                    run.qv.row(in.queries[0]), dots.data())) {
                bad = true;
                stop = true;
                return;
            }
            for (std::size_t q = 0; q < run.nq; ++q) {
                if (run.semantic && q > 0)
                    dotAndSquareRows(run.cv.row(c0), run.cv.stride(), cn, run.qv.row(in.queries[q]), run.dims,
                        dots.data(), squares.data());
                scorer.score(in.queries[q], dots.data(), std::uint32_t(c0), cn, scratch, heaps[q][chunk], &masks[q]);
            }
        }
        in.control.report(double(++done) / double(chunks));
    });
    if (bad)
        return run.badCandidate();
    if (stop || in.control.cancelled())
        return failure(Status::Cancelled, {});
    MatchOutcome outcome;
    outcome.perQuery.resize(run.nq);
    for (std::size_t q = 0; q < run.nq; ++q) {
        std::vector<MatchCandidate> all;
        for (CandidateHeap &h : heaps[q])
            all.insert(all.end(), h.items().begin(), h.items().end());
        outcome.perQuery[q] = sortedBest(std::move(all), run.k);
    }
    return outcome;
}

// Many queries: query block × candidate block tiles, one SGEMM each, the fused pass split over threads by
// query rows (each query's heap belongs to one thread at a time).
MatchOutcome blockQueries(Run &run)
{
    const KernelInput &in = run.in;
    if (run.semantic) {
        constexpr std::size_t NormBlock = 4096;
        std::atomic<bool> bad { false };
        parallelFor((run.nc + NormBlock - 1) / NormBlock, run.threads, [&](std::size_t b) {
            const std::size_t first = b * NormBlock;
            if (!inverseNorms(run.cv, run.candidateFlags, first, std::min(NormBlock, run.nc - first),
                    run.candidateInverse.data()))
                bad = true;
        });
        if (bad)
            return run.badCandidate();
    }
    const SkillIndex skills = SkillIndex::build(in.jobQueries ? in.freelancers.skills : in.jobs.requiredSkills);
    const Scorer scorer = run.scorer(&skills);

    // The query rows as one matrix SGEMM can read: the side's own matrix when all rows are asked in order.
    const std::size_t nq = run.nq, nc = run.nc;
    bool identity = nq == run.querySideRows;
    for (std::size_t q = 0; identity && q < nq; ++q)
        identity = in.queries[q] == q;
    EmbeddingMatrix gathered;
    if (run.semantic && !identity)
        gathered = gatherRows(run.qv, std::vector<std::size_t>(in.queries.begin(), in.queries.end()));
    const EmbeddingMatrix &queryVectors = identity ? run.qv : gathered;

    std::vector<CandidateHeap> heaps(nq, CandidateHeap(run.k));
    const std::size_t lanes = std::size_t(resolveThreads(run.threads));
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
            if (run.semantic) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(qn), int(cn), run.dims, 1.0f,
                    queryVectors.row(q0), int(queryVectors.stride()), run.cv.row(c0), int(run.cv.stride()), 0.0f,
                    tile.data(), int(cn));
            }
            parallelFor(lanes, run.threads, [&](std::size_t lane) {
                for (std::size_t q = q0 + qn * lane / lanes; q < q0 + qn * (lane + 1) / lanes; ++q)
                    scorer.score(
                        in.queries[q], tile.data() + (q - q0) * cn, std::uint32_t(c0), cn, scratch[lane], heaps[q]);
            });
            in.control.report(double(++tilesDone) / double(tiles));
        }
    }
    MatchOutcome outcome;
    outcome.perQuery.resize(nq);
    for (std::size_t q = 0; q < nq; ++q)
        outcome.perQuery[q] = sortedBest(std::move(heaps[q].items()), run.k);
    return outcome;
}

} // namespace

MatchOutcome runKernel(const KernelInput &in)
{
    Run run(in);
    if (run.semantic) {
        const auto &queryFlags = in.jobQueries ? in.jobs.hasVector : in.freelancers.hasVector;
        for (std::uint32_t q : in.queries) {
            if (!inverseNorms(run.qv, queryFlags, q, 1, run.queryInverse.data()))
                return failure(Status::NonFiniteInput, vectorSentence(in.jobQueries, q));
        }
    }
    if (run.nq == 0)
        return {};
    return run.nq <= FewQueries ? streamQueries(run) : blockQueries(run);
}

} // namespace compute::match
