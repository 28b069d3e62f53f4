// MapPipeline: where the neighbour layout starts. A k-NN graph of real memories falls apart into many
// pieces (one topic said in a few set phrasings: the demo's graph has about 190), and the layout's
// optimisation keeps pieces wherever they start, since no edge pulls them together. Starting every row at
// its cluster's place in a 2-D picture of the cluster centroids keeps each cluster's pieces together and
// similar clusters near each other, which is what an operator reads a map for.
#include "map/mappipelinestages.h"

#include "compute/pca.h"
#include "compute/splitmix.h"

#include <algorithm>
#include <cmath>

namespace MapStages {

std::vector<float> guidedStart(const compute::EmbeddingMatrix &space, const std::vector<int> &labels, int k,
    const std::vector<float> &fallback, std::uint64_t seed)
{
    const std::size_t n = space.rows();
    const int dims = space.dims();
    if (k < 3 || labels.size() != n)
        return fallback;
    std::vector<float> centroids(std::size_t(k) * std::size_t(dims), 0.0f);
    std::vector<std::size_t> counts(std::size_t(k), 0);
    for (std::size_t i = 0; i < n; ++i) {
        const int l = labels[i];
        if (l < 0 || l >= k)
            continue;
        ++counts[std::size_t(l)];
        float *c = centroids.data() + std::size_t(l) * std::size_t(dims);
        const float *row = space.row(i);
        for (int d = 0; d < dims; ++d)
            c[d] += row[d];
    }
    for (int l = 0; l < k; ++l) {
        if (counts[std::size_t(l)] == 0)
            continue;
        float *c = centroids.data() + std::size_t(l) * std::size_t(dims);
        for (int d = 0; d < dims; ++d)
            c[d] /= float(counts[std::size_t(l)]);
    }
    // The centroids' own two main axes; rows without a cluster (noise) keep the fallback's place.
    const compute::EmbeddingMatrix centres = compute::EmbeddingMatrix::copyOf(centroids.data(), std::size_t(k), dims);
    const std::vector<float> centre = compute::pca(centres).coordinates;
    if (centre.size() != std::size_t(2 * k))
        return fallback;
    float lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
    for (int l = 0; l < k; ++l) {
        for (int a = 0; a < 2; ++a) {
            lo[a] = std::min(lo[a], centre[std::size_t(2 * l + a)]);
            hi[a] = std::max(hi[a], centre[std::size_t(2 * l + a)]);
        }
    }
    // Both axes to [0, 10] (the layout's own start scale), each cluster a small disc around its centre.
    compute::SplitMix random(seed ^ 0x5eedULL);
    std::vector<float> start(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        const int l = labels[i];
        for (int a = 0; a < 2; ++a) {
            const float jitter = float(random.uniform() - 0.5) * 0.6f;
            if (l < 0 || l >= k) {
                start[2 * i + std::size_t(a)] = fallback.size() == 2 * n ? fallback[2 * i + std::size_t(a)] : jitter;
                continue;
            }
            const float span = hi[a] - lo[a];
            const float c = span > 0 ? 10.0f * (centre[std::size_t(2 * l + a)] - lo[a]) / span : 5.0f;
            start[2 * i + std::size_t(a)] = c + jitter;
        }
    }
    return start;
}

} // namespace MapStages

namespace MapStages {

void linkWithinClusters(compute::KnnGraph &graph, const std::vector<int> &labels, int links, std::uint64_t seed)
{
    const std::size_t n = graph.n;
    const int k = graph.k;
    if (labels.size() != n || links <= 0 || k <= links)
        return;
    std::vector<std::vector<std::uint32_t>> members;
    for (std::size_t i = 0; i < n; ++i) {
        const int l = labels[i];
        if (l < 0)
            continue;
        if (std::size_t(l) >= members.size())
            members.resize(std::size_t(l) + 1);
        members[std::size_t(l)].push_back(std::uint32_t(i));
    }
    compute::SplitMix random(seed ^ 0x11ec0ULL);
    for (std::size_t i = 0; i < n; ++i) {
        const int l = labels[i];
        if (l < 0 || members[std::size_t(l)].size() < 2)
            continue;
        const std::vector<std::uint32_t> &own = members[std::size_t(l)];
        std::uint32_t *neighbours = graph.indices.data() + i * std::size_t(k);
        // The farthest neighbours give way (their distances stay, so the new edges weigh like them).
        for (int j = 0; j < links; ++j) {
            std::uint32_t m = own[random.below(own.size())];
            if (m == i)
                m = own[(std::find(own.begin(), own.end(), m) - own.begin() + 1) % own.size()];
            neighbours[k - 1 - j] = m;
        }
    }
}

} // namespace MapStages
