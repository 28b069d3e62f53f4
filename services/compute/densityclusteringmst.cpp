#include "densityclusteringmst.h"
#include "parallel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace compute::density {
namespace {

constexpr std::size_t Part = 4096; // points per parallel work item: fixed, so results ignore thread count
constexpr float Infinity = std::numeric_limits<float>::infinity();

// An edge in squared weight between two tree positions, ordered by (weight, smaller end, larger end):
// a strict total order, so Borůvka's simultaneous choices cannot close a cycle.
struct Candidate
{
    float w2 = Infinity;
    std::uint32_t a = PlaneTree::None, b = PlaneTree::None;

    bool operator<(const Candidate &o) const
    {
        if (w2 != o.w2)
            return w2 < o.w2;
        const auto lo = std::min(a, b), olo = std::min(o.a, o.b);
        return lo != olo ? lo < olo : std::max(a, b) < std::max(o.a, o.b);
    }
};

// What a point knows of its lightest edge to another component. Components only ever merge, so the
// set of "other" points only shrinks: a lightest edge stays lightest while its far end stays foreign,
// and its weight stays a lower bound after that.
struct PointState
{
    Candidate best; // the lightest edge known (a = this point)
    bool exact = false; // best is the lightest edge to any other component
    bool listDone = false; // every k-NN neighbour is in this point's component, now and from now on
    float lower = 0; // no edge to another component is lighter
};

// For one point: the lightest edge (in mutual reachability) to a point of another component, lighter
// than the initial bound. Everything in tree positions and squared distances.
struct CrossSearch
{
    const PlaneTree &tree;
    const std::vector<int> &nodeComponent; // the component of all of a node's points, or −1 if mixed
    const std::vector<float> &nodeMinCore;
    const std::vector<int> &component;
    const std::vector<float> &core;
    float qx, qy, qcore;
    int own;
    Candidate best;

    void visit(std::uint32_t n)
    {
        const PlaneTree::Node &node = tree.nodes()[n];
        if (nodeComponent[n] == own)
            return;
        if (node.left == PlaneTree::None) {
            for (std::uint32_t p = node.begin; p < node.end; ++p) {
                if (component[p] == own)
                    continue;
                const float dx = tree.x()[p] - qx, dy = tree.y()[p] - qy;
                const Candidate c { std::max({ dx * dx + dy * dy, qcore, core[p] }), best.a, p };
                if (c < best)
                    best = c;
            }
            return;
        }
        std::uint32_t first = node.left, second = node.right;
        float d1 = bound(first), d2 = bound(second);
        if (d2 < d1) {
            std::swap(first, second);
            std::swap(d1, d2);
        }
        // Strictly lighter only: with many duplicate points ties would make every search visit them all.
        if (d1 < best.w2)
            visit(first);
        if (d2 < best.w2)
            visit(second);
    }

    float bound(std::uint32_t n) const
    {
        return std::max({ PlaneTree::boxDistance(tree.nodes()[n], qx, qy), qcore, nodeMinCore[n] });
    }
};

// The state of the search shared by all rounds, in tree positions.
struct Forest
{
    const PlaneTree &tree;
    const Neighbourhood &hood;
    const std::vector<float> &core; // squared, per position
    std::vector<float> beyondList; // per position: no edge outside the k-NN list is lighter
    std::vector<float> nodeMinCore;
    std::vector<int> component, nodeComponent;
    std::vector<PointState> state;

    // Best edge to another component among the point's k nearest neighbours.
    Candidate fromList(std::uint32_t pos) const
    {
        const std::size_t k = std::size_t(hood.k), at = pos * k;
        Candidate best { Infinity, pos, PlaneTree::None };
        for (std::size_t s = 0; s < k; ++s) {
            const std::uint32_t q = hood.indices[at + s];
            if (q == PlaneTree::None || component[q] == component[pos])
                continue;
            const Candidate c { std::max({ hood.squaredDistances[at + s], core[pos], core[q] }), pos, q };
            if (c < best)
                best = c;
        }
        return best;
    }

    // First pass of a round: what the previous round and the k-NN list settle without a tree search.
    void settleCheaply(std::uint32_t pos)
    {
        PointState &s = state[pos];
        if (s.exact && component[s.best.b] != component[pos])
            return;
        s.exact = false;
        s.best = s.listDone ? Candidate { Infinity, pos, PlaneTree::None } : fromList(pos);
        s.listDone = s.best.b == PlaneTree::None;
        // Edges outside the list weigh at least beyondList; those inside were all looked at.
        if (s.best.w2 <= std::max(beyondList[pos], s.lower)) {
            s.exact = true;
            s.lower = s.best.w2;
        }
    }

