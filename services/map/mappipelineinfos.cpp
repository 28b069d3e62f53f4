// The per-cluster infos of a run: written by the pipeline into quality["clusters"], read back by
// MapPipeline::clusterInfos for a finished or reopened run.
#include "map/mappipeline.h"
#include "map/mappipelinestages.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <map>

std::vector<MapClusterInfo> MapPipeline::clusterInfos(const ClusterRun &run)
{
    // What the points themselves say (sizes, centres) first: a run saved by an older Sextant or another
    // tool may lack any of the saved fields, and then these stand in for them.
    std::map<int, MapClusterInfo> byCluster;
    std::map<int, std::pair<double, double>> sums;
    const std::size_t n = std::min({ run.clusters.size(), run.x.size(), run.y.size() });
    for (std::size_t i = 0; i < n; ++i) {
        const int c = run.clusters[i];
        if (c < 0)
            continue;
        MapClusterInfo &info = byCluster[c];
        info.cluster = c;
        ++info.size;
        info.cohesion = NAN;
        sums[c].first += run.x[i];
        sums[c].second += run.y[i];
    }
    for (auto &[c, info] : byCluster) {
        info.centerX = float(sums[c].first / double(info.size));
        info.centerY = float(sums[c].second / double(info.size));
    }

    const QJsonArray saved = run.quality.value(QStringLiteral("clusters")).toArray();
    for (const QJsonValue &value : saved) {
        const QJsonObject object = value.toObject();
        const QJsonValue cluster = object.value(QStringLiteral("cluster"));
        if (!cluster.isDouble() || cluster.toInt(-1) < 0)
            continue;
        MapClusterInfo &info = byCluster[cluster.toInt()];
        if (info.size == 0) { // a cluster the points do not show (a run saved without its points)
            info.cluster = cluster.toInt();
            info.cohesion = NAN;
        }
        const QJsonValue size = object.value(QStringLiteral("size"));
        if (size.isDouble() && info.size == 0)
            info.size = qint64(size.toDouble());
        const QJsonArray words = object.value(QStringLiteral("keywords")).toArray();
        for (const QJsonValue &word : words) {
            if (word.isString())
                info.keywords << word.toString();
        }
        const QJsonValue cohesion = object.value(QStringLiteral("cohesion"));
        if (cohesion.isDouble())
            info.cohesion = cohesion.toDouble();
        const QJsonValue cx = object.value(QStringLiteral("cx")), cy = object.value(QStringLiteral("cy"));
        if (cx.isDouble() && cy.isDouble() && n == 0) {
            info.centerX = float(cx.toDouble());
            info.centerY = float(cy.toDouble());
        }
    }
    std::vector<MapClusterInfo> infos;
    infos.reserve(byCluster.size());
    for (auto &[c, info] : byCluster)
        infos.push_back(std::move(info));
    return infos;
}

QJsonArray MapStages::clusterSummaries(const std::vector<float> &xy, const std::vector<int> &labels, int k,
    const std::vector<std::vector<std::string>> &keywords, const std::vector<double> &cohesion,
    QHash<int, QString> &names, qint64 &noise)
{
    std::vector<double> sumX(std::size_t(k), 0.0), sumY(std::size_t(k), 0.0);
    std::vector<qint64> sizes(std::size_t(k), 0);
    noise = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const int c = labels[i];
        if (c < 0 || c >= k) {
            ++noise;
            continue;
        }
        sumX[std::size_t(c)] += xy[2 * i];
        sumY[std::size_t(c)] += xy[2 * i + 1];
        ++sizes[std::size_t(c)];
    }
    QJsonArray infos;
    for (int c = 0; c < k; ++c) {
        QJsonArray words;
        QStringList top;
        if (std::size_t(c) < keywords.size()) {
            for (const std::string &word : keywords[std::size_t(c)]) {
                words.append(QString::fromStdString(word));
                if (top.size() < 3)
                    top << QString::fromStdString(word);
            }
        }
        if (!top.isEmpty())
            names.insert(c, top.join(QStringLiteral(" · ")));
        const double size = double(std::max<qint64>(sizes[std::size_t(c)], 1));
        const double tight = std::size_t(c) < cohesion.size() ? cohesion[std::size_t(c)] : NAN;
        infos.append(QJsonObject { { QStringLiteral("cluster"), c }, { QStringLiteral("size"), sizes[std::size_t(c)] },
            { QStringLiteral("keywords"), words },
            { QStringLiteral("cohesion"), std::isfinite(tight) ? QJsonValue(tight) : QJsonValue() },
            { QStringLiteral("cx"), sumX[std::size_t(c)] / size },
            { QStringLiteral("cy"), sumY[std::size_t(c)] / size } });
    }
    return infos;
}
