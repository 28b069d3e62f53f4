#include "map/mapscene.h"

#include <algorithm>

qint64 MapScene::noiseCount() const
{
    return std::count(run.clusters.begin(), run.clusters.end(), -1);
}

PointMapDataPtr MapScene::pointData(
    const ClusterRun &run, std::vector<float> value, std::vector<int> category, const QStringList &categoryNames)
{
    auto data = std::make_shared<PointMapData>();
    data->x = run.x;
    data->y = run.y;
    data->cluster = run.clusters;
    data->value = std::move(value);
    data->category = std::move(category);
    data->categoryNames = categoryNames;
    data->ids.reserve(qsizetype(run.size()));
    for (const QUuid &id : run.memberIds)
        data->ids << id.toString(QUuid::WithoutBraces);
    return data;
}
