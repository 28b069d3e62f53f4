#pragma once

#include "archetypes/dashboardrecords.h"

#include <QAbstractTableModel>

// One archetype's distributions over the filtered memories (ArchetypeDashboardService::distributions): a row
// per metric — its four metrics, the archetype priority and the confidence — with the box summary and the share
// of values at exactly 0 or 1; a saturating evaluator is named in the Note column. Values only. UI thread.
class MetricDistributionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Metric, Count, Min, Q1, Median, Q3, Max, Mean, StdDev, AtBounds, Note, ColumnCount };
    enum Role { SortRole = Qt::UserRole, SaturatingRole };

    explicit MetricDistributionModel(QObject *parent = nullptr);

    void setRows(const QList<MetricDistribution> &rows);
    MetricDistribution rowAt(int row) const { return m_rows.value(row); }
    const QList<MetricDistribution> &rows() const { return m_rows; }
    // "Empathy level: 72 % of the values are exactly 0 or 1 — the evaluator saturates." per saturating metric.
    QStringList saturationSentences() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<MetricDistribution> m_rows;
};
