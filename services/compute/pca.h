#pragma once

#include "control.h"
#include "embeddingmatrix.h"
#include "status.h"

#include <cstdint>
#include <vector>

namespace compute {

struct PcaOptions
{
    int components = 2;
    int powerIterations = 7; // as scikit-learn; each one sharpens the separation of the top axes (one pass)
    std::uint64_t seed = 42;
};

struct PcaResult
{
    Status status = Status::Ok;
    std::size_t badRow = 0; // with Status::NonFiniteInput
    int components = 0;
    std::vector<float> coordinates; // rows × components: the centred rows projected on the axes
    std::vector<float> mean; // dims
    std::vector<float> axes; // components × dims, unit length; each axis's largest entry is positive
    std::vector<double> explainedVariance; // per component (divided by n − 1, like scikit-learn)
    double totalVariance = 0; // sum of all per-dimension variances: explained ratio = variance / total
};

// Principal components (1 to 8) by randomized subspace iteration (Halko, Martinsson & Tropp) with a
// 16-wide random start on the implicitly centred data:
// the centred matrix is never built and each power iteration is one fused pass over the rows
// (XᵀX·W without storing X·W). Deterministic for a seed on any thread count.
// Cancellable between passes.
PcaResult pca(const EmbeddingMatrix &x, const PcaOptions &options = {}, const Control &control = {});

} // namespace compute
