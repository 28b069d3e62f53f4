#pragma once

#include <QRectF>
#include <QRgb>
#include <QSize>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

// What a point map shows: one entry per point in every non-empty array. Built once by the owner (on any
// thread), then shared read-only through PointMapDataPtr, so render workers never copy it.
struct PointMapData
{
    std::vector<float> x, y; // layout coordinates (y grows upwards); a non-finite point is not drawn
    std::vector<int> cluster; // cluster id, −1 for noise; empty means "no clusters"
    std::vector<float> value; // optional scalar for "colour by value" (NaN: no value)
    std::vector<int> category; // optional category index for "colour by category" (−1: none)
    QStringList categoryNames; // category index → name, for the legend
    QStringList ids; // the owner's ids (memory ids), given back in signals

    std::size_t size() const { return x.size(); }
    // True when x, y and every non-empty optional array have the same length.
    bool isConsistent() const
    {
        const std::size_t n = x.size();
        return y.size() == n && (cluster.empty() || cluster.size() == n) && (value.empty() || value.size() == n)
            && (category.empty() || category.size() == n) && (ids.isEmpty() || std::size_t(ids.size()) == n);
    }
};
using PointMapDataPtr = std::shared_ptr<const PointMapData>;

// Points ready to draw: coordinates and colours in one order. The view passes them in a spatial order
// (neighbours in the plane next to each other), which keeps a frame's pixel writes cache-friendly.
// Shared read-only with render workers.
struct MapPointSet
{
    std::shared_ptr<const std::vector<float>> x, y;
    std::shared_ptr<const std::vector<QRgb>> colors;

    std::size_t size() const { return x && y && colors ? std::min({ x->size(), y->size(), colors->size() }) : 0; }
};

// Which part of the layout the view shows: the layout point at the widget's centre and the zoom in
// pixels per layout unit (equal on both axes, so a layout is never stretched). Pure value; the
// conversions take the widget size so a worker can use them without the widget.
struct MapViewport
{
    double centerX = 0;
    double centerY = 0;
    double scale = 1; // pixels per layout unit

    double toScreenX(double x, const QSize &size) const { return (x - centerX) * scale + size.width() / 2.0; }
    double toScreenY(double y, const QSize &size) const { return size.height() / 2.0 - (y - centerY) * scale; }
    double toDataX(double sx, const QSize &size) const { return (sx - size.width() / 2.0) / scale + centerX; }
    double toDataY(double sy, const QSize &size) const { return centerY - (sy - size.height() / 2.0) / scale; }
    // The layout rectangle the widget shows (left, bottom, width, height in layout units).
    QRectF visibleData(const QSize &size) const
    {
        return QRectF(toDataX(0, size), toDataY(size.height(), size), size.width() / scale, size.height() / scale);
    }
    bool operator==(const MapViewport &) const = default;
};

// How points are coloured.
enum class MapColorMode {
    Cluster, // qualitative palette by cluster id (stable: the same id always gets the same colour)
    Value, // perceptual ramp over the value array's range, with a legend
    Category, // qualitative palette by category index, with a legend
};

// How the frame is drawn: points, or a density image of binned points when they overplot.
enum class MapRenderMode { Auto, Points, Density };
