#pragma once

#include "archetypes/strategyrecords.h"

#include <QAbstractTableModel>

// Memories ranked by priority (StrategyService::priorities' top or at-risk lists, or one side of the
// simulator): rank, summary, stored and decayed priority, each archetype's weighted contribution (for the
// stacked bar: ContributionRole is a QVariantList of eight doubles), long-term / core, and when the decayed
// priority falls under the floor. A long list pages: fetchMore() asks for more through moreWanted(limit) and
// setRows() appends the new tail when the answer starts with what is shown. Values only. UI thread.
class PriorityRowModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Rank, Summary, Contribution, Stored, Decayed, Kind, FallsBelow, ColumnCount };
    enum Role { SortRole = Qt::UserRole, ContributionRole, MemoryIdRole };
    static constexpr int PageSize = 100;

    explicit PriorityRowModel(QObject *parent = nullptr);

    // The answer to a request for `limit` rows (0: a complete list that never pages).
    void setRows(const QList<PriorityRow> &rows, int limit = 0);
    void clear();
    PriorityRow rowAt(int row) const { return m_rows.value(row); }
    int limit() const { return m_limit; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void moreWanted(int limit);

private:
    QList<PriorityRow> m_rows;
    int m_limit = PageSize;
    bool m_more = false;
    bool m_fetching = false;
};
