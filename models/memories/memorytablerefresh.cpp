// MemoryTableModel: in-place refresh after a change elsewhere, keeping persistent indexes valid.
#include "memories/memorytablemodel.h"

#include "db/databaseworker.h"

#include <QSet>

void MemoryTableModel::refresh()
{
    // A page still in flight belongs to the old state of the table: drop it and re-read instead.
    const quint64 generation = ++m_generation;
    if (m_similarMode) {
        fetchSimilar(generation, true);
        return;
    }
    setFetching(true);
    const MemoryFilter filter = m_filter;
    const MemorySort sort = m_sort;
    const int limit = std::max(int(m_rows.size()), m_pageSize);
    m_worker->call(
        this,
        [filter, sort, limit](Repository &repository) -> Result<Loaded> {
            Result<MemoryQuery> query = MemoryQuery::on(repository);
            if (!query)
                return query.error();
            return withLastDecay(repository, query->page(filter, sort, {}, limit));
        },
        [this, generation](const Result<Loaded> &loaded) {
            if (generation != m_generation)
                return;
            setFetching(false);
            if (!loaded) {
                Q_EMIT loadFailed(loaded.error().message);
                return;
            }
            m_next = loaded->page.next;
            m_atEnd = loaded->page.next.isNull();
            m_now = QDateTime::currentDateTimeUtc();
            m_lastDecay = loaded->lastDecay; // a restored decay batch drops out, too
            applyFresh(loaded->page.rows);
            Q_EMIT refreshed();
        });
    requestCount();
}

void MemoryTableModel::applyFresh(const QList<MemoryRow> &fresh)
{
    QSet<QUuid> freshIds;
    for (const MemoryRow &row : fresh)
        freshIds.insert(row.id);
    // 1. Rows that are gone, removed in contiguous runs from the bottom up.
    for (int end = int(m_rows.size()) - 1; end >= 0;) {
        if (freshIds.contains(m_rows[end].id)) {
            --end;
            continue;
        }
        int begin = end;
        while (begin > 0 && !freshIds.contains(m_rows[begin - 1].id))
            --begin;
        beginRemoveRows({}, begin, end);
        m_rows.remove(begin, end - begin + 1);
        endRemoveRows();
        end = begin - 1;
    }
    // 2. Both lists share one order (the current sort), so what remains is a subsequence of
    //    `fresh`: walk it and insert the new rows where they belong.
    for (int i = 0; i < fresh.size(); ++i) {
        if (i < m_rows.size() && m_rows[i].id == fresh[i].id) {
            m_rows[i] = fresh[i];
            continue;
        }
        if (i < m_rows.size() && freshIds.contains(m_rows[i].id) && rowOf(fresh[i].id) > i) {
            // The order changed under us (a row's creation time was edited): start over cleanly.
            beginResetModel();
            m_rows = fresh;
            endResetModel();
            return;
        }
        beginInsertRows({}, i, i);
        m_rows.insert(i, fresh[i]);
        endInsertRows();
    }
    if (m_rows.size() > fresh.size()) { // cannot happen after step 1, but never show stale rows
        beginRemoveRows({}, int(fresh.size()), int(m_rows.size()) - 1);
        m_rows.resize(fresh.size());
        endRemoveRows();
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}
