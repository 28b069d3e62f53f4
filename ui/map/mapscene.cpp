#include "map/mapscene.h"
#include "tasks/taskcontrol.h"

#include <QCoreApplication>

#include <algorithm>

qint64 MapScene::noiseCount() const
{
    return std::count(run.clusters.begin(), run.clusters.end(), -1);
}

Result<MapScenePtr> MapScene::build(Result<MapResult> result, TaskControl &control)
{
    if (!result)
        return result.error();
    control.setStatus(QCoreApplication::translate("MapScene", "Laying out the map"));
    auto scene = std::make_shared<MapScene>();
    static_cast<MapResult &>(*scene) = std::move(result.value());
    std::vector<int> tones = scene->attributes.tone;
    if (tones.size() != scene->run.size())
        tones.clear();
    std::vector<float> priority = scene->attributes.priority;
    if (priority.size() != scene->run.size())
        priority.clear();
    scene->layout = PointMapLayout::build(
        pointData(scene->run, std::move(priority), std::move(tones), scene->attributes.toneNames));
    control.setProgress(1.0);
    return MapScenePtr(std::move(scene));
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
