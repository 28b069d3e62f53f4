#pragma once
// Small synthetic data for compute tests: Gaussian blobs around random centres, with their labels.
#include "compute/embeddingmatrix.h"

#include <random>
#include <vector>

struct TestBlobs
{
    compute::EmbeddingMatrix points;
    std::vector<int> labels;
};

// `blobs` clusters of `perBlob` rows in `dims` dimensions; centres on a sphere of radius 10, noise
// `spread` per coordinate. Rows are interleaved (row i belongs to blob i % blobs). Unit rows if asked.
inline TestBlobs testBlobs(int blobs, int perBlob, int dims, float spread, unsigned seed, bool unit = false)
{
    std::mt19937 random(seed);
    std::normal_distribution<float> normal;
    std::vector<std::vector<float>> centres(blobs, std::vector<float>(dims));
    for (auto &c : centres) {
        double s = 0;
        for (float &v : c) {
            v = normal(random);
            s += double(v) * v;
        }
        for (float &v : c)
            v = float(10.0 * v / std::sqrt(s));
    }
    TestBlobs out { compute::EmbeddingMatrix(std::size_t(blobs) * perBlob, dims), {} };
    for (std::size_t i = 0; i < out.points.rows(); ++i) {
        const int label = int(i % std::size_t(blobs));
        out.labels.push_back(label);
        for (int d = 0; d < dims; ++d)
            out.points.row(i)[d] = centres[label][d] + spread * normal(random);
    }
    if (unit)
        out.points.normalizeRows();
    return out;
}