    // Second pass: a tree search for points whose lightest edge might beat their component's best.
    void search(std::uint32_t pos, Candidate &componentBest)
    {
        PointState &s = state[pos];
        if (s.exact)
            return;
        // A duplicate of the point before it (duplicates sit together in tree order) has the same
        // lightest edge: no need to search again for every copy of a stack of identical points. (Only
        // within a part: the point before belongs to this thread and is already settled.)
        if (pos % Part != 0 && state[pos - 1].exact && tree.x()[pos] == tree.x()[pos - 1]
            && tree.y()[pos] == tree.y()[pos - 1] && core[pos] == core[pos - 1]
            && component[pos] == component[pos - 1]) {
            s.best = { state[pos - 1].best.w2, pos, state[pos - 1].best.b };
            s.exact = true;
            s.lower = s.best.w2;
            return;
        }
        const float lower = std::max(s.lower, std::min(s.best.w2, beyondList[pos]));
        if (lower >= componentBest.w2)
            return; // cannot improve on the component's best; keep what is known
        const Candidate bound = std::min(s.best, componentBest);
        CrossSearch search { tree, nodeComponent, nodeMinCore, component, core, tree.x()[pos], tree.y()[pos], core[pos],
            component[pos], { bound.w2, pos, PlaneTree::None } };
        search.visit(0);
        if (search.best.b != PlaneTree::None && search.best < s.best) {
            s.best = search.best;
            s.exact = true;
            s.lower = s.best.w2;
        } else if (!(componentBest < s.best)) {
            s.exact = true; // nothing beat the point's own candidate
            s.lower = s.best.w2;
        } else {
            s.lower = std::max(s.lower, bound.w2);
        }
        if (s.best < componentBest)
            componentBest = s.best;
    }
};

} // namespace

std::vector<Edge> spanningTree(const PlaneTree &tree, const Neighbourhood &hood, int threads, const Control &control)
{
    const std::size_t n = tree.size(), k = std::size_t(hood.k);
    const std::vector<PlaneTree::Node> &nodes = tree.nodes();
    Forest f { tree, hood, hood.core, std::vector<float>(n), std::vector<float>(nodes.size()), std::vector<int>(n),
        std::vector<int>(nodes.size()), std::vector<PointState>(n) };
    // Beyond the k-th neighbour every point is at least that far (and no edge is below the core).
    for (std::size_t pos = 0; pos < n; ++pos)
        f.beyondList[pos] = k ? std::max(hood.core[pos], hood.squaredDistances[pos * k + k - 1]) : Infinity;
    // Children follow their parent in nodes(), so one backward pass aggregates bottom-up.
    for (std::size_t i = nodes.size(); i-- > 0;) {
        const PlaneTree::Node &node = nodes[i];
        f.nodeMinCore[i] = node.left == PlaneTree::None
            ? *std::min_element(f.core.begin() + node.begin, f.core.begin() + node.end)
            : std::min(f.nodeMinCore[node.left], f.nodeMinCore[node.right]);
    }
    // Borůvka: every round joins each component to its nearest (in mutual reachability) other one.
    DisjointSets sets(n);
    std::vector<Edge> edges;
    edges.reserve(n);
    const std::size_t parts = (n + Part - 1) / Part;
    std::vector<int> rootId(n);
    while (edges.size() + 1 < n) {
        if (control.cancelled())
            return {};
        int components = 0;
        std::fill(rootId.begin(), rootId.end(), -1);
        for (std::size_t pos = 0; pos < n; ++pos) {
            int &id = rootId[sets.find(std::uint32_t(pos))];
            if (id < 0)
                id = components++;
            f.component[pos] = id;
        }
        for (std::size_t i = nodes.size(); i-- > 0;) {
            const PlaneTree::Node &node = nodes[i];
            if (node.left != PlaneTree::None) {
                const int l = f.nodeComponent[node.left];
                f.nodeComponent[i] = l == f.nodeComponent[node.right] ? l : -1;
                continue;
            }
            f.nodeComponent[i] = f.component[node.begin];
            for (std::uint32_t p = node.begin + 1; p < node.end && f.nodeComponent[i] >= 0; ++p) {
                if (f.component[p] != f.nodeComponent[i])
                    f.nodeComponent[i] = -1;
            }
        }
        parallelFor(parts, threads, [&](std::size_t part) {
            for (std::size_t pos = part * Part; pos < std::min(n, (part + 1) * Part); ++pos)
                f.settleCheaply(std::uint32_t(pos));
        });
        std::vector<Candidate> best(std::size_t(components), Candidate {});
        for (std::size_t pos = 0; pos < n; ++pos)
            best[std::size_t(f.component[pos])] = std::min(best[std::size_t(f.component[pos])], f.state[pos].best);
        // Each part refines a copy of the components' bests; copies are merged in part order.
        std::vector<std::unordered_map<int, Candidate>> refined(parts);
        parallelFor(parts, threads, [&](std::size_t part) {
            if (control.cancelled())
                return;
            for (std::size_t pos = part * Part; pos < std::min(n, (part + 1) * Part); ++pos) {
                if (f.state[pos].exact)
                    continue;
                const int c = f.component[pos];
                auto it = refined[part].try_emplace(c, best[std::size_t(c)]).first;
                f.search(std::uint32_t(pos), it->second);
            }
        });
        if (control.cancelled())
            return {};
        for (const auto &part : refined) {
            for (const auto &[c, candidate] : part)
                best[std::size_t(c)] = std::min(best[std::size_t(c)], candidate);
        }
        const std::size_t before = edges.size();
        for (const Candidate &c : best) {
            if (c.b != PlaneTree::None && sets.unite(c.a, c.b) != PlaneTree::None)
                edges.push_back({ std::sqrt(c.w2), tree.order()[c.a], tree.order()[c.b] });
        }
        if (edges.size() == before)
            return {}; // every component has an outgoing edge, so this cannot happen; but never spin
        // Components fall geometrically, so their logarithm measures the way left.
        control.report(0.4 + 0.5 * (1.0 - std::log(double(components)) / std::log(double(n))));
    }
    std::sort(edges.begin(), edges.end(), [](const Edge &x, const Edge &y) {
        return x.weight != y.weight ? x.weight < y.weight : (x.a != y.a ? x.a < y.a : x.b < y.b);
    });
    return edges;
}

} // namespace compute::density
