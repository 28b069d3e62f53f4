// MemoryTableModel: similarity mode (semantic search and "more like this") and its local sort.
#include "memories/memorytablemodel.h"

#include "db/databaseworker.h"

#include <algorithm>
#include <numeric>

void MemoryTableModel::showSimilar(const Embedding &query, const QUuid &exclude, int limit)
{
    m_similarQuery = query;
    m_similarExclude = exclude;
    m_similarLimit = std::max(1, limit);
    m_localSortColumn = Similarity;
    m_localSortOrder = Qt::DescendingOrder;
    const bool changed = !m_similarMode;
    m_similarMode = true;
    reload();
    if (changed)
        Q_EMIT similarityModeChanged(true);
    Q_EMIT sortChanged();
}

void MemoryTableModel::showMoreLike(const QUuid &id, int limit)
{
    // The vector is read on the database thread first; a reload meanwhile makes this one stale.
    const quint64 generation = ++m_generation;
    setFetching(true);
    m_worker->call(
        this,
        [id](Repository &repository) -> Result<Embedding> {
            Result<MemoryQuery> query = MemoryQuery::on(repository);
            if (!query)
                return query.error();
            return query->embeddingOf(id);
        },
        [this, generation, id, limit](const Result<Embedding> &embedding) {
            if (generation != m_generation)
                return;
            setFetching(false);
            if (!embedding) {
                Q_EMIT loadFailed(embedding.error().message);
                return;
            }
            showSimilar(*embedding, id, limit);
        });
}

void MemoryTableModel::showAll()
{
    if (!m_similarMode)
        return;
    m_similarMode = false;
    m_similarQuery.clear();
    m_similarExclude = {};
    reload();
    Q_EMIT similarityModeChanged(false);
    Q_EMIT sortChanged();
}

void MemoryTableModel::fetchSimilar(quint64 generation, bool merge)
{
    setFetching(true);
    const MemoryFilter filter = m_filter;
    const Embedding query = m_similarQuery;
    const QUuid exclude = m_similarExclude;
    const int limit = m_similarLimit;
    m_worker->call(
        this,
        [filter, query, exclude, limit](Repository &repository) -> Result<LoadedSimilar> {
            Result<MemoryQuery> store = MemoryQuery::on(repository);
            if (!store)
                return store.error();
            return withLastDecay(repository, store->similar(filter, query, limit, exclude));
        },
        [this, generation, merge](const Result<LoadedSimilar> &loaded) {
            if (generation != m_generation)
                return;
            setFetching(false);
            if (!loaded) {
                Q_EMIT loadFailed(loaded.error().message);
                return;
            }
            m_lastDecay = loaded->lastDecay; // before the rows arrive, so they show the right priority
            acceptSimilar(loaded->found, merge);
        });
}

void MemoryTableModel::acceptSimilar(const QList<SimilarMemory> &found, bool merge)
{
    QList<MemoryRow> rows;
    rows.reserve(found.size());
    m_similarity.clear();
    for (const SimilarMemory &s : found) {
        rows << s.row;
        m_similarity.insert(s.row.id, s.similarity);
    }
    m_atEnd = true;
    if (merge) {
        m_now = QDateTime::currentDateTimeUtc();
        applyFresh(rows);
    } else if (!rows.isEmpty()) {
        beginInsertRows({}, 0, int(rows.size()) - 1);
        m_rows = rows;
        endInsertRows();
    }
    if (m_localSortColumn != Similarity || m_localSortOrder != Qt::DescendingOrder)
        sortLocally();
    m_matchCount = m_rows.size();
    Q_EMIT matchCountChanged(m_matchCount);
    if (merge)
        Q_EMIT refreshed();
    else
        Q_EMIT pageLoaded(int(rows.size()));
}

void MemoryTableModel::sortLocally()
{
    // Every result is loaded, so ordering them here is exact (unlike sorting a prefix of a paged table).
    QList<int> order(m_rows.size());
    std::iota(order.begin(), order.end(), 0);
    const int column = m_localSortColumn;
    const bool descending = m_localSortOrder == Qt::DescendingOrder;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const QVariant va = data(index(a, column), SortRole), vb = data(index(b, column), SortRole);
        const QPartialOrdering c = QVariant::compare(va, vb);
        return descending ? c == QPartialOrdering::Greater : c == QPartialOrdering::Less;
    });
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<int> newRowOf(m_rows.size());
    QList<MemoryRow> sorted;
    sorted.reserve(m_rows.size());
    for (int i = 0; i < order.size(); ++i) {
        newRowOf[order[i]] = i;
        sorted << m_rows[order[i]];
    }
    m_rows = sorted;
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &old : before)
        after << index(newRowOf[old.row()], old.column());
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}
