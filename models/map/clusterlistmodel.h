#pragma once

#include "core/archetypes.h"
#include "map/mappipeline.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>

#include <array>
#include <functional>
#include <vector>

// The clusters of the cluster run on the map, one row each: its colour and name (editable: a rename is
// handed to the owner, who stores it with the run), size, cohesion and, once the points' archetype
// metrics are loaded, each archetype's mean score over the cluster. Noise is one more row when present.
class ClusterListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Size, Cohesion, ArchetypeMeans, ColumnCount };
    enum Role {
        ClusterRole = Qt::UserRole + 1,
        // ArchetypeMeans column: a QVariantList of Archetypes::Count doubles in [0, 1] (NaN: no evaluation)
        MeansRole,
    };

    explicit ClusterListModel(QObject *parent = nullptr);

    // The run's clusters (MapPipeline::clusterInfos), names and, per cluster id, its colour.
    void setClusters(std::vector<MapClusterInfo> infos, const QHash<int, QString> &names, qint64 noise);
    void setColors(std::function<QRgb(int cluster)> color);
    // Per point: its cluster and Archetypes::MetricCount metrics (NaN where missing); averaged per cluster.
    void setArchetypeMetrics(const std::vector<int> &clusters, const std::vector<float> &metrics);
    void setName(int cluster, const QString &name); // after the store accepted a rename

    int clusterAt(int row) const;
    int rowOf(int cluster) const; // −1 if absent
    QString nameOf(int cluster) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

Q_SIGNALS:
    // The operator typed a new name (empty: back to the keywords); the owner stores it, then calls setName.
    void renameRequested(int cluster, const QString &name);

private:
    struct Row
    {
        MapClusterInfo info;
        QString name;
        std::array<double, Archetypes::MetricCount> metricMeans {};
        bool hasMetrics = false;
    };
    QVariant archetypeData(const Row &row, int role) const;

    std::vector<Row> m_rows; // largest first, noise last
    QHash<int, QString> m_keywordNames;
    std::function<QRgb(int)> m_color;
};
