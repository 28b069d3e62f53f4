#include "matchlearning.h"
#include "splitmix.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

namespace compute {
namespace {

double sigmoid(double z)
{
    return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
}

// log(1 + e^z) without overflow.
double softplus(double z)
{
    return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}

// Cholesky of the symmetric positive definite n × n matrix a (in place, lower triangle); false if not SPD.
bool cholesky(std::vector<double> &a, std::size_t n)
{
    for (std::size_t j = 0; j < n; ++j) {
        double d = a[j * n + j];
        for (std::size_t k = 0; k < j; ++k)
            d -= a[j * n + k] * a[j * n + k];
        if (!(d > 0))
            return false;
        a[j * n + j] = std::sqrt(d);
        for (std::size_t i = j + 1; i < n; ++i) {
            double s = a[i * n + j];
            for (std::size_t k = 0; k < j; ++k)
                s -= a[i * n + k] * a[j * n + k];
            a[i * n + j] = s / a[j * n + j];
        }
    }
    return true;
}

// Solves L Lᵀ x = b for the factor from cholesky().
std::vector<double> solve(const std::vector<double> &l, std::size_t n, std::vector<double> b)
{
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < i; ++k)
            b[i] -= l[i * n + k] * b[k];
        b[i] /= l[i * n + i];
    }
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t k = i + 1; k < n; ++k)
            b[i] -= l[k * n + i] * b[k];
        b[i] /= l[i * n + i];
    }
    return b;
}

// The data of one fit: row indices into x, which hold the intercept implicitly as a leading 1.
struct Problem
{
    std::span<const double> x;
    std::size_t features;
    std::span<const std::uint8_t> labels;
    std::vector<std::size_t> rows;

    double eta(const std::vector<double> &theta, std::size_t r) const
    {
        double z = theta[0];
        for (std::size_t f = 0; f < features; ++f)
            z += theta[f + 1] * x[r * features + f];
        return z;
    }
};

struct NewtonResult
{
    std::vector<double> theta; // intercept, then coefficients
    std::vector<double> factor; // Cholesky factor of the Hessian at theta
    bool converged = false;
};

// Minimises Σ softplus(η) − yη + (nλ/2)‖β‖² (n · the mean objective) by Newton steps with step halving.
NewtonResult newton(const Problem &p, double lambda)
{
    const std::size_t m = p.features + 1;
    const double penalty = double(p.rows.size()) * lambda;
    const auto objective = [&](const std::vector<double> &theta) {
        double total = 0;
        for (std::size_t r : p.rows) {
            const double z = p.eta(theta, r);
            total += softplus(z) - (p.labels[r] ? z : 0.0);
        }
        for (std::size_t f = 1; f < m; ++f)
            total += 0.5 * penalty * theta[f] * theta[f];
        return total;
    };
    // Gradient and the Cholesky factor of the Hessian at theta; false if the Hessian is not positive definite.
    const auto derivatives
        = [&](const std::vector<double> &theta, std::vector<double> &gradient, std::vector<double> &factor) {
              gradient.assign(m, 0.0);
              factor.assign(m * m, 0.0);
              std::vector<double> row(m, 1.0);
              for (std::size_t r : p.rows) {
                  for (std::size_t f = 0; f < p.features; ++f)
                      row[f + 1] = p.x[r * p.features + f];
                  const double prob = sigmoid(p.eta(theta, r));
                  const double w = std::max(prob * (1.0 - prob), 1e-12);
                  for (std::size_t a = 0; a < m; ++a) {
                      gradient[a] += (prob - (p.labels[r] ? 1.0 : 0.0)) * row[a];
                      for (std::size_t b = 0; b <= a; ++b)
                          factor[a * m + b] += w * row[a] * row[b];
                  }
              }
              for (std::size_t f = 1; f < m; ++f) {
                  gradient[f] += penalty * theta[f];
                  factor[f * m + f] += penalty;
              }
              return cholesky(factor, m);
          };
    NewtonResult result;
    result.theta.assign(m, 0.0);
    double current = objective(result.theta);
    std::vector<double> gradient, candidate(m);
    for (int iteration = 0; iteration < 100 && !result.converged; ++iteration) {
        if (!derivatives(result.theta, gradient, result.factor))
            return result;
        const std::vector<double> step = solve(result.factor, m, gradient);
        double scale = 1.0, next = current;
        for (int halving = 0; halving < 30; ++halving, scale /= 2) {
            for (std::size_t a = 0; a < m; ++a)
                candidate[a] = result.theta[a] - scale * step[a];
            next = objective(candidate);
            if (next <= current)
                break;
        }
        if (next > current) { // no step lowers the objective: at the optimum up to rounding
            result.converged = true;
            return result;
        }
        double largest = 0;
        for (std::size_t a = 0; a < m; ++a)
            largest = std::max(largest, std::fabs(scale * step[a]));
        result.theta = candidate;
        current = next;
        result.converged = largest < 1e-9;
    }
    derivatives(result.theta, gradient, result.factor); // the standard errors need the Hessian at the fit
    return result;
}

} // namespace

