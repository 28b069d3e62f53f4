#include "clustermatching.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace compute {

namespace {

// Hungarian algorithm with row and column potentials (Kuhn–Munkres in its shortest-augmenting-path
// form) for rows ≤ cols: each row in turn is added and an augmenting path grows from it along
// zero-reduced-cost edges, so the whole is O(rows² · cols). 1-based internally, slot 0 is the virtual
// start column.
std::vector<int> assignRowsToColumns(const std::vector<double> &cost, int rows, int cols)
{
    const double inf = std::numeric_limits<double>::infinity();
    const auto at = [&](int r, int c) { return cost[std::size_t(r - 1) * std::size_t(cols) + std::size_t(c - 1)]; };
    std::vector<double> rowPotential(std::size_t(rows) + 1, 0.0), colPotential(std::size_t(cols) + 1, 0.0);
    std::vector<int> rowOfColumn(std::size_t(cols) + 1, 0); // 0: the column is free
    std::vector<int> previous(std::size_t(cols) + 1, 0);
    std::vector<double> slack(std::size_t(cols) + 1);
    std::vector<char> visited(std::size_t(cols) + 1);
    for (int r = 1; r <= rows; ++r) {
        rowOfColumn[0] = r;
        int column = 0;
        std::fill(slack.begin(), slack.end(), inf);
        std::fill(visited.begin(), visited.end(), 0);
        do {
            visited[std::size_t(column)] = 1;
            const int row = rowOfColumn[std::size_t(column)];
            double delta = inf;
            int next = 0;
            for (int c = 1; c <= cols; ++c) {
                if (visited[std::size_t(c)])
                    continue;
                const double reduced = at(row, c) - rowPotential[std::size_t(row)] - colPotential[std::size_t(c)];
                if (reduced < slack[std::size_t(c)]) {
                    slack[std::size_t(c)] = reduced;
                    previous[std::size_t(c)] = column;
                }
                if (slack[std::size_t(c)] < delta) {
                    delta = slack[std::size_t(c)];
                    next = c;
                }
            }
            for (int c = 0; c <= cols; ++c) {
                if (visited[std::size_t(c)]) {
                    rowPotential[std::size_t(rowOfColumn[std::size_t(c)])] += delta;
                    colPotential[std::size_t(c)] -= delta;
                } else {
                    slack[std::size_t(c)] -= delta;
                }
            }
            column = next;
        } while (rowOfColumn[std::size_t(column)] != 0);
        // Flip the augmenting path back to the start.
        do {
            const int before = previous[std::size_t(column)];
            rowOfColumn[std::size_t(column)] = rowOfColumn[std::size_t(before)];
            column = before;
        } while (column != 0);
    }
    std::vector<int> result(std::size_t(rows), -1);
    for (int c = 1; c <= cols; ++c) {
        if (rowOfColumn[std::size_t(c)] > 0)
            result[std::size_t(rowOfColumn[std::size_t(c)] - 1)] = c - 1;
    }
    return result;
}

} // namespace

std::vector<int> minimumCostAssignment(const std::vector<double> &cost, int rows, int cols)
{
    if (rows <= 0 || cols <= 0 || cost.size() != std::size_t(rows) * std::size_t(cols))
        return std::vector<int>(std::size_t(std::max(rows, 0)), -1);
    // Non-finite costs would stall the potentials: they become a cost above every finite one.
    double worst = 0;
    bool clean = true;
    for (double c : cost) {
        if (std::isfinite(c))
            worst = std::max(worst, std::abs(c));
        else
            clean = false;
    }
    std::vector<double> finite;
    const std::vector<double> *use = &cost;
    if (!clean) {
        finite = cost;
        for (double &c : finite) {
            if (!std::isfinite(c))
                c = (worst + 1.0) * double(std::max(rows, cols)) * 2.0;
        }
        use = &finite;
    }
    if (rows <= cols)
        return assignRowsToColumns(*use, rows, cols);
    // More rows than columns: assign the columns to rows on the transpose; the rows left over get −1.
    std::vector<double> transposed(use->size());
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c)
            transposed[std::size_t(c) * std::size_t(rows) + std::size_t(r)]
                = (*use)[std::size_t(r) * std::size_t(cols) + std::size_t(c)];
    }
    const std::vector<int> rowOfColumn = assignRowsToColumns(transposed, cols, rows);
    std::vector<int> result(std::size_t(rows), -1);
    for (int c = 0; c < cols; ++c) {
        if (rowOfColumn[std::size_t(c)] >= 0)
            result[std::size_t(rowOfColumn[std::size_t(c)])] = c;
    }
    return result;
}

std::vector<int> matchClusters(std::span<const int> a, std::span<const int> b)
{
    if (a.size() != b.size())
        return {};
    int labelsA = 0, labelsB = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        labelsA = std::max(labelsA, a[i] + 1);
        labelsB = std::max(labelsB, b[i] + 1);
    }
    if (labelsB == 0)
        return {};
    // Contingency table: shared items of b's cluster (row) and a's cluster (column); noise is no cluster.
    std::vector<double> shared(std::size_t(labelsB) * std::size_t(std::max(labelsA, 1)), 0.0);
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] >= 0 && b[i] >= 0)
            shared[std::size_t(b[i]) * std::size_t(labelsA) + std::size_t(a[i])] += 1.0;
    }
    std::vector<int> assignment(std::size_t(labelsB), -1);
    if (labelsA > 0) {
        std::vector<double> cost(shared.size());
        std::transform(shared.begin(), shared.end(), cost.begin(), [](double s) { return -s; });
        assignment = minimumCostAssignment(cost, labelsB, labelsA);
    }
    // A cluster left without a partner, or paired with one it shares nothing with (the assignment
    // pairs every row it can), gets a fresh label: it must not take an unrelated cluster's colour.
    int fresh = labelsA;
    std::vector<int> result(static_cast<std::size_t>(labelsB));
    for (int l = 0; l < labelsB; ++l) {
        const int partner = assignment[std::size_t(l)];
        const bool overlaps = partner >= 0 && shared[std::size_t(l) * std::size_t(labelsA) + std::size_t(partner)] > 0;
        result[std::size_t(l)] = overlaps ? partner : fresh++;
    }
    return result;
}

} // namespace compute
