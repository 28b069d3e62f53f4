#include "map/pointmaprenderer.h"

#include <algorithm>
#include <cmath>

namespace {

// A disc's coverage (0..256) on a (2k+1)² pixel grid for a centre at the pixel centre; sub-pixel
// placement is not worth a second rasterisation per point at these sizes.
struct Stamp
{
    int half = 0;
    std::vector<std::uint16_t> coverage;
};

Stamp makeStamp(double radius, double opacity)
{
    Stamp stamp;
    stamp.half = int(std::ceil(radius));
    const int side = 2 * stamp.half + 1;
    stamp.coverage.resize(std::size_t(side) * std::size_t(side));
    for (int dy = -stamp.half; dy <= stamp.half; ++dy) {
        for (int dx = -stamp.half; dx <= stamp.half; ++dx) {
            // 4 × 4 supersampling of the pixel square against the disc.
            int inside = 0;
            for (int sy = 0; sy < 4; ++sy) {
                for (int sx = 0; sx < 4; ++sx) {
                    const double px = dx - 0.375 + sx * 0.25, py = dy - 0.375 + sy * 0.25;
                    inside += px * px + py * py <= radius * radius;
                }
            }
            stamp.coverage[std::size_t((dy + stamp.half) * side + dx + stamp.half)]
                = std::uint16_t(std::lround(inside / 16.0 * opacity * 256));
        }
    }
    return stamp;
}

inline void blendPixel(QRgb &dst, QRgb src, std::uint32_t a)
{
    const auto mixc = [a](std::uint32_t s, std::uint32_t d) { return (s * a + d * (256 - a)) >> 8; };
    dst = qRgb(int(mixc(qRed(src), qRed(dst))), int(mixc(qGreen(src), qGreen(dst))), int(mixc(qBlue(src), qBlue(dst))));
}

} // namespace

double PointMapRenderer::radiusFor(std::uint64_t visible)
{
    if (visible <= 5000)
        return 3.5;
    if (visible <= 20000)
        return 2.8;
    if (visible <= 80000)
        return 2.2;
    return 1.5;
}

MapFrame PointMapRenderer::render(const MapFrameRequest &request)
{
    MapFrame frame;
    frame.viewport = request.viewport;
    frame.generation = request.generation;
    frame.image = QImage(request.size, QImage::Format_RGB32);
    frame.image.fill(request.background);
    const std::size_t n = request.points.size();
    if (n == 0 || request.size.isEmpty())
        return frame;

    // One binning pass gives the visible count (and, for the density view, the picture itself).
    binPoints(std::span(request.points.x->data(), n), std::span(request.points.y->data(), n),
        std::span(request.points.colors->data(), n), request.viewport, request.size, 1, m_bins);
    frame.visible = m_bins.visible;
    // Few points are always drawn as discs: a density view of a few thousand points in tight groups
    // would shade a handful of pixels faintly and hide them.
    const bool overplots = m_bins.visible > DiscsAlwaysUpTo && m_bins.occupied > 0
        && double(m_bins.visible) / m_bins.occupied > 3.0;
    const bool points = request.mode == MapRenderMode::Points
        || (request.mode == MapRenderMode::Auto && m_bins.visible <= PointsLimit && !overplots);
    if (points) {
        frame.mode = MapRenderMode::Points;
        frame.pointRadius = radiusFor(m_bins.visible);
        drawDiscs(request.points, request.viewport, frame.pointRadius, frame.image);
    } else {
        frame.mode = MapRenderMode::Density;
        shadeBins(m_bins, frame.image);
    }
    if (request.emphasis.size() > 0)
        drawDiscs(request.emphasis, request.viewport, std::max(radiusFor(request.emphasis.size()), 2.0), frame.image);
    return frame;
}

// Draws every visible point as a disc in its colour, in the set's order.
void PointMapRenderer::drawDiscs(
    const MapPointSet &points, const MapViewport &viewport, double radius, QImage &image) const
{
    const float *xs = points.x->data(), *ys = points.y->data();
    const QRgb *colors = points.colors->data();
    const Stamp stamp = makeStamp(radius, 0.9);
    const int side = 2 * stamp.half + 1;
    const int width = image.width(), height = image.height();
    const float cx = float(viewport.centerX), cy = float(viewport.centerY);
    const float scale = float(viewport.scale);
    const float halfW = width / 2.0f, halfH = height / 2.0f;
    const float margin = float(stamp.half + 1);
    auto *pixels = reinterpret_cast<QRgb *>(image.bits());
    const qsizetype stride = image.bytesPerLine() / qsizetype(sizeof(QRgb));
    const std::size_t n = points.size();

    for (std::size_t i = 0; i < n; ++i) {
        const float sx = (xs[i] - cx) * scale + halfW;
        const float sy = halfH - (ys[i] - cy) * scale;
        if (!(sx >= -margin && sx < width + margin && sy >= -margin && sy < height + margin))
            continue;
        const int px = int(std::floor(sx)), py = int(std::floor(sy));
        const QRgb color = colors[i];
        const int y0 = std::max(0, py - stamp.half), y1 = std::min(height - 1, py + stamp.half);
        const int x0 = std::max(0, px - stamp.half), x1 = std::min(width - 1, px + stamp.half);
        for (int y = y0; y <= y1; ++y) {
            QRgb *line = pixels + qsizetype(y) * stride;
            const std::uint16_t *cov = stamp.coverage.data() + std::size_t((y - py + stamp.half) * side);
            for (int x = x0; x <= x1; ++x) {
                const std::uint32_t a = cov[x - px + stamp.half];
                if (a)
                    blendPixel(line[x], color, a);
            }
        }
    }
}
