#pragma once

#include "map/mapservice.h"
#include "map/pointmaplayout.h"

#include <memory>
#include <vector>

class TaskControl;

// Everything the map page shows of one cluster run: the service's MapResult and the view's layout,
// built on a pool thread after the result, then shared read-only with the UI.
struct MapScene : MapResult
{
    PointMapLayoutPtr layout; // data: x, y, cluster, ids; value = priority, category = tone

    qint64 noiseCount() const;
    // Builds the layout for a run's result (pool thread; the last 5 % of a map task's progress); an error
    // passes through.
    static Result<std::shared_ptr<const MapScene>> build(Result<MapResult> result, TaskControl &control);
    // Builds PointMapData for the run with `value` / `category` colouring arrays (either may be empty).
    static PointMapDataPtr pointData(const ClusterRun &run, std::vector<float> value, std::vector<int> category,
        const QStringList &categoryNames);
};
using MapScenePtr = std::shared_ptr<const MapScene>;
