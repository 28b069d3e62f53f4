#pragma once

#include "archetypes/dashboardrecords.h"

#include <QAbstractTableModel>

// The evaluation monitor: evaluated, pending and failed counts per archetype × evaluator model × prompt
// version, as ArchetypeDashboardService::monitor lists them: a row with neither model nor version is the
// archetype's total ("all models", in bold; pending is counted only there). Values only, reset by setRows(). UI
// thread.
class EvaluationMonitorModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Archetype, Model, PromptVersion, Evaluated, Pending, Failed, ColumnCount };
    enum Role { SortRole = Qt::UserRole, ArchetypeRole };

    explicit EvaluationMonitorModel(QObject *parent = nullptr);

    void setRows(const QList<EvaluationMonitorRow> &rows);
    EvaluationMonitorRow rowAt(int row) const { return m_rows.value(row); }
    qint64 total(Column column) const; // the sum of a count column over the archetypes' totals
    static bool isArchetypeTotal(const EvaluationMonitorRow &row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<EvaluationMonitorRow> m_rows;
};
