#pragma once

#include <atomic>
#include <functional>

namespace compute {

// How a long compute function is steered from outside. Both members are optional. The function polls
// cancelled() at least every ~50 ms of work and returns an empty result when it sees it; progress() is
// called from worker threads with a fraction in [0, 1], at most a few dozen times per second.
struct Control
{
    const std::atomic<bool> *cancel = nullptr;
    std::function<void(double fraction)> progress;

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
    void report(double fraction) const
    {
        if (progress)
            progress(fraction);
    }
};

} // namespace compute
