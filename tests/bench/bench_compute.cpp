// Compute-core benchmarks against FAISS in the same run. Usage: bench_compute N DATAFILE
// (tests/bench/run compute runs it for N = 20,000 and 100,000; --quick: 2,000).
#include "benchdata.h"
#include "compute/topk.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <sstream>

namespace {
double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double peakMb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

std::string label(std::size_t n)
{
    return n >= 1000 ? std::to_string(n / 1000) + "k" : std::to_string(n);
}
} // namespace

int main(int argc, char *argv[])
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_compute N DATAFILE\n");
        return 2;
    }
    const std::size_t n = std::stoul(argv[1]);
    const std::string path = argv[2];
    constexpr int D = 1536, K = 10;
    const std::size_t nq = std::min<std::size_t>(1000, n);
    compute::EmbeddingMatrix base(n, D);
    if (!benchdata::readInto(path, n, D, base.row(0), base.stride())) {
        std::fprintf(stderr, "bench_compute: cannot read or write %s\n", path.c_str());
        return 1;
    }
    compute::EmbeddingMatrix queries(nq, D);
    for (std::size_t i = 0; i < nq; ++i)
        std::copy(base.row(i), base.row(i) + D, queries.row(i));
    const double matrixMb = base.bytes() / 1048576.0;

    // Baseline first, so both sides see the same warm page cache.
    const std::string indices = path + ".faiss_I";
    std::ostringstream command;
    command << "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 " << BENCH_DIR << "/faiss_topk.py " << path << ' ' << n << ' ' << D
            << ' ' << nq << ' ' << K << ' ' << indices;
    double faissBatch = 0, faissSingleMs = 0, faissPeak = 0;
    if (FILE *p = popen(command.str().c_str(), "r")) {
        if (std::fscanf(p, "%lf %lf %lf", &faissBatch, &faissSingleMs, &faissPeak) != 3)
            faissBatch = 0;
        pclose(p);
    }
    if (faissBatch <= 0) {
        std::fprintf(stderr, "bench_compute: the FAISS baseline did not run (is python3-faiss installed?)\n");
        return 1;
    }

    double batch = 1e30;
    std::vector<std::vector<compute::Neighbor>> found;
    for (int round = 0; round < 2; ++round) {
        const double t = now();
        found = compute::searchBatch(base, queries, { K });
        batch = std::min(batch, now() - t);
    }
    std::vector<double> singles;
    for (std::size_t i = 0; i < 50 && i < nq; ++i) {
        const double t = now();
        const auto one = compute::searchOne(base, queries.row(i), { K });
        singles.push_back((now() - t) * 1000);
        if (one.empty())
            return 1;
    }
    std::sort(singles.begin(), singles.end());
    const double singleMs = singles[singles.size() / 2];

    // Agreement with FAISS's exact answer (recall@10 of ours against theirs; ties can differ).
    std::vector<long long> theirs(nq * K);
    if (FILE *f = std::fopen(indices.c_str(), "rb")) {
        if (std::fread(theirs.data(), sizeof(long long), theirs.size(), f) != theirs.size())
            theirs.assign(theirs.size(), -1);
        std::fclose(f);
    }
    std::size_t agree = 0;
    for (std::size_t q = 0; q < nq; ++q) {
        const std::set<long long> ref(theirs.begin() + q * K, theirs.begin() + (q + 1) * K);
        for (const compute::Neighbor &nb : found[q])
            agree += ref.count(nb.index);
    }
    const double recall = double(agree) / double(nq * K);
    const std::string size = label(n);
    std::printf("BENCH compute.topk10_batch_%zuq_%s value=%.3fs baseline=%.3fs ratio=%.2f quality=recall@10_vs_faiss:%.4f "
                "baseline_quality=exact peak_mb=%.0f baseline_peak_mb=%.0f matrix_mb=%.0f\n",
        nq, size.c_str(), batch, faissBatch, batch / faissBatch, recall, peakMb(), faissPeak, matrixMb);
    std::printf("BENCH compute.topk10_single_%s value=%.2fms baseline=%.2fms ratio=%.2f quality=exact baseline_quality=exact\n",
        size.c_str(), singleMs, faissSingleMs, singleMs / faissSingleMs);
    return 0;
}
