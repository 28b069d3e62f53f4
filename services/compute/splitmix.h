#pragma once

#include <cstdint>

namespace compute {

// SplitMix64: identical on every platform and standard library, so a seed always gives the same
// clustering or layout (std::*_distribution results differ between implementations).
class SplitMix
{
public:
    explicit SplitMix(std::uint64_t seed)
        : m_state(seed)
    {
    }

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); } // [0, 1)
    std::uint64_t below(std::uint64_t bound) { return bound ? next() % bound : 0; } // [0, bound)
    // Standard normal by Box–Muller (one of the pair; simplicity over speed, used for small matrices).
    double normal();

private:
    std::uint64_t m_state;
};

} // namespace compute
