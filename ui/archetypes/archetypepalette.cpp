#include "archetypes/archetypepalette.h"

#include "core/archetypes.h"

#include <algorithm>
#include <array>

namespace ArchetypePalette {

namespace {
// Okabe–Ito colours, chosen because they stay distinguishable for the common forms of colour
// blindness; its black is replaced by a slate grey that still reads as a bar fill.
constexpr std::array<QRgb, Archetypes::Count> Colors {
    0xD55E00, // Ella-M vermillion
    0x0072B2, // Ella-O blue
    0xCC79A7, // Ella-D reddish purple
    0xE69F00, // Ella-X orange
    0x5E6B7A, // Ella-H slate
    0x56B4E9, // Ella-R sky blue
    0x009E73, // Ella-A bluish green
    0xC9B800, // Ella-F yellow, darkened so it is visible on white
};
} // namespace

QColor color(int archetype)
{
    if (archetype < 0 || archetype >= Archetypes::Count)
        return QColor(Qt::gray);
    return QColor::fromRgb(Colors[std::size_t(archetype)]);
}

QColor shade(int archetype, int index, int count)
{
    const QColor base = color(archetype);
    if (count <= 1)
        return base;
    float hue = 0;
    float saturation = 0;
    float lightness = 0;
    base.getHslF(&hue, &saturation, &lightness);
    // Spread from darker to lighter around the base, staying away from black and white.
    const float step = 0.36f / float(count - 1);
    const float target = std::clamp(lightness - 0.18f + step * float(index), 0.15f, 0.80f);
    return QColor::fromHslF(hue, saturation, target);
}

Qt::PenStyle penStyle(int index)
{
    static constexpr std::array<Qt::PenStyle, 4> Styles { Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine };
    return Styles[std::size_t(index) % Styles.size()];
}

} // namespace ArchetypePalette
