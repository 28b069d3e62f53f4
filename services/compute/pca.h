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
    int oversample = 10; // extra random directions: the subspace found is components + oversample wide
    int powerIterations = 4; // each one sharpens the spectrum's decay (two passes over the data)
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

// Principal components by randomized SVD (Halko, Martinsson & Tropp) on the implicitly centred data:
// the centred matrix is never built, every pass is one SGEMM over the rows. Deterministic for a seed.
// Cancellable between passes.
PcaResult pca(const EmbeddingMatrix &x, const PcaOptions &options = {}, const Control &control = {});

} // namespace compute
