#include "densityclusteringhierarchy.h"

#include <algorithm>

namespace compute::density {
namespace {

// The single-linkage dendrogram: leaves 0 … n − 1 are points, merge t is node n + t.
struct Dendrogram
{
    std::vector<std::uint32_t> left, right;
    std::vector<float> distance;
    std::vector<std::uint32_t> size; // of every node, leaves included
};

Dendrogram dendrogram(std::size_t n, const std::vector<Edge> &edges)
{
    Dendrogram d;
    d.size.assign(n, 1);
    DisjointSets sets(n);
    std::vector<std::uint32_t> top(n); // the dendrogram node that currently stands for a set's root
    for (std::size_t i = 0; i < n; ++i)
        top[i] = std::uint32_t(i);
    for (const Edge &e : edges) {
        const std::uint32_t ra = sets.find(e.a), rb = sets.find(e.b);
        if (ra == rb)
            continue;
        const std::uint32_t node = std::uint32_t(n + d.left.size());
        d.left.push_back(top[ra]);
        d.right.push_back(top[rb]);
        d.distance.push_back(e.weight);
        d.size.push_back(d.size[top[ra]] + d.size[top[rb]]);
        top[sets.unite(ra, rb)] = node;
    }
    return d;
}

struct Condensed
{
    std::vector<int> parent; // per cluster; cluster 0 is the root
    std::vector<double> birth; // λ at which the cluster split off its parent
    std::vector<double> stability;
    std::vector<int> fellFrom; // per point: the cluster it was last part of
};

Condensed condense(std::size_t n, const Dendrogram &d, std::size_t minClusterSize, float minDistance)
{
    Condensed c { { -1 }, { 0.0 }, { 0.0 }, std::vector<int>(n, 0) };
    const auto addCluster = [&c](int parent, double lambda) {
        c.parent.push_back(parent);
        c.birth.push_back(lambda);
        c.stability.push_back(0.0);
        return int(c.parent.size() - 1);
    };
    std::vector<std::uint32_t> below; // scratch for enumerating a subtree's points
    // Top-down with explicit stacks: the dendrogram can be n deep (a chain).
    std::vector<std::pair<std::uint32_t, int>> stack { { std::uint32_t(d.size.size() - 1), 0 } };
    while (!stack.empty()) {
        const auto [node, cluster] = stack.back();
        stack.pop_back();
        const std::size_t merge = node - n;
        const double lambda = 1.0 / double(std::max(d.distance[merge], minDistance));
        const std::uint32_t children[2] = { d.left[merge], d.right[merge] };
        const bool split = d.size[children[0]] >= minClusterSize && d.size[children[1]] >= minClusterSize;
        for (std::uint32_t child : children) {
            const std::uint32_t size = d.size[child];
            if (split) {
                c.stability[std::size_t(cluster)] += (lambda - c.birth[std::size_t(cluster)]) * size;
                stack.push_back({ child, addCluster(cluster, lambda) });
            } else if (size >= minClusterSize) {
                stack.push_back({ child, cluster }); // the cluster just lost a few points and goes on
            } else {
                // Too small to be a cluster: its points leave this one here, as noise at this density.
                c.stability[std::size_t(cluster)] += (lambda - c.birth[std::size_t(cluster)]) * size;
                below.assign(1, child);
                while (!below.empty()) {
                    const std::uint32_t x = below.back();
                    below.pop_back();
                    if (x < n) {
                        c.fellFrom[x] = cluster;
                    } else {
                        below.push_back(d.left[x - n]);
                        below.push_back(d.right[x - n]);
                    }
                }
            }
        }
    }
    return c;
}

} // namespace

Selection selectClusters(std::size_t n, const std::vector<Edge> &edges, std::size_t minClusterSize, float minDistance)
{
    Selection result { std::vector<int>(n, -1), {} };
    const Dendrogram d = dendrogram(n, edges);
    if (n < 2 || d.left.size() + 1 != n)
        return result;
    const Condensed c = condense(n, d, std::max<std::size_t>(minClusterSize, 2), minDistance);
    // Excess of mass, bottom-up: children always have larger ids than their parent. A cluster is kept
    // unless its descendants together are more stable; the root is never a candidate.
    const std::size_t clusters = c.parent.size();
    std::vector<double> best(c.stability), childSum(clusters, 0.0);
    std::vector<char> chosen(clusters, 0);
    for (std::size_t i = clusters; i-- > 1;) {
        chosen[i] = childSum[i] <= c.stability[i];
        best[i] = chosen[i] ? c.stability[i] : childSum[i];
        childSum[std::size_t(c.parent[i])] += best[i];
    }
    // A chosen cluster owns its whole subtree; a chosen cluster below another chosen one is dropped.
    std::vector<int> owner(clusters, -1);
    for (std::size_t i = 1; i < clusters; ++i) {
        const int up = owner[std::size_t(c.parent[i])];
        if (up >= 0) {
            owner[i] = up;
        } else if (chosen[i]) {
            owner[i] = int(result.stability.size());
            result.stability.push_back(c.stability[i]);
        }
    }
    for (std::size_t p = 0; p < n; ++p)
        result.labels[p] = owner[std::size_t(c.fellFrom[p])];
    return result;
}

} // namespace compute::density
