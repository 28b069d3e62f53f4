#pragma once

#include <QColor>
#include <QRgb>

// Colours of the point map, in OKLab (a perceptually uniform space), generated rather than hand-listed.
namespace PointMapPalette {

// The number of distinct qualitative colours before they repeat.
constexpr int QualitativeCount = 24;

// The colour of cluster or category `id`: 24 colours, 8 hues × 3 lightness levels, spread so any two are
// at least 0.08 apart in OKLab; id → colour is fixed (id mod 24), so a cluster keeps its colour across
// runs, zooms and exports. Negative ids (noise, "no category") are a neutral grey.
QRgb qualitative(int id);

// The perceptual ramp for continuous values, t in [0, 1] (clamped; NaN gives grey): lightness rises
// monotonically from dark violet through blue and green to light yellow, in equal OKLab steps, so equal
// value differences look equally different and the ramp reads in grey scale too.
QRgb sequential(double t);

// OKLab lightness (0 black … 1 white) and distance, for tests and contrast choices.
double lightness(QRgb color);
double distance(QRgb a, QRgb b);

// Mixes color towards background by amount (0: color, 1: background), for dimming points.
QRgb mix(QRgb color, QRgb background, double amount);

} // namespace PointMapPalette
