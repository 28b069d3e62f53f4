#pragma once

#include "review/reviewrecords.h"

#include <QAbstractTableModel>
#include <QSet>

class ReviewService;

// The review queue: proposed matches as ReviewService::queue returns them (grouped by job, in ranking order),
// a page at a time (fetchMore asks for the next page when the last answer filled its limit), with the
// counts per state under the same filter. reload() merges the new answer into the rows (insert, remove,
// dataChanged) so the operator's current row and scroll survive decisions by others; rows the operator
// decided through applyDecision() stay until the filter changes, even once the filter no longer lists them.
// Lives on the UI thread.
class ReviewQueueModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Job, Rank, Freelancer, Score, Confidence, State, Decision, Version, Region, Category, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, MatchIdRole, JobIdRole, StateRole, GroupStartRole, BiasRole };
    static constexpr int PageSize = 100;

    explicit ReviewQueueModel(ReviewService *service, QObject *parent = nullptr);

    // Replaces the rows with the first page under `filter` (its limit is the model's to set).
    void setFilter(const ReviewQueueFilter &filter);
    const ReviewQueueFilter &filter() const { return m_filter; }
    // Asks again for as many rows as are loaded and merges the answer; the counts follow.
    void reload();
    bool isLoading() const { return m_loading; }

    const ReviewItem &item(int row) const { return m_rows.at(row); }
    const QList<ReviewItem> &items() const { return m_rows; }
    int rowOf(const QUuid &matchId) const; // -1 when not listed
    ReviewCounts counts() const { return m_counts; }
    // The operator's own decision, shown at once (the queue's answer confirms it later).
    void applyDecision(const ReviewRecord &record);

    static QString stateName(ReviewState state); // translated
    static QString decisionName(ReviewDecision decision); // translated

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    // The next page as soon as it can be asked for: now, or when the load in flight (a reload after a save,
    // which canFetchMore waits for) has answered. For an operator nearing the end of the loaded rows.
    void requestMore();

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString &message);
    void countsChanged(const ReviewCounts &counts);

private:
    void load(int limit, bool merge);
    void loadCounts();
    void merge(const QList<ReviewItem> &rows);
    void emitRowChanged(int row);
    void emitJobChanged(int row);

    ReviewService *m_service;
    ReviewQueueFilter m_filter;
    QList<ReviewItem> m_rows;
    QSet<QUuid> m_pinned; // decided here under this filter: kept in place until the filter changes
    ReviewCounts m_counts;
    int m_limit = PageSize;
    bool m_loading = false;
    bool m_full = false; // the last answer filled its limit: more may exist
    bool m_moreWanted = false; // requestMore while loading: fetch when the answer is in
    quint64 m_generation = 0;
    quint64 m_countGeneration = 0;
};
