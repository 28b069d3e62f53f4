#pragma once

#include "topk.h"

#include <algorithm>
#include <limits>
#include <thread>
#include <vector>

namespace compute {

// The k best seen so far as a min-heap on score (the root is the one to beat).
class TopKHeap
{
public:
    explicit TopKHeap(int k)
        : m_k(std::size_t(std::max(k, 0)))
    {
        m_heap.reserve(m_k);
    }

    float threshold() const { return m_heap.size() < m_k ? -std::numeric_limits<float>::infinity() : m_heap.front().score; }

    void push(float score, std::uint32_t index)
    {
        if (m_k == 0)
            return;
        if (m_heap.size() < m_k) {
            m_heap.push_back({ score, index });
            std::push_heap(m_heap.begin(), m_heap.end(), worse);
        } else if (score > m_heap.front().score) {
            std::pop_heap(m_heap.begin(), m_heap.end(), worse);
            m_heap.back() = { score, index };
            std::push_heap(m_heap.begin(), m_heap.end(), worse);
        }
    }

    // Scores of rows first … first + count - 1.
    void scan(const float *scores, std::size_t count, std::uint32_t first, const std::uint8_t *mask)
    {
        float bar = threshold();
        for (std::size_t j = 0; j < count; ++j) {
            if (scores[j] > bar && (!mask || mask[first + j])) {
                push(scores[j], std::uint32_t(first + j));
                bar = threshold();
            }
        }
    }

    std::vector<Neighbor> sorted()
    {
        std::vector<Neighbor> result = m_heap;
        std::sort(result.begin(), result.end(),
            [](const Neighbor &a, const Neighbor &b) { return a.score != b.score ? a.score > b.score : a.index < b.index; });
        return result;
    }

private:
    static bool worse(const Neighbor &a, const Neighbor &b)
    {
        return a.score != b.score ? a.score > b.score : a.index < b.index;
    }

    std::size_t m_k;
    std::vector<Neighbor> m_heap;
};

// One streaming pass over `rows` rows for a single query, split between two threads above 20,000 rows
// (the pass is bandwidth bound; two streams saturate it). score(first, count, out) writes the scores
// of rows first … first + count − 1. Returns one heap per thread, each holding its own best k; empty
// when cancelled.
template<typename Score>
std::vector<TopKHeap> scanRows(std::size_t rows, int k, const SearchOptions &options, Score score)
{
    constexpr std::size_t Block = 4096;
    const auto cancelled = [&] { return options.cancel && options.cancel->load(std::memory_order_relaxed); };
    const unsigned threads = rows >= 20000 ? std::max(1u, std::min(2u, std::thread::hardware_concurrency())) : 1u;
    std::vector<TopKHeap> partial(threads, TopKHeap(k));
    const auto work = [&](unsigned t) {
        const std::size_t begin = rows * t / threads, end = rows * (t + 1) / threads;
        std::vector<float> scores(Block);
        for (std::size_t r0 = begin; r0 < end && !cancelled(); r0 += Block) {
            const std::size_t rn = std::min(Block, end - r0);
            score(r0, rn, scores.data());
            partial[t].scan(scores.data(), rn, std::uint32_t(r0), options.mask);
        }
    };
    if (threads == 1) {
        work(0);
    } else {
        std::thread helper(work, 1u);
        work(0);
        helper.join();
    }
    if (cancelled())
        return {};
    return partial;
}

} // namespace compute
