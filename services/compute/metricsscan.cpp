#include "metricsscan.h"
#include "sampling.h"

#include <cblas.h>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace compute::metrics {
namespace {

// 256 queries × 4096 base rows: a 4 MB score block, and GEMMs large enough for OpenBLAS to thread well.
constexpr std::size_t QueryBlock = 256;
constexpr std::size_t BaseBlock = 4096;

} // namespace

std::vector<std::uint32_t> sampleRows(
    std::size_t n, std::size_t count, std::uint64_t seed, const std::vector<std::uint8_t> *keep)
{
    std::vector<std::uint32_t> pool;
    pool.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (!keep || (*keep)[i])
            pool.push_back(std::uint32_t(i));
    }
    if (count == 0 || count >= pool.size())
        return pool;
    SplitMix random(seed);
    sampleInPlace(pool, count, random);
    return pool;
}

bool scanScores(const EmbeddingMatrix &x, std::span<const std::uint32_t> rows, const Control &control,
    double progressFrom, double progressTo, const std::function<void(const ScoreBlock &)> &visit)
{
    const std::size_t n = x.rows(), s = rows.size();
    if (s == 0 || n == 0)
        return !control.cancelled();
    // The sampled rows are gathered into one aligned matrix per query block: SGEMM wants them packed.
    EmbeddingMatrix queries(std::min(s, QueryBlock), x.dims());
    std::vector<float> scores(std::min(s, QueryBlock) * std::min(n, BaseBlock));
    const std::size_t steps = ((s + QueryBlock - 1) / QueryBlock) * ((n + BaseBlock - 1) / BaseBlock);
    std::size_t step = 0;
    for (std::size_t q0 = 0; q0 < s; q0 += QueryBlock) {
        const std::size_t qn = std::min(QueryBlock, s - q0);
        for (std::size_t q = 0; q < qn; ++q)
            std::memcpy(queries.row(q), x.row(rows[q0 + q]), x.stride() * sizeof(float));
        for (std::size_t r0 = 0; r0 < n; r0 += BaseBlock) {
            if (control.cancelled())
                return false;
            const std::size_t rn = std::min(BaseBlock, n - r0);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(qn), int(rn), x.dims(), 1.0f, queries.row(0),
                int(queries.stride()), x.row(r0), int(x.stride()), 0.0f, scores.data(), int(rn));
            visit({ q0, qn, r0, rn, scores.data() });
            control.report(progressFrom + (progressTo - progressFrom) * double(++step) / double(steps));
        }
    }
    return !control.cancelled();
}

} // namespace compute::metrics
