#pragma once

#include "archetypes/dashboardrecords.h"

#include <QAbstractTableModel>

// The drift table (ArchetypeDashboardService::startDrift): one row per archetype × metric (× evaluator model
// and prompt version), in the service's order, strongest first. Values only, reset by setRows(); a sort proxy
// sorts by SortRole (raw numbers). Lives on the UI thread.
class DriftAlarmModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Archetype, Metric, Version, Baseline, Recent, MeanShift, Ks, PValue, Strength, Alarm, ColumnCount };
    enum Role { SortRole = Qt::UserRole, AlarmRole };

    explicit DriftAlarmModel(QObject *parent = nullptr);

    void setRows(const QList<DriftRow> &rows);
    DriftRow rowAt(int row) const { return m_rows.value(row); }
    int alarmCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<DriftRow> m_rows;
};
