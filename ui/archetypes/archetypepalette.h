#pragma once

#include <QColor>
#include <Qt>

// One colour per archetype, shared by every page so that Ella-M looks the same in the evaluation
// chart, the history chart and anywhere else an archetype is drawn.
namespace ArchetypePalette {

// The base colour of an archetype (Archetypes::Id); an out-of-range id gets neutral grey.
QColor color(int archetype);

// A variant of the archetype's colour for the index-th of count series that belong to it (lines of
// one archetype's metrics), spread in lightness so neighbouring lines stay apart.
QColor shade(int archetype, int index, int count);

// A pen style per series index, so series stay distinguishable without relying on colour alone.
Qt::PenStyle penStyle(int index);

} // namespace ArchetypePalette
