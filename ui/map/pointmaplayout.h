#pragma once

#include "map/pointmapdata.h"

#include <QRectF>

#include <cstdint>
#include <memory>
#include <vector>

namespace compute {
class PointIndex;
}

// Everything PointMapView derives from a data set before it can draw or hit-test it: the spatial index,
// the points in the index's spatial order (what frames walk), the bounds and one label anchor per
// cluster. About 0.1 s at 1,000,000 points, so an owner that builds its data on a worker should build
// this there too (build() is thread-safe) and hand it to PointMapView::setLayout().
struct PointMapLayout
{
    struct Anchor
    {
        int cluster = 0;
        double x = 0, y = 0; // the cluster member nearest the cluster's mean: on the cluster even when it is curved
        std::size_t size = 0;
    };

    PointMapDataPtr data;
    std::shared_ptr<const compute::PointIndex> index;
    std::vector<std::uint32_t> order; // finite points, spatial order → data index
    MapPointSet points; // x and y in `order` (colours are the view's business)
    QRectF bounds; // of the finite points, in layout units; null when there are none
    std::vector<Anchor> anchors; // ascending by cluster; noise (−1) has none

    // Null for null or inconsistent data (see PointMapData::isConsistent).
    static std::shared_ptr<const PointMapLayout> build(PointMapDataPtr data);
};
using PointMapLayoutPtr = std::shared_ptr<const PointMapLayout>;
