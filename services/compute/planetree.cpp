#include "planetree.h"

#include <algorithm>
#include <limits>

namespace compute {
namespace {

// The k best so far as a max-heap on (squared distance, index); the root is the one to beat.
struct Candidate
{
    float d2;
    std::uint32_t index;
    bool operator<(const Candidate &o) const { return d2 != o.d2 ? d2 < o.d2 : index < o.index; }
};

struct Search
{
    const PlaneTree &tree;
    float qx, qy;
    std::size_t k;
    std::uint32_t exclude;
    Candidate *heap;
    std::size_t count = 0;

    float bound() const { return count < k ? std::numeric_limits<float>::infinity() : heap[0].d2; }

    void offer(float d2, std::uint32_t index)
    {
        const Candidate c { d2, index };
        if (count < k) {
            heap[count++] = c;
            std::push_heap(heap, heap + count);
        } else if (c < heap[0]) {
            std::pop_heap(heap, heap + count);
            heap[count - 1] = c;
            std::push_heap(heap, heap + count);
        }
    }

    void visit(std::uint32_t n)
    {
        const PlaneTree::Node &node = tree.nodes()[n];
        if (node.left == PlaneTree::None) {
            const float *xs = tree.x().data(), *ys = tree.y().data();
            for (std::uint32_t p = node.begin; p < node.end; ++p) {
                const float dx = xs[p] - qx, dy = ys[p] - qy;
                const float d2 = dx * dx + dy * dy;
                if (d2 <= bound() && tree.order()[p] != exclude)
                    offer(d2, tree.order()[p]);
            }
            return;
        }
        // Nearer child first, so the bound tightens before the farther one is considered. A node no
        // closer than the bound is skipped even on a tie: with many duplicate points anything else
        // would visit them all.
        std::uint32_t first = node.left, second = node.right;
        float d1 = PlaneTree::boxDistance(tree.nodes()[first], qx, qy);
        float d2 = PlaneTree::boxDistance(tree.nodes()[second], qx, qy);
        if (d2 < d1) {
            std::swap(first, second);
            std::swap(d1, d2);
        }
        if (count < k || d1 < bound())
            visit(first);
        if (count < k || d2 < bound())
            visit(second);
    }
};

} // namespace

PlaneTree::PlaneTree(const float *xy, std::size_t n)
{
    if (n == 0)
        return;
    // Built on (x, y, index) records rather than on indices into xy: partitioning then reads memory in
    // order instead of jumping around the input.
    std::vector<Point> points(n);
    for (std::size_t i = 0; i < n; ++i)
        points[i] = { xy[2 * i], xy[2 * i + 1], std::uint32_t(i) };
    m_nodes.reserve(2 * (n / LeafSize + 1));
    build(points, 0, std::uint32_t(n));
    m_order.resize(n);
    m_x.resize(n);
    m_y.resize(n);
    for (std::size_t p = 0; p < n; ++p) {
        m_order[p] = points[p].index;
        m_x[p] = points[p].x;
        m_y[p] = points[p].y;
    }
}

std::uint32_t PlaneTree::build(std::vector<Point> &points, std::uint32_t begin, std::uint32_t end)
{
    Node node { points[begin].x, points[begin].y, points[begin].x, points[begin].y, begin, end };
    for (std::uint32_t p = begin; p < end; ++p) {
        node.minX = std::min(node.minX, points[p].x);
        node.maxX = std::max(node.maxX, points[p].x);
        node.minY = std::min(node.minY, points[p].y);
        node.maxY = std::max(node.maxY, points[p].y);
    }
    const std::uint32_t self = std::uint32_t(m_nodes.size());
    m_nodes.push_back(node);
    const auto first = points.begin() + begin, last = points.begin() + end;
    if (end - begin <= LeafSize) {
        // Sorted leaves keep duplicate points next to each other in tree order.
        std::sort(first, last, [](const Point &a, const Point &b) {
            return a.x != b.x ? a.x < b.x : (a.y != b.y ? a.y < b.y : a.index < b.index);
        });
        return self;
    }
    // Median split on the wider side; nth_element keeps the build O(n log n).
    const bool alongX = node.maxX - node.minX >= node.maxY - node.minY;
    const std::uint32_t mid = begin + (end - begin) / 2;
    std::nth_element(first, points.begin() + mid, last, [alongX](const Point &a, const Point &b) {
        const float va = alongX ? a.x : a.y, vb = alongX ? b.x : b.y;
        return va != vb ? va < vb : a.index < b.index;
    });
    const std::uint32_t left = build(points, begin, mid);
    const std::uint32_t right = build(points, mid, end);
    m_nodes[self].left = left;
    m_nodes[self].right = right;
    return self;
}

int PlaneTree::nearest(
    float qx, float qy, int k, std::uint32_t exclude, std::uint32_t *indices, float *squaredDistances) const
{
    if (k <= 0 || m_nodes.empty())
        return 0;
    // Small k (every caller so far) needs no allocation per query.
    Candidate local[64];
    std::vector<Candidate> large(k > 64 ? std::size_t(k) : 0);
    Candidate *heap = k > 64 ? large.data() : local;
    Search search { *this, qx, qy, std::size_t(k), exclude, heap };
    search.visit(0);
    std::sort_heap(heap, heap + search.count);
    for (std::size_t i = 0; i < search.count; ++i) {
        indices[i] = heap[i].index;
        squaredDistances[i] = heap[i].d2;
    }
    return int(search.count);
}

} // namespace compute
