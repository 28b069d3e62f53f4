// MapPipeline's clustering stages: k-means with a given or an automatic k, cluster keywords and cohesion.
#include "map/mappipelinestages.h"

#include "compute/clusterkeywords.h"
#include "compute/clustermetrics.h"
#include "compute/kmeans.h"
#include "compute/parallel.h"
#include "compute/sampling.h"
#include "compute/splitmix.h"

#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace MapStages {

namespace {

constexpr std::size_t SelectionRows = 20000;
constexpr std::size_t SilhouetteRows = 1000; // each compared with every row of the selection sample
constexpr int CoarseCandidates = 8;
constexpr int FineCandidates = 6;
constexpr std::size_t KeywordTexts = 400;
constexpr int Starts = 3; // k-means runs per fit

// At most `count` values spread evenly over [from, to], both ends included, ascending and distinct.
std::vector<int> spread(int from, int to, int count)
{
    std::set<int> values;
    if (to - from + 1 <= count) {
        for (int k = from; k <= to; ++k)
            values.insert(k);
    } else {
        for (int i = 0; i < count; ++i)
            values.insert(from + int(std::lround(double(to - from) * i / (count - 1))));
    }
    return { values.begin(), values.end() };
}

// The k to fit among the tried ones (k → silhouette). The best silhouette, unless it is the largest k tried:
// on embeddings of text the silhouette often keeps creeping up as k-means splits topics into phrasings,
// and the top of the range would win every time (k = 40 on the 24-topic demo). Then the knee: the k whose
// silhouette stands highest above the straight line from the smallest to the largest k tried, where the
// steep rise ends (k = 28 on the demo, adjusted Rand index 0.93 against the topics, 0.75 at k = 40).
int chooseK(const std::map<int, double> &tried, QString &criterion)
{
    std::vector<std::pair<int, double>> curve;
    for (const auto &[k, score] : tried) {
        if (std::isfinite(score))
            curve.emplace_back(k, score);
    }
    if (curve.empty())
        return tried.begin()->first;
    auto best = curve.begin();
    for (auto it = curve.begin(); it != curve.end(); ++it) {
        if (it->second > best->second)
            best = it;
    }
    criterion = QStringLiteral("silhouette");
    if (curve.size() < 3 || best + 1 != curve.end())
        return best->first;
    const auto [k0, s0] = curve.front();
    const auto [k1, s1] = curve.back();
    int knee = best->first;
    double height = 0;
    for (const auto &[k, score] : curve) {
        const double above = score - (s0 + (s1 - s0) * double(k - k0) / double(k1 - k0));
        if (above > height) {
            height = above;
            knee = k;
        }
    }
    if (knee != best->first)
        criterion = QStringLiteral("silhouetteKnee");
    return knee;
}

} // namespace

Clusters kmeansClusters(
    const compute::EmbeddingMatrix &space, int k, std::uint64_t seed, const compute::Control &control)
{
    // A few starts, the lowest inertia kept: one k-means run often merges two topics and splits another.
    Clusters result;
    double best = INFINITY;
    for (int start = 0; start < Starts; ++start) {
        compute::KMeansOptions options;
        options.k = std::clamp(k, 1, int(std::max<std::size_t>(space.rows(), 1)));
        options.seed = seed + std::uint64_t(start);
        compute::Control startControl;
        startControl.cancel = control.cancel;
        startControl.progress = [&control, start](double f) { control.report((start + f) / Starts); };
        const compute::KMeansResult fit = compute::kmeans(space, options, startControl);
        if (fit.status == compute::Status::Cancelled || control.cancelled()) {
            Clusters stopped;
            stopped.cancelled = true;
            return stopped;
        }
        if (fit.status != compute::Status::Ok)
            return result; // empty labels unless an earlier start succeeded
        if (fit.inertia < best) {
            best = fit.inertia;
            result.labels = fit.labels;
            result.k = fit.k;
        }
    }
    return result;
}

