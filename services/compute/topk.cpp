#include "topk.h"
#include "topkheap.h"
#include "vectorops.h"

#include <cblas.h>

#include <algorithm>
#include <limits>
#include <thread>

namespace compute {
namespace {

constexpr std::size_t BaseBlock = 4096; // rows of the base per SGEMM: the score block stays in L2/L3
constexpr std::size_t QueryBlock = 1024;

bool cancelled(const SearchOptions &options)
{
    return options.cancel && options.cancel->load(std::memory_order_relaxed);
}

} // namespace

std::vector<std::vector<Neighbor>> searchBatch(
    const EmbeddingMatrix &base, const EmbeddingMatrix &queries, const SearchOptions &options)
{
    return searchBatch(base, queries.data(), queries.rows(), queries.stride(), options);
}

std::vector<std::vector<Neighbor>> searchBatch(const EmbeddingMatrix &base, const float *queries, std::size_t nq,
    std::size_t stride, const SearchOptions &options)
{
    std::vector<TopKHeap> best(nq, TopKHeap(options.k));
    std::vector<float> scores(std::min(nq, QueryBlock) * BaseBlock);
    for (std::size_t q0 = 0; q0 < nq; q0 += QueryBlock) {
        const std::size_t qn = std::min(QueryBlock, nq - q0);
        for (std::size_t r0 = 0; r0 < base.rows(); r0 += BaseBlock) {
            if (cancelled(options))
                return {};
            const std::size_t rn = std::min(BaseBlock, base.rows() - r0);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(qn), int(rn), base.dims(), 1.0f, queries + q0 * stride,
                int(stride), base.row(r0), int(base.stride()), 0.0f, scores.data(), int(rn));
            for (std::size_t q = 0; q < qn; ++q)
                best[q0 + q].scan(scores.data() + q * rn, rn, std::uint32_t(r0), options.mask);
        }
    }
    std::vector<std::vector<Neighbor>> result(nq);
    for (std::size_t q = 0; q < nq; ++q)
        result[q] = best[q].sorted();
    return result;
}

std::vector<Neighbor> searchOne(const EmbeddingMatrix &base, const float *query, const SearchOptions &options)
{
    // Two halves of the base on two threads, each a blocked GEMV plus its own top-k, merged at the end.
    const std::size_t rows = base.rows();
    const unsigned threads = rows >= 20000 ? std::max(1u, std::min(2u, std::thread::hardware_concurrency())) : 1u;
    std::vector<TopKHeap> partial(threads, TopKHeap(options.k));
    const auto work = [&](unsigned t) {
        const std::size_t begin = rows * t / threads, end = rows * (t + 1) / threads;
        std::vector<float> scores(BaseBlock);
        for (std::size_t r0 = begin; r0 < end; r0 += BaseBlock) {
            if (cancelled(options))
                return;
            const std::size_t rn = std::min(BaseBlock, end - r0);
            dotRows(base.row(r0), base.stride(), rn, query, base.dims(), scores.data());
            partial[t].scan(scores.data(), rn, std::uint32_t(r0), options.mask);
        }
    };
    if (threads == 1) {
        work(0);
    } else {
        std::thread helper(work, 1u);
        work(0);
        helper.join();
    }
    if (cancelled(options))
        return {};
    TopKHeap merged(options.k);
    for (TopKHeap &p : partial) {
        for (const Neighbor &n : p.sorted())
            merged.push(n.score, n.index);
    }
    return merged.sorted();
}

} // namespace compute
