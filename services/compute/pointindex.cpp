#include "pointindex.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace compute {

PointIndex::PointIndex(std::span<const float> x, std::span<const float> y, double pointsPerCell)
{
    const std::size_t n = std::min(x.size(), y.size());
    m_size = n;
    float minX = std::numeric_limits<float>::max(), minY = minX;
    float maxX = std::numeric_limits<float>::lowest(), maxY = maxX;
    std::size_t finite = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
            continue;
        ++finite;
        minX = std::min(minX, x[i]);
        maxX = std::max(maxX, x[i]);
        minY = std::min(minY, y[i]);
        maxY = std::max(maxY, y[i]);
    }
    if (finite == 0) {
        m_cellStart.assign(1, 0);
        return;
    }
    // Square cells sized so the bounding box holds about finite / pointsPerCell of them.
    const double width = std::max(double(maxX - minX), 1e-12);
    const double height = std::max(double(maxY - minY), 1e-12);
    const double cells = std::max(1.0, double(finite) / std::max(pointsPerCell, 0.5));
    double size = std::sqrt(width * height / cells);
    size = std::max({ size, width / 4096.0, height / 4096.0, 1e-12 }); // caps the grid at 4096 × 4096
    m_minX = minX;
    m_minY = minY;
    m_cellSize = float(size);
    m_cols = std::max(1, int(std::ceil(width / size)) + 1);
    m_rows = std::max(1, int(std::ceil(height / size)) + 1);

    const std::size_t cellCount = std::size_t(m_cols) * std::size_t(m_rows);
    std::vector<std::uint32_t> cellOf(n, std::numeric_limits<std::uint32_t>::max());
    m_cellStart.assign(cellCount + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
            continue;
        const auto c = std::uint32_t(cellY(y[i]) * m_cols + cellX(x[i]));
        cellOf[i] = c;
        ++m_cellStart[c + 1];
    }
    for (std::size_t c = 0; c < cellCount; ++c)
        m_cellStart[c + 1] += m_cellStart[c];
    std::vector<std::uint32_t> fill(m_cellStart.begin(), m_cellStart.end() - 1);
    m_order.resize(finite);
    m_sx.resize(finite);
    m_sy.resize(finite);
    for (std::size_t i = 0; i < n; ++i) {
        if (cellOf[i] == std::numeric_limits<std::uint32_t>::max())
            continue;
        const std::uint32_t slot = fill[cellOf[i]]++;
        m_order[slot] = std::uint32_t(i);
        m_sx[slot] = x[i];
        m_sy[slot] = y[i];
    }
}

int PointIndex::cellX(float x) const
{
    const double c = std::floor((double(x) - m_minX) / m_cellSize);
    return int(std::clamp(c, 0.0, double(m_cols - 1)));
}

int PointIndex::cellY(float y) const
{
    const double c = std::floor((double(y) - m_minY) / m_cellSize);
    return int(std::clamp(c, 0.0, double(m_rows - 1)));
}

// Calls visit(slotBegin, slotEnd) for every cell overlapping [x0, x1] × [y0, y1].
template<typename Visit> void PointIndex::visitCells(float x0, float y0, float x1, float y1, Visit &&visit) const
{
    if (m_order.empty() || !(x0 <= x1) || !(y0 <= y1))
        return;
    const int cx0 = cellX(x0), cx1 = cellX(x1), cy0 = cellY(y0), cy1 = cellY(y1);
    for (int cy = cy0; cy <= cy1; ++cy) {
        const std::size_t row = std::size_t(cy) * std::size_t(m_cols);
        visit(m_cellStart[row + cx0], m_cellStart[row + cx1 + 1]); // a row's cells are contiguous slots
    }
}

int PointIndex::nearest(float x, float y, float radius) const
{
    if (!std::isfinite(x) || !std::isfinite(y) || !(radius >= 0))
        return -1;
    int best = -1;
    float bestD2 = radius * radius;
    visitCells(x - radius, y - radius, x + radius, y + radius, [&](std::uint32_t begin, std::uint32_t end) {
        for (std::uint32_t s = begin; s < end; ++s) {
            const float dx = m_sx[s] - x, dy = m_sy[s] - y;
            const float d2 = dx * dx + dy * dy;
            const int index = int(m_order[s]);
            if (d2 < bestD2 || (d2 == bestD2 && (best < 0 || index < best))) {
                bestD2 = d2;
                best = index;
            }
        }
    });
    return best;
}

std::vector<int> PointIndex::inRect(float x0, float y0, float x1, float y1) const
{
    if (x1 < x0)
        std::swap(x0, x1);
    if (y1 < y0)
        std::swap(y0, y1);
    std::vector<int> out;
    visitCells(x0, y0, x1, y1, [&](std::uint32_t begin, std::uint32_t end) {
        for (std::uint32_t s = begin; s < end; ++s) {
            if (m_sx[s] >= x0 && m_sx[s] <= x1 && m_sy[s] >= y0 && m_sy[s] <= y1)
                out.push_back(int(m_order[s]));
        }
    });
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<int> PointIndex::inPolygon(std::span<const Point2> polygon) const
{
    std::vector<int> out;
    if (polygon.size() < 3)
        return out;
    float x0 = polygon[0].x, x1 = x0, y0 = polygon[0].y, y1 = y0;
    for (const Point2 &p : polygon) {
        x0 = std::min(x0, p.x);
        x1 = std::max(x1, p.x);
        y0 = std::min(y0, p.y);
        y1 = std::max(y1, p.y);
    }
    visitCells(x0, y0, x1, y1, [&](std::uint32_t begin, std::uint32_t end) {
        for (std::uint32_t s = begin; s < end; ++s) {
            if (m_sx[s] >= x0 && m_sx[s] <= x1 && m_sy[s] >= y0 && m_sy[s] <= y1
                && pointInPolygon(polygon, m_sx[s], m_sy[s]))
                out.push_back(int(m_order[s]));
        }
    });
    std::sort(out.begin(), out.end());
    return out;
}

bool pointInPolygon(std::span<const Point2> polygon, float x, float y)
{
    bool inside = false;
    const std::size_t n = polygon.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const Point2 &a = polygon[i], &b = polygon[j];
        // Half-open in y, so a ray through a vertex counts that vertex once.
        if ((a.y > y) != (b.y > y)) {
            const double t = (double(y) - a.y) / (double(b.y) - a.y);
            if (double(x) < a.x + t * (double(b.x) - a.x))
                inside = !inside;
        }
    }
    return inside;
}

} // namespace compute