LogisticFit fitLogistic(std::span<const double> x, std::size_t features, std::span<const std::uint8_t> labels,
    int folds, std::uint64_t seed)
{
    LogisticFit fit;
    const auto fail = [&](Status status, std::string error) {
        fit.status = status;
        fit.error = std::move(error);
        return fit;
    };
    const std::size_t n = labels.size();
    if (features == 0)
        return fail(Status::InvalidArgument, "there are no features to fit");
    if (x.size() != n * features)
        return fail(Status::InvalidArgument, "the feature matrix does not have one row per label");
    std::size_t positives = 0;
    for (std::size_t r = 0; r < n; ++r) {
        if (labels[r] > 1)
            return fail(Status::InvalidArgument, "labels must be 0 or 1");
        positives += labels[r];
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i])) {
            std::ostringstream s;
            s << "row " << i / features << " has a NaN or infinite feature";
            return fail(Status::NonFiniteInput, s.str());
        }
    }
    if (folds < 2)
        return fail(Status::InvalidArgument, "cross-validation needs at least 2 folds");
    if (positives < std::size_t(folds) || n - positives < std::size_t(folds)) {
        std::ostringstream s;
        s << "each of approve and reject needs at least " << folds << " decisions (there are " << positives << " and "
          << n - positives << ")";
        return fail(Status::InvalidArgument, s.str());
    }

    // Stratified folds: each class shuffled by the seed and dealt round the folds.
    std::vector<int> foldOf(n);
    SplitMix random(seed);
    for (std::uint8_t label : { std::uint8_t(0), std::uint8_t(1) }) {
        std::vector<std::size_t> rows;
        for (std::size_t r = 0; r < n; ++r) {
            if (labels[r] == label)
                rows.push_back(r);
        }
        for (std::size_t i = rows.size(); i > 1; --i)
            std::swap(rows[i - 1], rows[random.below(i)]);
        for (std::size_t i = 0; i < rows.size(); ++i)
            foldOf[rows[i]] = int(i % std::size_t(folds));
    }

    Problem all { x, features, labels, std::vector<std::size_t>(n) };
    std::iota(all.rows.begin(), all.rows.end(), 0);
    double bestLoss = std::numeric_limits<double>::infinity();
    std::vector<double> bestPredictions;
    for (double lambda : LambdaGrid) {
        std::vector<double> predicted(n);
        for (int f = 0; f < folds; ++f) {
            Problem train { x, features, labels, {} };
            for (std::size_t r = 0; r < n; ++r) {
                if (foldOf[r] != f)
                    train.rows.push_back(r);
            }
            const NewtonResult model = newton(train, lambda);
            for (std::size_t r = 0; r < n; ++r) {
                if (foldOf[r] == f)
                    predicted[r] = sigmoid(all.eta(model.theta, r));
            }
        }
        double loss = 0;
        for (std::size_t r = 0; r < n; ++r) {
            const double p = std::clamp(predicted[r], 1e-15, 1.0 - 1e-15);
            loss -= labels[r] ? std::log(p) : std::log(1.0 - p);
        }
        loss /= double(n);
        fit.cvLogLossPerLambda.push_back(loss);
        if (loss <= bestLoss) { // ties go to the larger λ (the grid ascends)
            bestLoss = loss;
            fit.lambda = lambda;
            bestPredictions = predicted;
        }
    }
    fit.cvLogLoss = bestLoss;
    fit.cvAuc = rocAuc(bestPredictions, labels);

    const NewtonResult model = newton(all, fit.lambda);
    fit.converged = model.converged;
    fit.n = n;
    fit.intercept = model.theta[0];
    fit.coefficients.assign(model.theta.begin() + 1, model.theta.end());
    // Standard errors: the diagonal of H⁻¹, one column at a time through the Cholesky factor.
    const std::size_t m = features + 1;
    fit.standardErrors.resize(features);
    for (std::size_t a = 0; a < m; ++a) {
        std::vector<double> unit(m, 0.0);
        unit[a] = 1.0;
        const double variance = solve(model.factor, m, unit)[a];
        const double se = std::sqrt(std::max(variance, 0.0));
        if (a == 0)
            fit.interceptSe = se;
        else
            fit.standardErrors[a - 1] = se;
    }
    return fit;
}

std::array<double, MatchComponentCount> weightsFromCoefficients(std::span<const double> coefficients)
{
    std::array<double, MatchComponentCount> weights {};
    double sum = 0;
    for (std::size_t c = 0; c < weights.size() && c < coefficients.size(); ++c) {
        weights[c] = std::isfinite(coefficients[c]) ? std::max(0.0, coefficients[c]) : 0.0;
        sum += weights[c];
    }
    for (double &w : weights)
        w = sum > 0 ? w / sum : 1.0 / double(MatchComponentCount);
    return weights;
}

} // namespace compute
