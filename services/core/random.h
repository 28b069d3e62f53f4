#pragma once

#include "compute/splitmix.h"

#include <QList>
#include <QUuid>

#include <cmath>
#include <cstdint>

// The compute core's SplitMix64 with the helpers the demo generator needs: a seed always gives the
// same demo data on every platform (std::*_distribution results differ between standard libraries).
class Random
{
public:
    explicit Random(std::uint64_t seed)
        : m_mix(seed)
    {
    }

    std::uint64_t next() { return m_mix.next(); }
    double uniform() { return m_mix.uniform(); } // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int index(qsizetype size) { return int(next() % std::uint64_t(size)); } // [0, size)
    int between(int lo, int hi) { return lo + index(hi - lo + 1); } // [lo, hi]
    bool chance(double p) { return uniform() < p; }
    double normal(double mean, double sd)
    {
        const double u1 = std::max(uniform(), 1e-12);
        const double u2 = uniform();
        return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    template<typename T> const T &pick(const QList<T> &list) { return list.at(index(list.size())); }

    QUuid uuid()
    {
        const std::uint64_t hi = next();
        const std::uint64_t lo = next();
        QUuid id(uint(hi >> 32), ushort(hi >> 16), ushort((hi & 0x0fff) | 0x4000), uchar(0x80 | ((lo >> 56) & 0x3f)),
            uchar(lo >> 48), uchar(lo >> 40), uchar(lo >> 32), uchar(lo >> 24), uchar(lo >> 16), uchar(lo >> 8),
            uchar(lo));
        return id;
    }

    // A child generator whose stream does not depend on how much the parent is used afterwards.
    Random fork(std::uint64_t salt) { return Random(next() ^ (salt * 0xd1b54a32d192ed03ull)); }

private:
    compute::SplitMix m_mix;
};

inline double clamp01(double v)
{
    return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
}