Clusters kmeansAutoClusters(const compute::EmbeddingMatrix &selection, const compute::EmbeddingMatrix &space, int kMin,
    int kMax, std::uint64_t seed, const compute::Control &control)
{
    compute::SplitMix random(seed);
    const compute::EmbeddingMatrix sample
        = compute::gatherRows(selection, compute::sampleRows(selection.rows(), SelectionRows, random));
    const int most = int(std::max<std::size_t>(2, sample.rows() - 1));
    kMin = std::clamp(kMin, 2, most);
    kMax = std::clamp(std::max(kMax, kMin), kMin, most);

    std::map<int, double> tried; // k → silhouette on the sample
    Clusters result;
    const auto tryK = [&](int k) {
        if (tried.count(k) || result.cancelled)
            return;
        compute::KMeansOptions options;
        options.k = k;
        options.seed = seed;
        const compute::KMeansResult fit = compute::kmeans(sample, options, { control.cancel, nullptr });
        if (fit.status != compute::Status::Ok) {
            result.cancelled = fit.status == compute::Status::Cancelled || control.cancelled();
            tried[k] = NAN;
            return;
        }
        compute::MetricOptions metric;
        metric.sampleSize = SilhouetteRows;
        metric.seed = seed;
        tried[k] = compute::silhouette(sample, fit.labels, metric, { control.cancel, nullptr });
        result.cancelled = control.cancelled();
    };
    QString criterion;
    const auto best = [&] { return chooseK(tried, criterion); };

    const std::vector<int> coarse = spread(kMin, kMax, CoarseCandidates);
    const int planned = int(coarse.size()) + FineCandidates;
    int done = 0;
    for (int k : coarse) {
        tryK(k);
        control.report(0.7 * double(++done) / planned);
    }
    if (result.cancelled)
        return result;
    // Between the chosen coarse value's neighbours: the exact k is somewhere there.
    const int coarseBest = best();
    const auto at = std::find(coarse.begin(), coarse.end(), coarseBest);
    const int low = at == coarse.begin() ? coarseBest : *(at - 1);
    const int high = at + 1 == coarse.end() ? coarseBest : *(at + 1);
    if (high - low > 1) {
        for (int k : spread(low + 1, high - 1, FineCandidates)) {
            tryK(k);
            control.report(0.7 * double(++done) / planned);
        }
    }
    if (result.cancelled)
        return result;
    for (const auto &[k, score] : tried)
        result.candidates.append(QJsonObject { { QStringLiteral("k"), k },
            { QStringLiteral("silhouette"), std::isfinite(score) ? QJsonValue(score) : QJsonValue() } });

    compute::Control finalControl;
    finalControl.cancel = control.cancel;
    finalControl.progress = [&control](double f) { control.report(0.7 + 0.3 * f); };
    Clusters fitted = kmeansClusters(space, best(), seed, finalControl);
    fitted.candidates = result.candidates;
    fitted.criterion = criterion;
    return fitted;
}

std::vector<std::vector<std::string>> clusterKeywords(
    const std::vector<std::string> &texts, const std::vector<int> &labels, int k, std::uint64_t seed)
{
    std::vector<std::vector<std::string>> words(std::size_t(std::max(k, 0)));
    if (texts.size() != labels.size() || k <= 0)
        return words;
    std::vector<std::vector<std::size_t>> members(static_cast<std::size_t>(k));
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] >= 0 && labels[i] < k && !texts[i].empty())
            members[std::size_t(labels[i])].push_back(i);
    }
    compute::SplitMix random(seed ^ 0x6b657977ull);
    std::vector<std::string> sampleTexts;
    std::vector<int> sampleLabels;
    for (int c = 0; c < k; ++c) {
        compute::sampleInPlace(members[std::size_t(c)], KeywordTexts, random);
        for (std::size_t i : members[std::size_t(c)]) {
            sampleTexts.push_back(texts[i]);
            sampleLabels.push_back(c);
        }
    }
    compute::ClusterKeywordOptions options;
    options.words = 8;
    for (const compute::ClusterKeywords &cluster : compute::clusterKeywords(sampleTexts, sampleLabels, options)) {
        if (cluster.label < 0 || cluster.label >= k)
            continue;
        for (const compute::Keyword &keyword : cluster.keywords)
            words[std::size_t(cluster.label)].push_back(keyword.word);
    }
    return words;
}

std::vector<double> clusterCohesion(const compute::EmbeddingMatrix &unit, const std::vector<int> &labels, int k)
{
    const std::size_t dims = std::size_t(unit.dims());
    const std::size_t n = std::min(unit.rows(), labels.size());
    constexpr std::size_t Slices = 4; // fixed: the sums do not depend on the thread count
    std::vector<std::vector<double>> sums(Slices, std::vector<double>(std::size_t(k) * dims, 0.0));
    std::vector<std::vector<std::size_t>> counts(Slices, std::vector<std::size_t>(std::size_t(k), 0));
    compute::parallelFor(Slices, 0, [&](std::size_t s) {
        for (std::size_t i = n * s / Slices; i < n * (s + 1) / Slices; ++i) {
            const int c = labels[i];
            if (c < 0 || c >= k)
                continue;
            double *sum = sums[s].data() + std::size_t(c) * dims;
            const float *row = unit.row(i);
            for (std::size_t j = 0; j < dims; ++j)
                sum[j] += row[j];
            ++counts[s][std::size_t(c)];
        }
    });
    std::vector<double> cohesion(std::size_t(k), NAN);
    for (int c = 0; c < k; ++c) {
        std::size_t count = 0;
        double square = 0;
        for (std::size_t s = 0; s < Slices; ++s)
            count += counts[s][std::size_t(c)];
        for (std::size_t j = 0; j < dims; ++j) {
            double total = 0;
            for (std::size_t s = 0; s < Slices; ++s)
                total += sums[s][std::size_t(c) * dims + j];
            square += total * total;
        }
        if (count > 0)
            cohesion[std::size_t(c)] = std::sqrt(square) / double(count);
    }
    return cohesion;
}

} // namespace MapStages
