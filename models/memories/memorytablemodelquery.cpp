// MemoryTableModel: filter, server-side sort, keyset paging and the match count.
#include "memories/memorytablemodel.h"

#include "db/databaseworker.h"

void MemoryTableModel::setFilter(const MemoryFilter &filter)
{
    if (filter == m_filter)
        return;
    const bool wasRanked = isRankedByRelevance();
    m_filter = filter;
    if (wasRanked != isRankedByRelevance())
        Q_EMIT sortChanged(); // the header's indicator comes or goes with the search words
    if (m_started)
        reload();
}

bool MemoryTableModel::isRankedByRelevance() const
{
    return !m_similarMode && m_sort.key == MemorySortKey::Relevance
        && !MemoryFilter::queryWords(m_filter.text).isEmpty();
}

void MemoryTableModel::setServerSort(const MemorySort &sort)
{
    if (sort == m_sort)
        return;
    m_sort = sort;
    Q_EMIT sortChanged();
    if (m_started && !m_similarMode)
        reload();
}

int MemoryTableModel::sortColumn() const
{
    if (m_similarMode)
        return m_localSortColumn;
    if (m_sort.key == MemorySortKey::Relevance)
        return isRankedByRelevance() ? -1 : Created; // without words, relevance is newest first
    return columnOf(m_sort.key);
}

Qt::SortOrder MemoryTableModel::sortOrder() const
{
    if (m_similarMode)
        return m_localSortOrder;
    if (m_sort.key == MemorySortKey::Relevance)
        return Qt::DescendingOrder;
    return m_sort.descending ? Qt::DescendingOrder : Qt::AscendingOrder;
}

void MemoryTableModel::sort(int column, Qt::SortOrder order)
{
    if (m_similarMode) {
        if (column == m_localSortColumn && order == m_localSortOrder)
            return;
        m_localSortColumn = column;
        m_localSortOrder = order;
        sortLocally();
        Q_EMIT sortChanged();
        return;
    }
    // The view repeats the indicator it was given (enabling sorting does): that is no new order.
    if (m_sort.key == MemorySortKey::Relevance && column == sortColumn() && order == sortOrder())
        return;
    const std::optional<MemorySortKey> key = sortKeyOf(column);
    if (!key) {
        Q_EMIT sortChanged(); // refused: the view puts its indicator back
        return;
    }
    setServerSort(MemorySort { *key, order == Qt::DescendingOrder });
}

void MemoryTableModel::setFetching(bool fetching)
{
    if (fetching == m_fetching)
        return;
    m_fetching = fetching;
    Q_EMIT loadingChanged(fetching);
}

void MemoryTableModel::reload()
{
    // New generation and idle state first: a view reacting to the reset may call fetchMore() from
    // inside endResetModel(), and that request belongs to the new generation.
    const quint64 generation = ++m_generation;
    m_started = true;
    const bool wasFetching = m_fetching;
    m_fetching = false;
    beginResetModel();
    m_rows.clear();
    m_similarity.clear();
    m_lastDecay.clear();
    m_next = {};
    m_atEnd = m_similarMode; // similarity results arrive whole, not by fetchMore()
    m_now = QDateTime::currentDateTimeUtc();
    endResetModel();
    if (wasFetching && !m_fetching)
        Q_EMIT loadingChanged(false);
    if (m_matchCount != -1) {
        m_matchCount = -1;
        Q_EMIT matchCountChanged(-1);
    }
    if (m_similarMode) {
        fetchSimilar(generation, false);
        return;
    }
    fetchMore({});
    requestCount(); // queued behind the first page on the database thread
}

void MemoryTableModel::requestCount()
{
    const quint64 generation = ++m_countGeneration;
    const MemoryFilter filter = m_filter;
    m_worker->call(
        this,
        [filter](Repository &repository) -> Result<qint64> {
            Result<MemoryQuery> query = MemoryQuery::on(repository);
            if (!query)
                return query.error();
            return query->count(filter);
        },
        [this, generation](const Result<qint64> &count) {
            if (generation != m_countGeneration || m_similarMode || !count)
                return; // a failed count leaves "unknown"; the page load reports the error
            m_matchCount = *count;
            Q_EMIT matchCountChanged(m_matchCount);
        });
}

bool MemoryTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_fetching;
}

void MemoryTableModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_atEnd || m_fetching || m_similarMode)
        return;
    setFetching(true);
    const MemoryFilter filter = m_filter;
    const MemorySort sort = m_sort;
    const MemoryQueryCursor after = m_next;
    const int limit = m_pageSize;
    const quint64 generation = m_generation;
    m_worker->call(
        this,
        [filter, sort, after, limit](Repository &repository) -> Result<Loaded> {
            Result<MemoryQuery> query = MemoryQuery::on(repository);
            if (!query)
                return query.error();
            return withLastDecay(repository, query->page(filter, sort, after, limit));
        },
        [this, generation](const Result<Loaded> &loaded) {
            if (generation != m_generation)
                return; // superseded by reload()
            setFetching(false);
            if (!loaded) {
                m_atEnd = true;
                Q_EMIT loadFailed(loaded.error().message);
                return;
            }
            const MemoryQueryPage *page = &loaded->page;
            m_lastDecay.insert(loaded->lastDecay);
            // Cursor first: views may call fetchMore() from inside endInsertRows().
            m_next = page->next;
            m_atEnd = page->next.isNull();
            if (!page->rows.isEmpty()) {
                beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page->rows.size() - 1));
                m_rows.append(page->rows);
                endInsertRows();
            }
            Q_EMIT pageLoaded(int(page->rows.size()));
        });
}
