#pragma once

#include "archetypes/strategyrecords.h"

#include <QAbstractTableModel>

// The memories a strategy preview moves most (StrategyPreview::up or ::down): rank today → proposed, priority
// before → after, and why — the archetype whose weighted contribution changed most. Values only. UI thread.
class RankMoveModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Summary, Ranks, Priorities, Why, ColumnCount };
    enum Role { SortRole = Qt::UserRole, MemoryIdRole, ArchetypeRole };

    explicit RankMoveModel(QObject *parent = nullptr);

    void setMoves(const QList<RankMove> &moves);
    RankMove moveAt(int row) const { return m_moves.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<RankMove> m_moves;
};
