#pragma once

#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace compute {

// 0 means "all hardware threads".
inline int resolveThreads(int requested)
{
    if (requested > 0)
        return requested;
    return int(std::max(1u, std::thread::hardware_concurrency()));
}

// Calls work(part) for every part in [0, parts) on up to `threads` threads (the caller is one of
// them); parts are handed out in order from a shared counter. Results must not depend on which
// thread ran a part, so callers keep per-part (not per-thread) state when determinism matters.
template<typename Work> void parallelFor(std::size_t parts, int threads, Work &&work)
{
    const std::size_t count = std::min<std::size_t>(parts, std::size_t(resolveThreads(threads)));
    if (count <= 1) {
        for (std::size_t p = 0; p < parts; ++p)
            work(p);
        return;
    }
    std::atomic<std::size_t> next { 0 };
    const auto loop = [&] {
        for (std::size_t p = next++; p < parts; p = next++)
            work(p);
    };
    std::vector<std::thread> helpers;
    helpers.reserve(count - 1);
    for (std::size_t t = 1; t < count; ++t)
        helpers.emplace_back(loop);
    loop();
    for (std::thread &h : helpers)
        h.join();
}

} // namespace compute
