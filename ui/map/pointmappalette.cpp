#include "map/pointmappalette.h"

#include <QtMath>

#include <algorithm>
#include <array>
#include <cmath>

namespace {

struct Lab
{
    double L, a, b;
};

double toLinear(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double fromLinear(double c)
{
    return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}

// OKLab → linear sRGB (Ottosson's published matrices).
std::array<double, 3> labToLinear(const Lab &c)
{
    const double l = std::pow(c.L + 0.3963377774 * c.a + 0.2158037573 * c.b, 3);
    const double m = std::pow(c.L - 0.1055613458 * c.a - 0.0638541728 * c.b, 3);
    const double s = std::pow(c.L - 0.0894841775 * c.a - 1.2914855480 * c.b, 3);
    return { 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
        -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
        -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s };
}

Lab toLab(QRgb rgb)
{
    const double r = toLinear(qRed(rgb) / 255.0), g = toLinear(qGreen(rgb) / 255.0), b = toLinear(qBlue(rgb) / 255.0);
    const double l = std::cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
    const double m = std::cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
    const double s = std::cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
    return { 0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
        1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
        0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s };
}

// The colour of lightness L and hue h (degrees) with the largest chroma ≤ C that sRGB can show.
QRgb fromLch(double L, double C, double hueDegrees)
{
    const double h = qDegreesToRadians(hueDegrees);
    for (double chroma = C; chroma >= 0; chroma -= 0.002) {
        const auto rgb = labToLinear({ L, chroma * std::cos(h), chroma * std::sin(h) });
        if (std::all_of(rgb.begin(), rgb.end(), [](double v) { return v >= -1e-4 && v <= 1 + 1e-4; })) {
            const auto channel = [](double v) { return int(std::lround(fromLinear(std::clamp(v, 0.0, 1.0)) * 255)); };
            return qRgb(channel(rgb[0]), channel(rgb[1]), channel(rgb[2]));
        }
    }
    const int grey = int(std::lround(fromLinear(std::pow(L, 3)) * 255));
    return qRgb(grey, grey, grey);
}

const std::array<QRgb, PointMapPalette::QualitativeCount> &qualitativeTable()
{
    // Hues step by 105° (7/24 of a turn, so all 24 differ) while lightness cycles through three levels;
    // the start and chroma were chosen by maximising the smallest pairwise OKLab distance.
    static const auto table = [] {
        std::array<QRgb, PointMapPalette::QualitativeCount> t {};
        constexpr double levels[3] = { 0.65, 0.78, 0.52 };
        for (int k = 0; k < PointMapPalette::QualitativeCount; ++k)
            t[k] = fromLch(levels[k % 3], 0.13, 300.0 + 105.0 * k);
        return t;
    }();
    return table;
}

const std::array<QRgb, 256> &sequentialTable()
{
    static const auto table = [] {
        std::array<QRgb, 256> t {};
        for (int i = 0; i < 256; ++i) {
            const double s = i / 255.0;
            t[i] = fromLch(0.30 + 0.63 * s, 0.10 + 0.05 * s, 290.0 - 185.0 * s);
        }
        return t;
    }();
    return table;
}

} // namespace

namespace PointMapPalette {

QRgb qualitative(int id)
{
    if (id < 0)
        return qRgb(160, 160, 160);
    return qualitativeTable()[std::size_t(id % QualitativeCount)];
}

QRgb sequential(double t)
{
    if (std::isnan(t))
        return qRgb(170, 170, 170);
    return sequentialTable()[std::size_t(std::lround(std::clamp(t, 0.0, 1.0) * 255))];
}

double lightness(QRgb color)
{
    return toLab(color).L;
}

double distance(QRgb a, QRgb b)
{
    const Lab p = toLab(a), q = toLab(b);
    return std::sqrt((p.L - q.L) * (p.L - q.L) + (p.a - q.a) * (p.a - q.a) + (p.b - q.b) * (p.b - q.b));
}

QRgb mix(QRgb color, QRgb background, double amount)
{
    const auto channel = [amount](int c, int b) { return int(std::lround(c + (b - c) * amount)); };
    return qRgb(channel(qRed(color), qRed(background)), channel(qGreen(color), qGreen(background)),
        channel(qBlue(color), qBlue(background)));
}

} // namespace PointMapPalette
