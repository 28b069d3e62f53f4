#pragma once

#include "memories/memoryfilter.h"

#include <QCoreApplication>
#include <QJsonObject>

// What a cluster map is made of and how: the points (memories, the browser's filter, freelancers or
// jobs), the 2-D projection and the clustering. A value struct: it crosses to worker threads by value and
// is saved with the run (toJson), so "the same parameters" means the same JSON.
enum class MapSource { Memories, FilteredMemories, Freelancers, Jobs };
enum class MapProjection { Pca, NeighbourLayout };
enum class MapClustering { KMeans, KMeansAuto, Density };

struct MapParams
{
    Q_DECLARE_TR_FUNCTIONS(MapParams)

public:
    MapSource source = MapSource::Memories;
    MemoryFilter filter; // with FilteredMemories only
    MapProjection projection = MapProjection::NeighbourLayout;
    MapClustering clustering = MapClustering::KMeansAuto;
    int k = 24; // KMeans
    int kMin = 8, kMax = 40; // KMeansAuto: the k with the best silhouette on a sample
    int minClusterSize = 0; // Density: 0 = automatic
    quint64 seed = 42;

    bool operator==(const MapParams &) const = default;

    // Every field that changes the result (the filter as MemoryFilter::toJson, only with FilteredMemories).
    QJsonObject toJson() const;
    static MapParams fromJson(const QJsonObject &json);
    // The fields the 2-D projection depends on (source, filter, projection, seed; not the clustering) and
    // the layout's version: runs that share it share their x/y, so a new k is drawn on the same picture.
    QJsonObject projectionJson() const;
    // "Memories · neighbour layout · k-means (k by silhouette)" — a run's default name, translated.
    QString describe() const;
    static QString sourceName(MapSource source);
    static QString projectionName(MapProjection projection);
    static QString clusteringName(MapClustering clustering);
};
