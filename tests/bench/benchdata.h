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

// Draws the rows one at a time, so nothing holds more than the row being written. The random stream is
// consumed in a fixed order (64 centres, the anisotropy direction, then per row its label and noise):
// the same seed always gives the same file.
class BlobStream
{
public:
    explicit BlobStream(int d, unsigned seed = 7)
        : m_random(seed)
        , m_d(d)
        , m_centres(64, std::vector<float>(std::size_t(d)))
        , m_direction(std::size_t(d))
        , m_noise(0.9f / std::sqrt(float(d)))
    {
        for (auto &c : m_centres)
            unit(c);
        unit(m_direction);
    }

    // Writes the next row (d floats, unit length) and returns its blob.
    int next(float *row)
    {
        const int label = int(m_random() % 64);
        double s = 0;
        for (int j = 0; j < m_d; ++j) {
            row[j] = m_centres[std::size_t(label)][std::size_t(j)] + m_noise * m_normal(m_random)
                + 0.35f * m_direction[std::size_t(j)];
            s += double(row[j]) * row[j];
        }
        for (int j = 0; j < m_d; ++j)
            row[j] = float(row[j] / std::sqrt(s));
        return label;
    }

private:
    void unit(std::vector<float> &v)
    {
        double s = 0;
        for (float &x : v) {
            x = m_normal(m_random);
            s += double(x) * x;
        }
        for (float &x : v)
            x = float(x / std::sqrt(s));
    }

    std::mt19937_64 m_random;
    std::normal_distribution<float> m_normal;
    int m_d;
    std::vector<std::vector<float>> m_centres;
    std::vector<float> m_direction;
    float m_noise;
};

// Fills `rows` (row stride `stride` floats) with n × d floats of the data file, generating and writing
// the file first if it does not hold exactly that many. Generation streams each row into `rows` and the
// file at once: a first run must not hold a second copy of the data (an earlier version built the whole
// set in a vector, which tripled the peak memory of whichever row ran first).
inline bool readInto(const std::string &path, std::size_t n, int d, float *rows, std::size_t stride)
{
    const std::size_t rowBytes = std::size_t(d) * sizeof(float);
    if (FILE *f = std::fopen(path.c_str(), "rb")) {
        std::fseek(f, 0, SEEK_END);
        bool ok = std::size_t(std::ftell(f)) == n * rowBytes;
        std::rewind(f);
        for (std::size_t i = 0; i < n && ok; ++i)
            ok = std::fread(rows + i * stride, sizeof(float), std::size_t(d), f) == std::size_t(d);
        std::fclose(f);
        if (ok)
            return true;
    }
    FILE *f = std::fopen(path.c_str(), "wb");
    if (!f)
        return false;
    BlobStream stream(d);
    bool ok = true;
    for (std::size_t i = 0; i < n && ok; ++i) {
        float *row = rows + i * stride;
        stream.next(row);
        ok = std::fwrite(row, sizeof(float), std::size_t(d), f) == std::size_t(d);
    }
    ok = std::fclose(f) == 0 && ok;
    if (!ok)
        std::remove(path.c_str());
    return ok;
}

} // namespace benchdata
