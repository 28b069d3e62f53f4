#pragma once

#include "map/clusterrunstore.h"
#include "map/mapdata.h"
#include "map/mappipeline.h"
#include "map/pointmaplayout.h"

#include <memory>
#include <vector>

// Everything the map page shows of one cluster run: the run (points, clusters, names, quality), what
// the map knows of each point (tooltips, colouring values, search text), the per-cluster list, and the
// view's layout built on a worker. Built on a pool thread, then shared read-only with the UI.
struct MapScene
{
    ClusterRun run;
    MapParams params;
    MapAttributes attributes;
    std::vector<MapClusterInfo> infos;
    PointMapLayoutPtr layout; // data: x, y, cluster, ids; value = priority, category = tone
    bool reused = false; // an earlier saved run with the same parameters on the same data
    double seconds = 0; // from Run to this scene

    qint64 noiseCount() const;
    // Builds PointMapData for the run with `value` / `category` colouring arrays (either may be empty).
    static PointMapDataPtr pointData(const ClusterRun &run, std::vector<float> value, std::vector<int> category,
        const QStringList &categoryNames);
};
using MapScenePtr = std::shared_ptr<const MapScene>;
