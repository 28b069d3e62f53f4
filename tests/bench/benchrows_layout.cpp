// PCA(2) against scikit-learn's randomized PCA, and the whole 2-D neighbour layout (graph, PCA start,
// optimisation) against umap-learn, both scored by the same trustworthiness code.
#include "benchrows.h"
#include "benchutil.h"
#include "compute/knngraph.h"
#include "compute/layoutmetrics.h"
#include "compute/neighborlayout.h"
#include "compute/pca.h"

bool benchPca(const BenchContext &c)
{
    const std::size_t n = c.data.rows();
    const std::string out = c.path + ".sklearn_pca";
    const auto sklearn = bench::runBaseline(bench::python("pca", c.path, n, c.data.dims()) + ' ' + out);
    if (sklearn.size() != 3)
        return false;
    const double t = bench::now();
    const compute::PcaResult mine = compute::pca(c.data);
    const double elapsed = bench::now() - t;
    if (mine.status != compute::Status::Ok)
        return false;
    const double explained = (mine.explainedVariance[0] + mine.explainedVariance[1]) / mine.totalVariance;
    std::printf("BENCH compute.pca2_%s value=%.3fs baseline=%.3fs ratio=%.2f quality=explained_variance:%.5f "
                "baseline_quality=explained_variance:%.5f peak_mb=%.0f baseline_peak_mb=%.0f matrix_mb=%.0f\n",
        c.size.c_str(), elapsed, sklearn[0], elapsed / sklearn[0], explained, sklearn[2], bench::peakMb(), sklearn[1],
        c.matrixMb);
    return true;
}

bool benchLayout(const BenchContext &c)
{
    const std::size_t n = c.data.rows();
    const std::string out = c.path + ".umap";
    const auto umap = bench::runBaseline(bench::python("umap", c.path, n, c.data.dims()) + ' ' + out);
    const auto theirs = bench::readRaw<float>(out, n * 2);
    if (umap.size() != 2 || theirs.empty())
        return false;
    const double t = bench::now();
    compute::KnnGraphOptions graphOptions;
    graphOptions.k = 15;
    const compute::KnnGraph graph = compute::approximateKnnGraph(c.data, graphOptions);
    const compute::PcaResult start = compute::pca(c.data);
    const std::vector<float> mine = compute::neighborLayout(graph, start.coordinates, {});
    const double elapsed = bench::now() - t;
    const double peak = bench::peakMb();
    compute::MetricOptions sample;
    sample.sampleSize = 1000;
    const double trust = compute::trustworthiness(c.data, mine, 15, sample);
    const double baselineTrust = compute::trustworthiness(c.data, theirs, 15, sample);
    std::printf("BENCH compute.layout2d_%s value=%.3fs baseline=%.3fs ratio=%.2f quality=trustworthiness@15:%.4f "
                "baseline_quality=trustworthiness@15:%.4f peak_mb=%.0f baseline_peak_mb=%.0f matrix_mb=%.0f\n",
        c.size.c_str(), elapsed, umap[0], elapsed / umap[0], trust, baselineTrust, peak, umap[1], c.matrixMb);
    return true;
}
