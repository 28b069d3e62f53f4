#pragma once

#include "map/maplabels.h"
#include "map/pointmapdata.h"
#include "core/result.h"

#include <QHash>
#include <QImage>

#include <memory>
#include <vector>

// A point-map view frozen for export: the data, the colours as drawn, the viewport and the labels.
struct MapExportScene
{
    PointMapDataPtr data;
    std::shared_ptr<const std::vector<QRgb>> colors; // per point, as drawn (dimmed where highlighted)
    std::shared_ptr<const std::vector<int>> emphasis; // drawn on top, undimmed
    MapViewport viewport;
    QSize size;
    QRgb background = qRgb(251, 251, 252);
    std::vector<MapLabel> labels; // in the scene's pixels
};

// Files of the point map. Every writer replaces `path` atomically (nothing is left half-written on
// failure) and returns an Io error naming the file. Any thread (they touch no widget).
namespace MapExport {

Result<void> writePng(const QImage &image, const QString &path);

// A hand-written SVG of the scene: one circle per visible point while there are at most maxCircles of
// them, otherwise the density view as one square per occupied bin of densityCell pixels (so a million
// points give a file of a few megabytes, not hundreds); emphasised points as circles on top (up to
// maxCircles), then the labels as text on a rounded box.
Result<void> writeSvg(
    const MapExportScene &scene, const QString &path, std::size_t maxCircles = 20000, int densityCell = 4);

// CSV (RFC 4180, UTF-8, header "id,x,y,cluster,label") of every point: its id, layout coordinates,
// cluster (−1 for noise, empty if the data has no clusters) and its cluster's label from `labels`.
Result<void> writeCsv(const PointMapData &data, const QHash<int, QString> &labels, const QString &path);

} // namespace MapExport
