#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace compute {

// A static k-d tree over 2-D points (a map layout: n × 2 packed floats, Euclidean). Built once in
// O(n log n); every query is read-only, so one tree serves many threads. The points are copied in tree
// order (leaves hold neighbouring points next to each other, identical points adjacent), which keeps
// queries cache-friendly.
// Coordinates must be finite.
class PlaneTree
{
public:
    static constexpr std::uint32_t None = 0xffffffffu;
    static constexpr std::uint32_t LeafSize = 16;

    struct Node
    {
        float minX, minY, maxX, maxY; // bounding box of the node's points
        std::uint32_t begin, end; // range of tree positions
        std::uint32_t left = None, right = None; // child nodes; None for a leaf
    };

    PlaneTree() = default;
    PlaneTree(const float *xy, std::size_t n);

    std::size_t size() const { return m_order.size(); }
    const std::vector<Node> &nodes() const { return m_nodes; } // nodes()[0] is the root
    // Position p in tree order holds point order()[p] at x()[p], y()[p].
    const std::vector<std::uint32_t> &order() const { return m_order; }
    const std::vector<float> &x() const { return m_x; }
    const std::vector<float> &y() const { return m_y; }

    // The up to k points nearest to (qx, qy), skipping point `exclude` (None: skip nothing), written
    // nearest first to indices[] and their squared distances to squaredDistances[]; returns how many.
    // Among equidistant points the choice is deterministic but unspecified.
    int nearest(
        float qx, float qy, int k, std::uint32_t exclude, std::uint32_t *indices, float *squaredDistances) const;

    // Squared distance from (qx, qy) to the node's box (0 inside).
    static float boxDistance(const Node &node, float qx, float qy)
    {
        const float dx = qx < node.minX ? node.minX - qx : (qx > node.maxX ? qx - node.maxX : 0.0f);
        const float dy = qy < node.minY ? node.minY - qy : (qy > node.maxY ? qy - node.maxY : 0.0f);
        return dx * dx + dy * dy;
    }

private:
    struct Point
    {
        float x, y;
        std::uint32_t index;
    };
    std::uint32_t build(std::vector<Point> &points, std::uint32_t begin, std::uint32_t end);

    std::vector<Node> m_nodes;
    std::vector<std::uint32_t> m_order;
    std::vector<float> m_x, m_y;
};

} // namespace compute
