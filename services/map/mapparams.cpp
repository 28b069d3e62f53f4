#include "map/mapparams.h"

#include <algorithm>

namespace {

// The JSON spellings are part of saved runs (and of their parameter hash): never rename one.
struct EnumName
{
    int value;
    const char *key;
};

constexpr EnumName sourceKeys[] = {
    { int(MapSource::Memories), "memories" },
    { int(MapSource::FilteredMemories), "filteredMemories" },
    { int(MapSource::Freelancers), "freelancers" },
    { int(MapSource::Jobs), "jobs" },
};
constexpr EnumName projectionKeys[] = {
    { int(MapProjection::Pca), "pca" },
    { int(MapProjection::NeighbourLayout), "neighbourLayout" },
};
constexpr EnumName clusteringKeys[] = {
    { int(MapClustering::KMeans), "kmeans" },
    { int(MapClustering::KMeansAuto), "kmeansAuto" },
    { int(MapClustering::Density), "density" },
};

template<std::size_t N> QString keyOf(const EnumName (&names)[N], int value)
{
    for (const EnumName &n : names) {
        if (n.value == value)
            return QLatin1String(n.key);
    }
    return QLatin1String(names[0].key);
}

template<std::size_t N> int valueOf(const EnumName (&names)[N], const QJsonValue &json, int fallback)
{
    const QString text = json.toString();
    for (const EnumName &n : names) {
        if (text == QLatin1String(n.key))
            return n.value;
    }
    return fallback;
}

int intOf(const QJsonValue &json, int fallback, int lowest, int highest)
{
    if (!json.isDouble())
        return fallback;
    return std::clamp(json.toInt(fallback), lowest, highest);
}

const QString sourceKey = QStringLiteral("source");
const QString filterKey = QStringLiteral("filter");
const QString projectionKey = QStringLiteral("projection");
const QString clusteringKey = QStringLiteral("clustering");
const QString kKey = QStringLiteral("k");
const QString kMinKey = QStringLiteral("kMin");
const QString kMaxKey = QStringLiteral("kMax");
const QString kChoiceKey = QStringLiteral("kChoice");
const QString minClusterSizeKey = QStringLiteral("minClusterSize");
const QString seedKey = QStringLiteral("seed");

} // namespace

QJsonObject MapParams::toJson() const
{
    QJsonObject json;
    json.insert(sourceKey, keyOf(sourceKeys, int(source)));
    if (source == MapSource::FilteredMemories)
        json.insert(filterKey, filter.toJson());
    json.insert(projectionKey, keyOf(projectionKeys, int(projection)));
    json.insert(clusteringKey, keyOf(clusteringKeys, int(clustering)));
    // Only what the chosen clustering reads, so changing an unused field keeps "the same parameters".
    switch (clustering) {
    case MapClustering::KMeans:
        json.insert(kKey, k);
        break;
    case MapClustering::KMeansAuto:
        json.insert(kMinKey, kMin);
        json.insert(kMaxKey, kMax);
        // How the k is chosen: a run saved when the best silhouette always won (and ran to kMax) is not
        // reused as if it had been chosen this way.
        json.insert(kChoiceKey, QStringLiteral("silhouetteKnee"));
        break;
    case MapClustering::Density:
        json.insert(minClusterSizeKey, minClusterSize);
        break;
    }
    // As a string: a JSON number is a double and would round a 64-bit seed.
    json.insert(seedKey, QString::number(seed));
    return json;
}

QJsonObject MapParams::projectionJson() const
{
    QJsonObject json = toJson();
    for (const QString &key : { clusteringKey, kKey, kMinKey, kMaxKey, kChoiceKey, minClusterSizeKey })
        json.remove(key);
    // 2: the neighbour layout starts from a clustering of its own, not from the chosen one (layouts of
    // version 1 moved with k and are never reused for another k); 3: its points are kept apart.
    json.insert(QStringLiteral("layoutVersion"), 3);
    return json;
}

MapParams MapParams::fromJson(const QJsonObject &json)
{
    MapParams p;
    p.source = MapSource(valueOf(sourceKeys, json.value(sourceKey), int(p.source)));
    if (p.source == MapSource::FilteredMemories)
        p.filter = MemoryFilter::fromJson(json.value(filterKey).toObject());
    p.projection = MapProjection(valueOf(projectionKeys, json.value(projectionKey), int(p.projection)));
    p.clustering = MapClustering(valueOf(clusteringKeys, json.value(clusteringKey), int(p.clustering)));
    p.k = intOf(json.value(kKey), p.k, 1, 1000000);
    p.kMin = intOf(json.value(kMinKey), p.kMin, 2, 1000000);
    p.kMax = intOf(json.value(kMaxKey), p.kMax, 2, 1000000);
    p.minClusterSize = intOf(json.value(minClusterSizeKey), p.minClusterSize, 0, 1000000000);
    bool ok = false;
    const quint64 seed = json.value(seedKey).toString().toULongLong(&ok);
    if (ok)
        p.seed = seed;
    else if (json.value(seedKey).isDouble()) // written by hand or by another tool
        p.seed = quint64(std::max(0.0, json.value(seedKey).toDouble()));
    return p;
}

QString MapParams::describe() const
{
    QString clusteringText;
    switch (clustering) {
    case MapClustering::KMeans:
        clusteringText = tr("k-means (k = %1)").arg(k);
        break;
    case MapClustering::KMeansAuto:
        clusteringText = tr("k-means (k by silhouette)");
        break;
    case MapClustering::Density:
        clusteringText = clusteringName(clustering);
        break;
    }
    // Lower-case phrases of their own, not the names lowered: "PCA" stays upper case, German nouns stay capitalised.
    const QString projectionText
        = projection == MapProjection::Pca ? tr("PCA", "projection, in a run name") : tr("neighbour layout");
    return tr("%1 · %2 · %3").arg(sourceName(source), projectionText, clusteringText);
}

QString MapParams::sourceName(MapSource source)
{
    switch (source) {
    case MapSource::Memories:
        return tr("Memories");
    case MapSource::FilteredMemories:
        return tr("Filtered memories");
    case MapSource::Freelancers:
        return tr("Freelancers");
    case MapSource::Jobs:
        return tr("Jobs");
    }
    return {};
}

QString MapParams::projectionName(MapProjection projection)
{
    switch (projection) {
    case MapProjection::Pca:
        return tr("PCA");
    case MapProjection::NeighbourLayout:
        return tr("Neighbour layout");
    }
    return {};
}

QString MapParams::clusteringName(MapClustering clustering)
{
    switch (clustering) {
    case MapClustering::KMeans:
        return tr("k-means");
    case MapClustering::KMeansAuto:
        return tr("k-means, automatic k");
    case MapClustering::Density:
        return tr("density clusters");
    }
    return {};
}
