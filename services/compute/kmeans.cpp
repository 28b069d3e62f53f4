#include "kmeans.h"
#include "kmeansassign.h"
#include "kmeansseed.h"
#include "sampling.h"
#include "splitmix.h"

#include <algorithm>
#include <cstring>

namespace compute {
namespace {

// Lloyd's update: each centroid moves to the mean of its rows; an empty cluster takes the row that is
// farthest from its own centroid (each such row used once), which also lowers the inertia most.
void updateCentroids(EmbeddingMatrix &centroids, const EmbeddingMatrix &x, const KMeansAssigner::Totals &totals)
{
    const std::size_t dims = std::size_t(x.dims());
    std::size_t nextFar = 0;
    for (std::size_t c = 0; c < centroids.rows(); ++c) {
        float *centroid = centroids.row(c);
        const std::size_t count = totals.counts[c];
        if (count > 0) {
            const double *sum = totals.sums.data() + c * x.stride();
            for (std::size_t j = 0; j < dims; ++j)
                centroid[j] = float(sum[j] / double(count));
        } else if (nextFar < totals.farthest.size() && totals.farthest[nextFar].first > 0.0f) {
            std::memcpy(centroid, x.row(totals.farthest[nextFar++].second), dims * sizeof(float));
        }
    }
}

KMeansResult finished(KMeansResult result, const EmbeddingMatrix &x, const EmbeddingMatrix &centroids,
    std::vector<int> labels, double inertia, const Control &control)
{
    result.labels = std::move(labels);
    result.inertia = inertia;
    result.sizes.assign(std::size_t(result.k), 0);
    for (int label : result.labels)
        ++result.sizes[std::size_t(label)];
    result.centroids.resize(std::size_t(result.k) * std::size_t(x.dims()));
    for (int c = 0; c < result.k; ++c)
        std::memcpy(result.centroids.data() + std::size_t(c) * std::size_t(x.dims()), centroids.row(std::size_t(c)),
            std::size_t(x.dims()) * sizeof(float));
    control.report(1.0);
    return result;
}

// The final assignment: labels and inertia for the centroids as they are returned.
KMeansResult finish(KMeansResult result, const EmbeddingMatrix &x, const EmbeddingMatrix &centroids, int threads,
    const Control &control)
{
    KMeansAssigner assigner(centroids, threads);
    KMeansAssigner::Totals totals;
    std::vector<int> labels(x.rows(), -1);
    if (!assigner.run(x, labels.data(), nullptr, false, totals, control)) {
        result.status = Status::Cancelled;
        return result;
    }
    return finished(std::move(result), x, centroids, std::move(labels), totals.inertia, control);
}

} // namespace

KMeansResult kmeans(const EmbeddingMatrix &x, const KMeansOptions &options, const Control &control)
{
    KMeansResult result;
    result.k = options.k;
    result.dims = x.dims();
    if (x.empty()) {
        result.status = Status::EmptyInput;
        return result;
    }
    if (options.k < 1 || std::size_t(options.k) > x.rows()) {
        result.status = Status::InvalidArgument;
        return result;
    }
    if (const std::size_t bad = x.firstNonFiniteRow(); bad < x.rows()) {
        result.status = Status::NonFiniteInput;
        result.badRow = bad;
        return result;
    }
    SplitMix random(options.seed);
    const std::size_t wanted
        = options.seedingSample ? options.seedingSample : std::max<std::size_t>(64 * std::size_t(options.k), 8192);
    const std::size_t n = x.rows();
    EmbeddingMatrix centroids;
    if (options.initialCentroids) {
        if (options.initialCentroids->size() != std::size_t(options.k) * std::size_t(x.dims())) {
            result.status = Status::InvalidArgument;
            return result;
        }
        centroids = EmbeddingMatrix::copyOf(options.initialCentroids->data(), std::size_t(options.k), x.dims());
    } else {
        const Control seeding { control.cancel, nullptr };
        if (wanted >= n) {
            centroids = kmeansPlusPlus(x, nullptr, options.k, random.next(), seeding);
        } else if (const std::vector<std::size_t> sample = sampleRows(n, wanted, random); sample.size() * 10 <= n) {
            // A gathered copy is the fastest to scan, and costs at most a tenth of x here.
            const EmbeddingMatrix copy = gatherRows(x, sample);
            centroids = kmeansPlusPlus(copy, nullptr, options.k, random.next(), seeding);
        } else {
            // A copy would be a large share of x (41 % of it for 8,192 of 20,000 rows): seed in place,
            // which gives the same centres, a little more slowly, and keeps the peak near x alone.
            centroids = kmeansPlusPlus(x, &sample, options.k, random.next(), seeding);
        }
    }
    if (centroids.empty() || control.cancelled()) {
        result.status = Status::Cancelled;
        return result;
    }

    result.miniBatch = n > options.miniBatchAbove;
    const int steps = result.miniBatch ? options.miniBatchSteps : options.maxIterations;
    std::vector<int> labels(result.miniBatch ? options.batchSize : n, -1);
    std::vector<double> seen(std::size_t(options.k), 0.0); // mini-batch: rows each centroid has absorbed
    double previous = 0;
    for (int step = 0; step < steps; ++step) {
        KMeansAssigner assigner(centroids, options.threads);
        KMeansAssigner::Totals totals;
        bool done = false;
        if (!result.miniBatch) {
            done = assigner.run(x, labels.data(), nullptr, true, totals, control, std::size_t(options.k));
            if (done && step > 0 && totals.changed == 0) {
                // No row moved: the update would give the same centroids bit for bit, and these labels and
                // this inertia are already the final ones. Lloyd has converged exactly.
                result.iterations = step + 1;
                result.converged = true;
                return finished(std::move(result), x, centroids, std::move(labels), totals.inertia, control);
            }
            if (done)
                updateCentroids(centroids, x, totals);
        } else {
            // Sculley's mini-batch update: each centroid moves toward its batch mean with weight
            // batch count / all rows it has seen, so it settles as evidence accumulates.
            const EmbeddingMatrix batch = gatherRows(x, sampleRows(n, options.batchSize, random));
            done = assigner.run(batch, labels.data(), nullptr, true, totals, control);
            for (std::size_t c = 0; done && c < centroids.rows(); ++c) {
                const double count = double(totals.counts[c]);
                if (count == 0)
                    continue;
                seen[c] += count;
                const double rate = count / seen[c];
                float *centroid = centroids.row(c);
                const double *sum = totals.sums.data() + c * batch.stride();
                for (int j = 0; j < x.dims(); ++j)
                    centroid[j] = float((1.0 - rate) * centroid[j] + rate * sum[j] / count);
            }
        }
        if (!done) {
            result.status = Status::Cancelled;
            return result;
        }
        result.iterations = step + 1;
        control.report(double(step + 1) / (steps + 1));
        const double inertia = totals.inertia;
        if (!result.miniBatch && options.tolerance > 0 && step > 0
            && previous - inertia <= options.tolerance * previous) {
            result.converged = true;
            break;
        }
        previous = inertia;
    }
    return finish(std::move(result), x, centroids, options.threads, control);
}

double assignToCentroids(
    const EmbeddingMatrix &x, const std::vector<float> &centroids, int k, std::vector<int> &labels, int threads)
{
    const EmbeddingMatrix c = EmbeddingMatrix::copyOf(centroids.data(), std::size_t(k), x.dims());
    KMeansAssigner assigner(c, threads);
    KMeansAssigner::Totals totals;
    labels.resize(x.rows());
    assigner.run(x, labels.data(), nullptr, false, totals);
    return totals.inertia;
}

} // namespace compute
