#pragma once

#include "map/pointmapdata.h"
#include "map/pointmapdensity.h"

#include <QImage>

#include <memory>
#include <vector>

// One frame to render: everything a worker thread needs, by value or shared read-only.
struct MapFrameRequest
{
    MapPointSet points; // colours already dimmed where a highlight dims them
    MapPointSet emphasis; // drawn again on top, undimmed (highlight, selection)
    MapViewport viewport;
    QSize size;
    MapRenderMode mode = MapRenderMode::Auto;
    QRgb background = qRgb(251, 251, 252);
    quint64 generation = 0; // lets the widget drop frames that a newer request superseded
};

struct MapFrame
{
    QImage image; // RGB32, request.size
    MapViewport viewport;
    MapRenderMode mode = MapRenderMode::Points; // what was drawn: Points or Density
    std::uint64_t visible = 0; // points inside the frame
    double pointRadius = 0; // in pixels, for Points frames
    quint64 generation = 0;
};

// Renders point-map frames into QImages by writing pixels directly (no QPainter per point). Auto picks
// the level of detail: anti-aliased discs while the visible points are few enough not to overplot,
// otherwise the density view. A renderer keeps its bin buffer between frames, so give each thread its own;
// render() itself touches no widget and no shared state.
class PointMapRenderer
{
public:
    // Auto draws discs up to this many visible points (and only while they overplot little).
    static constexpr std::uint64_t PointsLimit = 150000;
    static constexpr std::uint64_t DiscsAlwaysUpTo = 20000; // however much they overplot

    MapFrame render(const MapFrameRequest &request);

    // The disc radius in pixels used for `visible` points.
    static double radiusFor(std::uint64_t visible);

private:
    void drawDiscs(const MapPointSet &points, const MapViewport &viewport, double radius, QImage &image) const;

    DensityBins m_bins;
};
