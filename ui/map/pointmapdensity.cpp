#include "map/pointmapdensity.h"

#include <algorithm>
#include <cmath>

void binPoints(std::span<const float> x, std::span<const float> y, std::span<const QRgb> colors,
    const MapViewport &viewport, QSize size, int cell, DensityBins &out)
{
    cell = std::max(1, cell);
    out.cell = cell;
    out.cols = (size.width() + cell - 1) / cell;
    out.rows = (size.height() + cell - 1) / cell;
    out.bins.assign(std::size_t(std::max(0, out.cols)) * std::size_t(std::max(0, out.rows)), DensityBins::Bin {});
    out.visible = 0;
    out.maxCount = 0;
    out.occupied = 0;
    const std::size_t n = std::min({ x.size(), y.size(), colors.size() });
    if (out.bins.empty() || n == 0)
        return;

    // Subtract the centre in float first: near the centre that keeps sub-pixel precision at deep zoom.
    const float cx = float(viewport.centerX), cy = float(viewport.centerY), scale = float(viewport.scale);
    const float halfW = size.width() / 2.0f, halfH = size.height() / 2.0f;
    const float w = float(size.width()), h = float(size.height());
    const float inv = 1.0f / float(cell);
    const float *xs = x.data(), *ys = y.data();
    const QRgb *cs = colors.data();
    DensityBins::Bin *bins = out.bins.data();
    const std::size_t cols = std::size_t(out.cols);
    std::uint64_t visible = 0;
    std::uint32_t maxCount = 0, occupied = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const float sx = (xs[i] - cx) * scale + halfW;
        const float sy = halfH - (ys[i] - cy) * scale;
        // The negated form is false for NaN, so a non-finite point is skipped here too.
        if (!(sx >= 0.0f && sx < w && sy >= 0.0f && sy < h))
            continue;
        DensityBins::Bin &bin = bins[std::size_t(sy * inv) * cols + std::size_t(sx * inv)];
        const QRgb c = cs[i];
        occupied += bin.count == 0;
        maxCount = std::max(maxCount, ++bin.count);
        bin.red += qRed(c);
        bin.green += qGreen(c);
        bin.blue += qBlue(c);
        ++visible;
    }
    out.visible = visible;
    out.maxCount = maxCount;
    out.occupied = occupied;
}

void shadeBins(const DensityBins &bins, QImage &image, double minOpacity)
{
    if (bins.maxCount == 0)
        return;
    // Opacity per count through a small table: counts repeat a lot and log() is not free.
    const double logMax = std::log1p(double(bins.maxCount));
    std::vector<std::uint16_t> alphaTable(std::min<std::uint32_t>(bins.maxCount, 4096) + 1);
    const auto alphaFor = [&](std::uint32_t count) {
        const double t = logMax > 0 ? std::log1p(double(count)) / logMax : 1.0;
        return std::uint16_t(std::lround(256.0 * (minOpacity + (1.0 - minOpacity) * t)));
    };
    for (std::size_t c = 1; c < alphaTable.size(); ++c)
        alphaTable[c] = alphaFor(std::uint32_t(c));
    // Walk the bins, not the pixels: one colour per occupied bin, written to its cell × cell pixels.
    const int width = image.width(), height = image.height();
    auto *pixels = reinterpret_cast<QRgb *>(image.bits());
    const qsizetype stride = image.bytesPerLine() / qsizetype(sizeof(QRgb));
    for (int row = 0; row < bins.rows; ++row) {
        const int y0 = row * bins.cell, y1 = std::min(height, y0 + bins.cell);
        const DensityBins::Bin *line = bins.bins.data() + std::size_t(row) * std::size_t(bins.cols);
        for (int col = 0; col < bins.cols; ++col) {
            const DensityBins::Bin &bin = line[col];
            if (bin.count == 0)
                continue;
            const std::uint32_t a = bin.count < alphaTable.size() ? alphaTable[bin.count] : alphaFor(bin.count);
            const std::uint32_t r = bin.red / bin.count, g = bin.green / bin.count, b = bin.blue / bin.count;
            const auto blend = [a](std::uint32_t src, std::uint32_t dst) { return (src * a + dst * (256 - a)) >> 8; };
            const int x0 = col * bins.cell, x1 = std::min(width, x0 + bins.cell);
            for (int y = y0; y < y1; ++y) {
                QRgb *out = pixels + qsizetype(y) * stride;
                for (int x = x0; x < x1; ++x) {
                    const QRgb d = out[x];
                    out[x] = qRgb(int(blend(r, qRed(d))), int(blend(g, qGreen(d))), int(blend(b, qBlue(d))));
                }
            }
        }
    }
}
