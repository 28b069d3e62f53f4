#pragma once

#include "map/pointmapdata.h"

#include <QImage>
#include <QRgb>

#include <cstdint>
#include <span>
#include <vector>

// The density (binned) level of detail of the point map: every visible point adds its colour to the
// square bin of `cell` pixels it falls in; a bin is then drawn in the mean colour of its points, more
// opaque the more points it holds (log scale), so 1,000,000 points cost one pass and a dense region
// shows how dense it is instead of the last point drawn.
struct DensityBins
{
    struct Bin
    {
        std::uint32_t count = 0;
        std::uint32_t red = 0, green = 0, blue = 0; // sums over the bin's points
    };
    int cell = 1; // pixels per bin side
    int cols = 0, rows = 0;
    std::vector<Bin> bins; // row-major, cols × rows
    std::uint64_t visible = 0; // points that landed in a bin
    std::uint32_t maxCount = 0;
    std::uint32_t occupied = 0; // bins with at least one point

    const Bin &at(int col, int row) const { return bins[std::size_t(row) * std::size_t(cols) + std::size_t(col)]; }
};

// Bins the points (x[i], y[i]) in colour colors[i] that fall inside a frame of `size` pixels under
// `viewport` (a point is inside when its pixel position p satisfies 0 ≤ p < size on both axes; non-finite
// points never are). Reuses out's storage. Points in a spatial order bin several times faster than in a
// random one (cache locality). Thread-safe for distinct `out`s.
void binPoints(std::span<const float> x, std::span<const float> y, std::span<const QRgb> colors,
    const MapViewport &viewport, QSize size, int cell, DensityBins &out);

// Draws the bins over `image` (RGB32, the frame size): each non-empty bin in its mean colour with opacity
// from minOpacity (one point) up to 1 (the fullest bin), in log(1 + count).
void shadeBins(const DensityBins &bins, QImage &image, double minOpacity = 0.5);
