#pragma once

#include "archetypes/strategyrecords.h"

#include <QAbstractTableModel>

// The weighting strategies (StrategyService::strategies, built-in first): name, the eight weights in one line,
// whether the stored priorities were computed with it, who made it and when. Values only. UI thread.
class StrategyListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Weights, Applied, CreatedBy, ColumnCount };
    enum Role { SortRole = Qt::UserRole, IdRole };

    explicit StrategyListModel(QObject *parent = nullptr);

    void setStrategies(const QList<WeightingStrategy> &strategies);
    WeightingStrategy strategyAt(int row) const { return m_strategies.value(row); }
    const QList<WeightingStrategy> &strategies() const { return m_strategies; }
    int rowOf(const QUuid &id, const QString &name = {}) const; // by id, or by name for the built-in; −1 if absent
    static QString weightsText(const std::array<double, Archetypes::Count> &weights); // "M .20 · O .18 · …"

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<WeightingStrategy> m_strategies;
};
