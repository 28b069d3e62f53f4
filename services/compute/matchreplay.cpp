// Replaying a matching version against operator decisions: ranking metrics per query and the pooled AUC.
#include "matchlearning.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace compute {

double rocAuc(std::span<const double> scores, std::span<const std::uint8_t> positive)
{
    const auto scored = [&](std::size_t i) { return std::pair<double, bool>(scores[i], positive[i] != 0); };
    std::vector<std::size_t> order(std::min(scores.size(), positive.size()));
    std::iota(order.begin(), order.end(), 0);
    std::sort(
        order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scored(a).first < scored(b).first; });
    double positives = 0, rankSum = 0;
    for (std::size_t i = 0; i < order.size();) {
        std::size_t end = i;
        while (end < order.size() && scored(order[end]).first == scored(order[i]).first)
            ++end;
        const double rank = (double(i + 1) + double(end)) / 2.0; // 1-based ranks i+1 … end
        for (std::size_t t = i; t < end; ++t) {
            if (scored(order[t]).second) {
                positives += 1;
                rankSum += rank;
            }
        }
        i = end;
    }
    const double negatives = double(order.size()) - positives;
    if (positives == 0 || negatives == 0)
        return std::numeric_limits<double>::quiet_NaN();
    return (rankSum - positives * (positives + 1) / 2.0) / (positives * negatives);
}

ReplayMetrics replay(std::span<const ReplayItem> items, int k)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    ReplayMetrics metrics { nan, nan, nan, 0, 0 };
    std::vector<std::size_t> labelled;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].decision == 0 || items[i].decision == 1)
            labelled.push_back(i);
    }
    metrics.labelled = labelled.size();
    if (labelled.empty() || k < 1)
        return metrics;
    const auto score = [&](std::size_t i) {
        return std::isnan(items[i].score) ? -std::numeric_limits<float>::infinity() : items[i].score;
    };
    std::stable_sort(labelled.begin(), labelled.end(), [&](std::size_t a, std::size_t b) {
        return items[a].query != items[b].query ? items[a].query < items[b].query : score(a) > score(b);
    });
    double precisionSum = 0, ndcgSum = 0;
    std::size_t ndcgQueries = 0;
    for (std::size_t begin = 0; begin < labelled.size();) {
        std::size_t end = begin;
        std::size_t approvals = 0;
        while (end < labelled.size() && items[labelled[end]].query == items[labelled[begin]].query)
            approvals += items[labelled[end++]].decision == 1;
        const std::size_t top = std::min(std::size_t(k), end - begin);
        double hits = 0, dcg = 0, ideal = 0;
        for (std::size_t j = 0; j < top; ++j) {
            const bool approved = items[labelled[begin + j]].decision == 1;
            hits += approved;
            dcg += approved ? 1.0 / std::log2(double(j) + 2.0) : 0.0;
        }
        for (std::size_t j = 0; j < std::min(std::size_t(k), approvals); ++j)
            ideal += 1.0 / std::log2(double(j) + 2.0);
        precisionSum += hits / double(top);
        if (approvals > 0) {
            ndcgSum += dcg / ideal;
            ++ndcgQueries;
        }
        ++metrics.queries;
        begin = end;
    }
    metrics.precisionAtK = precisionSum / double(metrics.queries);
    if (ndcgQueries > 0)
        metrics.ndcgAtK = ndcgSum / double(ndcgQueries);
    std::vector<double> scores;
    std::vector<std::uint8_t> approved;
    for (std::size_t i : labelled) {
        scores.push_back(score(i));
        approved.push_back(items[i].decision == 1);
    }
    metrics.rocAuc = rocAuc(scores, approved);
    return metrics;
}

} // namespace compute
