// k-means (K = 64, 20 iterations) against FAISS, and the k = 15 neighbour graph against pynndescent.
#include "benchrows.h"
#include "benchutil.h"
#include "compute/kmeans.h"
#include "compute/knngraph.h"
#include "compute/layoutmetrics.h"

bool benchKMeans(const BenchContext &c)
{
    constexpr int K = 64, Iterations = 20;
    const std::size_t n = c.data.rows();
    const int d = c.data.dims();
    const std::string out = c.path + ".faiss_centroids";
    const auto faiss = bench::runBaseline(
        bench::python("kmeans", c.path, n, d, true) + ' ' + std::to_string(K) + ' ' + std::to_string(Iterations) + ' ' + out);
    const auto centroids = bench::readRaw<float>(out, std::size_t(K) * std::size_t(d));
    if (faiss.size() != 2 || centroids.empty())
        return false;
    compute::KMeansOptions options;
    options.k = K;
    options.maxIterations = Iterations;
    options.tolerance = 0; // the same number of iterations as the baseline
    options.seed = 1;
    const double t = bench::now();
    const compute::KMeansResult mine = compute::kmeans(c.data, options);
    const double elapsed = bench::now() - t;
    if (mine.status != compute::Status::Ok)
        return false;
    std::vector<int> labels;
    const double theirs = compute::assignToCentroids(c.data, centroids, K, labels);
    std::printf("BENCH compute.kmeans64_20it_%s value=%.3fs baseline=%.3fs ratio=%.2f quality=inertia:%.2f "
                "baseline_quality=inertia:%.2f inertia_ratio=%.4f iterations=%d%s peak_mb=%.0f baseline_peak_mb=%.0f "
                "matrix_mb=%.0f\n",
        c.size.c_str(), elapsed, faiss[0], elapsed / faiss[0], mine.inertia, theirs, mine.inertia / theirs, mine.iterations,
        mine.converged ? "(converged:no_row_moved)" : "", bench::peakMb(), faiss[1], c.matrixMb);
    return true;
}

bool benchKnnGraph(const BenchContext &c)
{
    constexpr int K = 15;
    const std::size_t n = c.data.rows();
    const int d = c.data.dims();
    const std::string out = c.path + ".nndescent_I";
    const auto nnd = bench::runBaseline(bench::python("knn", c.path, n, d) + ' ' + std::to_string(K) + ' ' + out);
    const auto indices = bench::readRaw<std::uint32_t>(out, n * K);
    if (nnd.size() != 2 || indices.empty())
        return false;
    compute::KnnGraphOptions options;
    options.k = K;
    const double t = bench::now();
    const compute::KnnGraph mine = compute::approximateKnnGraph(c.data, options);
    const double elapsed = bench::now() - t;
    const double peak = bench::peakMb();
    compute::KnnGraph theirs;
    theirs.n = n;
    theirs.k = K;
    theirs.indices = indices;
    theirs.distances.assign(indices.size(), 0.0f);
    compute::MetricOptions sample;
    sample.sampleSize = 1000;
    const double recall = compute::graphKnnRecall(c.data, mine, sample);
    const double baselineRecall = compute::graphKnnRecall(c.data, theirs, sample);
    std::printf("BENCH compute.knn_graph15_%s value=%.3fs baseline=%.3fs ratio=%.2f quality=recall@15:%.4f "
                "baseline_quality=recall@15:%.4f peak_mb=%.0f baseline_peak_mb=%.0f matrix_mb=%.0f\n",
        c.size.c_str(), elapsed, nnd[0], elapsed / nnd[0], recall, baselineRecall, peak, nnd[1], c.matrixMb);
    return true;
}
