#pragma once

#include "core/memory.h"
#include "memories/memoryfilter.h"
#include "memories/memoryquery.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QTimer>

class DatabaseWorker;

// The memories grid. Browsing: pages through the memories matching a MemoryFilter in a server-side
// MemorySort with keyset cursors via canFetchMore/fetchMore (MemoryQuery); header clicks (sort())
// re-sort on the server. Similarity: the top-k memories nearest a vector within the same filter,
// best first, with a Similarity column; they are all loaded, so sort() orders them locally.
// Queries run on the database thread; the model lives on the UI thread and only merges what comes
// back. Every reload bumps a generation id so a page still in flight from before is dropped.
class MemoryTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Created,
        Summary, // the summary, or else the reply's first line in the palette's placeholder colour
        Prompt, // the prompt's first line; the page hides it until asked
        Session,
        User,
        Tags,
        Tone,
        Priority,
        LongTerm,
        Core,
        Archived,
        TopArchetype,
        LastAccessed,
        Similarity, // empty while browsing
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole, IdRole, RawPriorityRole, SimilarityRole };

    explicit MemoryTableModel(DatabaseWorker *worker, QObject *parent = nullptr);

    void setPageSize(int rows) { m_pageSize = std::max(1, rows); }
    int pageSize() const { return m_pageSize; }
    bool isLoading() const { return m_fetching; }
    bool atEnd() const { return m_atEnd; }
    QUuid idAt(int row) const;
    int rowOf(const QUuid &id) const;

    // What and in which order. Setting either reloads once the model has loaded (a similarity search
    // reruns within the filter); before the first reload() they only set what it will ask for.
    const MemoryFilter &filter() const { return m_filter; }
    void setFilter(const MemoryFilter &filter);
    const MemorySort &serverSort() const { return m_sort; }
    void setServerSort(const MemorySort &sort);
    static std::optional<MemorySortKey> sortKeyOf(int column); // nullopt: not sortable on the server
    static int columnOf(MemorySortKey key); // -1 for Relevance
    // The view's header: the column and order the rows are in now; -1 while a word search is ranked
    // by relevance (no column holds the rank).
    int sortColumn() const;
    bool isRankedByRelevance() const; // a word search in MemorySortKey::Relevance order
    Qt::SortOrder sortOrder() const;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Similarity mode: the `limit` memories matching the filter nearest to `query`, without `exclude`.
    void showSimilar(const Embedding &query, const QUuid &exclude = {}, int limit = DefaultSimilarLimit);
    // "More like this": the same from a memory's stored embedding (read on the database thread).
    void showMoreLike(const QUuid &id, int limit = DefaultSimilarLimit);
    void showAll(); // back to browsing
    bool isSimilarityMode() const { return m_similarMode; }
    static constexpr int DefaultSimilarLimit = 100;

    // How many memories match the filter (browsing) or were found (similarity); -1 while unknown.
    qint64 matchCount() const { return m_matchCount; }

    void reload();
    // Re-reads the rows on screen (as many as are loaded) and merges them in place: inserted rows
    // appear, deleted ones go, changed ones update, and the view keeps its selection and scroll.
    // Runs by itself, coalesced, when the database announces a change to memories or their
    // evaluations and links, and after a lost connection comes back.
    void refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    void pageLoaded(int rowsAdded);
    void loadFailed(const QString &message);
    void refreshed();
    void matchCountChanged(qint64 count);
    void similarityModeChanged(bool similar);
    void sortChanged(); // sortColumn()/sortOrder() changed, or a click on an unsortable column was refused

private:
    // Rows as read on the database thread, with when a decay pass last wrote each one's priority.
    struct Loaded
    {
        MemoryQueryPage page;
        QHash<QUuid, QDateTime> lastDecay;
    };
    struct LoadedSimilar
    {
        QList<SimilarMemory> found;
        QHash<QUuid, QDateTime> lastDecay;
    };
    // Database thread: `page` (or its error) with the decay passes of its rows.
    static Result<Loaded> withLastDecay(Repository &repository, Result<MemoryQueryPage> page);
    static Result<LoadedSimilar> withLastDecay(Repository &repository, Result<QList<SimilarMemory>> found);

    double effectivePriority(const MemoryRow &row) const;
    QDateTime decayedSince(const MemoryRow &row) const;
    void applyFresh(const QList<MemoryRow> &fresh);
    void setFetching(bool fetching);
    void requestCount();
    void fetchSimilar(quint64 generation, bool merge);
    void acceptSimilar(const QList<SimilarMemory> &found, bool merge);
    void sortLocally();

    DatabaseWorker *m_worker;
    QList<MemoryRow> m_rows;
    MemoryFilter m_filter;
    MemorySort m_sort;
    MemoryQueryCursor m_next;
    bool m_atEnd = false;
    bool m_fetching = false;
    bool m_started = false; // reload() ran: filter and sort changes reload from then on
    quint64 m_generation = 0;
    quint64 m_countGeneration = 0;
    int m_pageSize = 200;
    qint64 m_matchCount = -1;
    QDateTime m_now; // "now" for the decay in the Priority column, fixed per reload so rows agree
    // When a maintenance decay pass last wrote a loaded row's priority (absent: never). The stored
    // priority already holds the decay up to then, so the column decays only from the later of this
    // and the last access.
    QHash<QUuid, QDateTime> m_lastDecay;

    bool m_similarMode = false;
    Embedding m_similarQuery;
    QUuid m_similarExclude;
    int m_similarLimit = DefaultSimilarLimit;
    QHash<QUuid, double> m_similarity;
    int m_localSortColumn = Similarity;
    Qt::SortOrder m_localSortOrder = Qt::DescendingOrder;

    QTimer m_refreshTimer; // coalesces bursts of change notices into one refresh
};
