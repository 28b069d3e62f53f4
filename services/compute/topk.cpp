#include "topk.h"
#include "topkheap.h"
#include "vectorops.h"

#include <cblas.h>

#include <algorithm>
#include <limits>

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
    std::vector<TopKHeap> partial = scanRows(base.rows(), options.k, options,
        [&](std::size_t first, std::size_t count, float *out) {
            dotRows(base.row(first), base.stride(), count, query, base.dims(), out);
        });
    if (partial.empty())
        return {};
    TopKHeap merged(options.k);
    for (TopKHeap &p : partial) {
        for (const Neighbor &n : p.sorted())
            merged.push(n.score, n.index);
    }
    return merged.sorted();
}

} // namespace compute
