#pragma once

#include "control.h"
#include "fuzzysimplicialset.h"
#include "knngraph.h"

#include <cstdint>
#include <vector>

namespace compute {

struct LayoutOptions
{
    int epochs = 0; // 0: like umap-learn, 500 up to 10,000 points and 200 above
    float minDist = 0.1f;
    float spread = 1.0f;
    int negativeSamples = 5; // per sampled edge
    float learningRate = 1.0f; // decays linearly to 0 over the epochs
    float repulsion = 1.0f; // umap-learn's repulsion_strength (gamma)
    std::uint64_t seed = 42;
    int threads = 0; // 0: hardware concurrency; the result does not depend on it
};

// The low-dimensional similarity curve 1 / (1 + a·d^(2b)).
struct CurveParameters
{
    float a = 1.0f;
    float b = 1.0f;
};

// Least-squares fit of the curve to 1 for d < minDist and exp(−(d − minDist)/spread) beyond, on 300
// points over [0, 3·spread] (umap-learn's find_ab_params). minDist 0.1, spread 1 give a ≈ 1.577, b ≈ 0.895.
CurveParameters fitCurve(float minDist, float spread);

// 2-D neighbour embedding (UMAP's optimisation): SGD over the edges of a symmetric fuzzy graph, each edge
// sampled in proportion to its weight, with attraction along the edge and `negativeSamples` repulsive
// samples drawn uniformly. `init` holds n × 2 floats (e.g. PCA or spectral coordinates; each axis is
// rescaled to [0, 10]); any other size means a random start. Returns n × 2 floats, identical for a seed
// whatever the thread count or timing; empty when cancelled (polled every few thousand points).
// Pure function, callable from any thread; progress is reported from a worker thread.
std::vector<float> neighborLayout(
    const FuzzyGraph &graph, std::vector<float> init, const LayoutOptions &options, const Control &control = {});

// Convenience: neighborLayout(fuzzySimplicialSet(graph), …).
std::vector<float> neighborLayout(
    const KnnGraph &graph, std::vector<float> init, const LayoutOptions &options, const Control &control = {});

} // namespace compute
