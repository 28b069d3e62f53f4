// Exact top-10: a batch of 1,000 queries and single queries, against FAISS IndexFlatIP.
#include "benchrows.h"
#include "benchutil.h"
#include "compute/halfmatrix.h"
#include "compute/topk.h"

#include <algorithm>
#include <set>

bool benchTopK(const BenchContext &c)
{
    constexpr int K = 10;
    const std::size_t n = c.data.rows();
    const int d = c.data.dims();
    const std::size_t nq = std::min<std::size_t>(1000, n);
    // Baseline first, so both sides see the same warm page cache.
    const std::string indices = c.path + ".faiss_I";
    std::ostringstream command;
    command << "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 " << BENCH_DIR << "/faiss_topk.py " << c.path << ' ' << n << ' '
            << d << ' ' << nq << ' ' << K << ' ' << indices;
    const std::vector<double> faiss = bench::runBaseline(command.str());
    if (faiss.size() != 3)
        return false;

    double batch = 1e30;
    std::vector<std::vector<compute::Neighbor>> found;
    for (int round = 0; round < 2; ++round) {
        const double t = bench::now();
        found = compute::searchBatch(c.data, c.data.row(0), nq, c.data.stride(), { K });
        batch = std::min(batch, bench::now() - t);
    }
    std::vector<double> singles;
    for (std::size_t i = 0; i < 50 && i < nq; ++i) {
        const double t = bench::now();
        if (compute::searchOne(c.data, c.data.row(i), { K }).empty())
            return false;
        singles.push_back((bench::now() - t) * 1000);
    }
    std::sort(singles.begin(), singles.end());
    const double singleMs = singles[singles.size() / 2];

    const double fp32Peak = bench::peakMb(); // before the fp16 copy exists

    // The fp16 shortlist + fp32 re-rank path, scored against the exact fp32 scan.
    const double halfStart = bench::now();
    const compute::HalfMatrix half(c.data);
    const double halfBuild = bench::now() - halfStart;
    std::vector<double> halfSingles;
    std::size_t halfAgree = 0, halfTotal = 0;
    for (std::size_t i = 0; i < 50 && i < nq; ++i) {
        const double t = bench::now();
        const auto mine = compute::searchOneHalf(c.data, half, c.data.row(i), { K });
        halfSingles.push_back((bench::now() - t) * 1000);
        const auto exact = compute::searchOne(c.data, c.data.row(i), { K });
        std::set<std::uint32_t> want;
        for (const compute::Neighbor &nb : exact)
            want.insert(nb.index);
        for (const compute::Neighbor &nb : mine)
            halfAgree += want.count(nb.index);
        halfTotal += exact.size();
    }
    std::sort(halfSingles.begin(), halfSingles.end());
    const double halfMs = halfSingles[halfSingles.size() / 2];

    // Agreement with FAISS's exact answer (recall@10 of ours against theirs; ties can differ).
    const auto theirs = bench::readRaw<long long>(indices, nq * K);
    std::size_t agree = 0;
    for (std::size_t q = 0; q < nq && !theirs.empty(); ++q) {
        const std::set<long long> ref(theirs.begin() + q * K, theirs.begin() + (q + 1) * K);
        for (const compute::Neighbor &nb : found[q])
            agree += ref.count(nb.index);
    }
    std::printf("BENCH compute.topk10_batch_%zuq_%s value=%.3fs baseline=%.3fs ratio=%.2f quality=recall@10_vs_faiss:%.4f "
                "baseline_quality=exact peak_mb=%.0f baseline_peak_mb=%.0f matrix_mb=%.0f\n",
        nq, c.size.c_str(), batch, faiss[0], batch / faiss[0], double(agree) / double(nq * K), fp32Peak, faiss[2],
        c.matrixMb);
    std::printf("BENCH compute.topk10_single_fp16_%s value=%.2fms baseline=%.2fms ratio=%.2f quality=recall@10_vs_exact:%.4f "
                "baseline_quality=exact fp16_copy_mb=%.0f fp16_build_s=%.2f peak_mb=%.0f matrix_mb=%.0f%s\n",
        c.size.c_str(), halfMs, faiss[1], halfMs / faiss[1], double(halfAgree) / double(std::max<std::size_t>(1, halfTotal)),
        double(half.bytes()) / 1048576.0, halfBuild, bench::peakMb(), c.matrixMb, compute::HalfMatrix::hardwareConversion() ? "" : " (no F16C: fp16 converted in plain C++)");
    std::printf("BENCH compute.topk10_single_%s value=%.2fms baseline=%.2fms ratio=%.2f quality=exact baseline_quality=exact\n",
        c.size.c_str(), singleMs, faiss[1], singleMs / faiss[1]);
    return true;
}
