#pragma once

#include "archetypes/evaluationoutcome.h"

#include <QAbstractTableModel>

// Evaluation failures, newest first (ArchetypeDashboardService::failures), a page at a time: the view's
// fetchMore() asks for a longer list through moreWanted(limit) and setRows() keeps the rows it has and appends
// the new tail, so the selection survives. Raw reply and reason are in roles for the detail. UI thread.
class EvaluationFailureModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { When, Memory, Model, PromptVersion, Attempts, Reason, ColumnCount };
    enum Role { SortRole = Qt::UserRole, MemoryIdRole, RawReplyRole, ReasonRole };
    static constexpr int PageSize = 200;

    explicit EvaluationFailureModel(QObject *parent = nullptr);

    // The answer to a request for `limit` rows; fewer than asked means there are no more.
    void setRows(const QList<EvaluationFailure> &rows, int limit);
    void clear();
    EvaluationFailure rowAt(int row) const { return m_rows.value(row); }
    int limit() const { return m_limit; } // what the next reload should ask for to keep what is shown

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void moreWanted(int limit);

private:
    QList<EvaluationFailure> m_rows;
    int m_limit = PageSize;
    bool m_more = false;
    bool m_fetching = false;
};
