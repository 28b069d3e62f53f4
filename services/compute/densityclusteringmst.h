#pragma once

#include "control.h"
#include "densityclusteringneighbours.h"
#include "planetree.h"

#include <cstdint>
#include <utility>
#include <vector>

// The stages of densityClustering(), split so each stays readable: core distances
// (densityclusteringneighbours.h), the spanning tree of the mutual reachability distance (here) and the
// cluster hierarchy over it (densityclusteringhierarchy.h).
namespace compute::density {

// Union–find with path halving and union by size.
class DisjointSets
{
public:
    explicit DisjointSets(std::size_t n)
        : m_parent(n)
        , m_size(n, 1)
    {
        for (std::size_t i = 0; i < n; ++i)
            m_parent[i] = std::uint32_t(i);
    }

    std::uint32_t find(std::uint32_t x)
    {
        while (m_parent[x] != x)
            x = m_parent[x] = m_parent[m_parent[x]];
        return x;
    }

    // Returns the new root, or None when already joined.
    std::uint32_t unite(std::uint32_t a, std::uint32_t b)
    {
        a = find(a);
        b = find(b);
        if (a == b)
            return PlaneTree::None;
        if (m_size[a] < m_size[b])
            std::swap(a, b);
        m_parent[b] = a;
        m_size[a] += m_size[b];
        return a;
    }

private:
    std::vector<std::uint32_t> m_parent;
    std::vector<std::uint32_t> m_size;
};

struct Edge
{
    float weight; // mutual reachability distance
    std::uint32_t a, b;
};

// The exact minimum spanning tree of the mutual reachability graph by Borůvka rounds; a point's k-NN
// list settles its lightest outgoing edge when that edge is no heavier than anything beyond the list,
// otherwise a k-d tree search does (pruned by its component's best so far). n − 1 edges sorted by
// (weight, a, b) over point indices; empty when cancelled. Progress over [0.4, 0.9].
std::vector<Edge> spanningTree(const PlaneTree &tree, const Neighbourhood &hood, int threads, const Control &control);

} // namespace compute::density
