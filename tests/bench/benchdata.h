#pragma once
// Synthetic embedding-like data for the compute benchmarks: 64 Gaussian blobs in D dimensions with a
// shared anisotropy direction, every row L2-normalised (the "iso" set of shared/domain/performance.md).
// Written once to a raw float32 file that the Sextant and the baseline (Python) sides both read.
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace benchdata {

inline std::vector<float> blobs(std::size_t n, int d, std::vector<int> *labels = nullptr, unsigned seed = 7)
{
    std::mt19937_64 random(seed);
    std::normal_distribution<float> normal;
    const auto unit = [&](std::vector<float> &v) {
        double s = 0;
        for (float &x : v) {
            x = normal(random);
            s += double(x) * x;
        }
        for (float &x : v)
            x = float(x / std::sqrt(s));
    };
    std::vector<std::vector<float>> centres(64, std::vector<float>(d));
    for (auto &c : centres)
        unit(c);
    std::vector<float> g(d);
    unit(g);
    std::vector<float> data(n * std::size_t(d));
    const float noise = 0.9f / std::sqrt(float(d));
    for (std::size_t i = 0; i < n; ++i) {
        const int label = int(random() % 64);
        if (labels)
            labels->push_back(label);
        float *row = data.data() + i * d;
        double s = 0;
        for (int j = 0; j < d; ++j) {
            row[j] = centres[label][j] + noise * normal(random) + 0.35f * g[j];
            s += double(row[j]) * row[j];
        }
        for (int j = 0; j < d; ++j)
            row[j] = float(row[j] / std::sqrt(s));
    }
    return data;
}

// Reads the file if it holds n × d floats, else generates and writes it.
inline std::vector<float> cached(const std::string &path, std::size_t n, int d)
{
    std::vector<float> data(n * std::size_t(d));
    if (FILE *f = std::fopen(path.c_str(), "rb")) {
        const std::size_t got = std::fread(data.data(), sizeof(float), data.size(), f);
        std::fclose(f);
        if (got == data.size())
            return data;
    }
    data = blobs(n, d);
    if (FILE *f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(data.data(), sizeof(float), data.size(), f);
        std::fclose(f);
    }
    return data;
}

// Makes sure the file holds n × d floats (generating it once), then reads it straight into `rows`
// (row stride `stride` floats), so the benchmark's peak memory is the matrix, not the matrix plus a copy.
inline bool readInto(const std::string &path, std::size_t n, int d, float *rows, std::size_t stride)
{
    FILE *f = std::fopen(path.c_str(), "rb");
    if (f) {
        std::fseek(f, 0, SEEK_END);
        const bool complete = std::size_t(std::ftell(f)) == n * std::size_t(d) * sizeof(float);
        std::fclose(f);
        f = complete ? std::fopen(path.c_str(), "rb") : nullptr;
    }
    if (!f) {
        cached(path, n, d); // generates and writes, then frees its copy
        f = std::fopen(path.c_str(), "rb");
    }
    if (!f)
        return false;
    bool ok = true;
    for (std::size_t i = 0; i < n && ok; ++i)
        ok = std::fread(rows + i * stride, sizeof(float), std::size_t(d), f) == std::size_t(d);
    std::fclose(f);
    return ok;
}

} // namespace benchdata
