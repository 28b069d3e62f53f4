#pragma once

#include "matching/matchrecords.h"

#include <QAbstractTableModel>

class MatchService;

// The Matches page's job list: jobs as MatchService::jobs returns them (newest first), with their
// current proposal count and the bias badge. Filter changes reload; fetchMore asks for the next 500 when
// the last answer filled its limit.
class MatchJobListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Title, Category, Region, Budget, Level, Status, Proposals, Bias, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, BiasPendingRole, SortRole };

    explicit MatchJobListModel(MatchService *service, QObject *parent = nullptr);

    void setFilter(const MatchJobFilter &filter);
    const MatchJobFilter &filter() const { return m_filter; }
    void reload();
    bool isLoading() const { return m_loading; }

    const MatchJobRow &job(int row) const { return m_rows.at(row); }
    int rowOf(const QUuid &id) const; // -1 when not listed

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString &message);

private:
    void load(int limit);

    MatchService *m_service;
    MatchJobFilter m_filter;
    QList<MatchJobRow> m_rows;
    int m_limit = 500;
    bool m_loading = false;
    bool m_full = false; // the last answer filled its limit: more may exist
    quint64 m_generation = 0;
};
