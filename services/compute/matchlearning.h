#pragma once

#include "matchengine.h"
#include "status.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace compute {

// Learning from operator reviews: how well a matching version's scores rank the candidates the operators
// approved (replay), and which weights the decisions themselves suggest (regularised logistic regression).

struct ReplayItem
{
    std::uint32_t query; // the job (or freelancer) the candidate was proposed for
    float score; // the version's score of the pair (or one component's value)
    int decision; // 1 approve, 0 reject, -1 none/flag (ignored)
};

// Only labelled items (decision 0 or 1) take part; each query's are ranked by score, best first (ties:
// input order), positions j = 1, 2, …
//  precisionAtK  per query: approved among its first k / min(k, its labelled items); mean over the queries
//                with a labelled item.
//  ndcgAtK       per query: DCG = Σ_{j ≤ k} approved_j / log2(1 + j) over the ideal DCG (all approvals
//                first); mean over the queries with at least one approval.
//  rocAuc        approve vs reject over all labelled items pooled: P(score of an approval > score of a
//                rejection), ties counting one half (Mann–Whitney).
// A metric without data to stand on (no labelled query, no approval, only one class, k < 1) is NaN. A NaN
// score ranks last.
struct ReplayMetrics
{
    double precisionAtK, ndcgAtK, rocAuc;
    std::size_t queries, labelled; // queries with a labelled item; labelled items
};
ReplayMetrics replay(std::span<const ReplayItem> items, int k);

// ROC AUC of scores for positive vs negative items (Mann–Whitney, ties at their average rank): the
// probability that a random positive outscores a random negative. NaN without both classes.
double rocAuc(std::span<const double> scores, std::span<const std::uint8_t> positive);

// L2-regularised logistic regression of the labels on the features, with an unpenalised intercept.
// Objective: mean log-loss + (λ/2)·‖β‖². λ is chosen from LambdaGrid by k-fold cross-validation (folds
// stratified by label and shuffled by the seed; smallest mean out-of-fold log-loss, ties to the larger λ),
// then the model is refitted on all rows. Fitted by Newton's method (IRLS). Standard errors are the
// square roots of the diagonal of the inverse Hessian of n · objective at the fit (for λ > 0 this is the
// usual approximation; it does not widen for the shrinkage bias).
inline constexpr std::array<double, 6> LambdaGrid { 1e-4, 1e-3, 1e-2, 3e-2, 1e-1, 1.0 };

struct LogisticFit
{
    std::vector<double> coefficients, standardErrors; // one per feature
    double intercept = 0, interceptSe = 0;
    double lambda = 0; // the chosen one
    double cvLogLoss = 0; // mean out-of-fold log-loss at the chosen λ
    double cvAuc = 0; // ROC AUC of the out-of-fold predictions at the chosen λ
    std::size_t n = 0; // rows used
    std::vector<double> cvLogLossPerLambda; // one per LambdaGrid entry
    bool converged = true; // Newton reached its tolerance on the final fit
    Status status = Status::Ok; // InvalidArgument / NonFiniteInput with `error` saying why, nothing else filled
    std::string error;
};
// x: rows × features packed (row-major), labels 0/1 (one per row); folds ≥ 2 and each class must have at
// least `folds` rows.
LogisticFit fitLogistic(std::span<const double> x, std::size_t features, std::span<const std::uint8_t> labels,
    int folds, std::uint64_t seed);

// Turns non-negative parts of coefficients into weights that sum to 1 (all-zero → equal weights). Only the
// first MatchComponentCount coefficients are read; missing ones count as 0.
std::array<double, MatchComponentCount> weightsFromCoefficients(std::span<const double> coefficients);

} // namespace compute
