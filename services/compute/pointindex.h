#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace compute {

struct Point2
{
    float x = 0;
    float y = 0;
};

// A uniform grid over a 2-D layout for hit-testing: the nearest point to a position, the points in a
// rectangle, the points in a polygon (lasso). Built once per layout (O(n), a counting sort of the points
// by cell, about 4 points per cell); queries touch only the cells they overlap. Immutable after
// construction, so one index may be queried from several threads. Points with a non-finite coordinate
// are never returned. Results are point indices into the arrays the index was built from.
class PointIndex
{
public:
    PointIndex() = default;
    PointIndex(std::span<const float> x, std::span<const float> y, double pointsPerCell = 4.0);

    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    // The point closest to (x, y) within radius (data units), or −1. Ties go to the lower index.
    int nearest(float x, float y, float radius) const;
    // Points with x0 ≤ x ≤ x1 and y0 ≤ y ≤ y1 (either corner order), ascending.
    std::vector<int> inRect(float x0, float y0, float x1, float y1) const;
    // Points inside the closed polygon (even–odd rule; a self-crossing lasso keeps the parts it encloses
    // an odd number of times), ascending. Fewer than three vertices select nothing.
    std::vector<int> inPolygon(std::span<const Point2> polygon) const;

    // The finite points' indices in grid-cell order (row-major cells of a few points each): neighbours in
    // this order are neighbours in the plane, so a renderer walking it writes pixels with good locality.
    std::span<const std::uint32_t> spatialOrder() const { return m_order; }

private:
    int cellX(float x) const;
    int cellY(float y) const;
    template<typename Visit> void visitCells(float x0, float y0, float x1, float y1, Visit &&visit) const;

    std::size_t m_size = 0;
    // CSR by cell: slots m_cellStart[c] .. m_cellStart[c+1] hold cell c's points; m_order maps a slot to
    // the caller's index and m_sx/m_sy are the coordinates in slot order, so a cell scan reads memory in order.
    std::vector<std::uint32_t> m_cellStart;
    std::vector<std::uint32_t> m_order;
    std::vector<float> m_sx, m_sy;
    float m_minX = 0, m_minY = 0, m_cellSize = 1;
    int m_cols = 0, m_rows = 0;
};

// Even–odd point-in-polygon test (the polygon closes from its last vertex to its first).
bool pointInPolygon(std::span<const Point2> polygon, float x, float y);

} // namespace compute
