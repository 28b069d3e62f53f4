#pragma once

#include "memories/memoryfilter.h"
#include "db/repository.h"

#include <QCoreApplication>
#include <QVariant>

class Repository;
class QSqlQuery;

// Keyset cursor under any MemorySort: the last row's sort value exactly as the database holds it
// (text on PostgreSQL, so a microsecond timestamp or a double survives the round trip) and its id.
struct MemoryQueryCursor
{
    QVariant value;
    QUuid id;
    bool isNull() const { return id.isNull(); }
};

struct MemoryQueryPage
{
    QList<MemoryRow> rows;
    MemoryQueryCursor next; // null when there are no more rows
};

// The memory grid's queries under a MemoryFilter and MemorySort, on a repository's own connection.
// Every value a user typed is a bound parameter; full-text words are reduced to letters and digits
// without stop words (MemoryFilter::queryWords) before they reach FTS5 or tsquery syntax. A word search
// in MemorySortKey::Relevance order ranks by FTS5 bm25 (SQLite) or ts_rank (PostgreSQL). Paging is keyset only (no
// OFFSET), on indexes that migration 0003 (SQLite) / 0004 (PostgreSQL) creates for each sort.
//
// Thread: use it on the repository's thread (inside DatabaseWorker::run/call). Errors: Result, with
// InvalidInput for a filter that names an unknown metric and Database for what the server refused.
class MemoryQuery
{
    Q_DECLARE_TR_FUNCTIONS(MemoryQuery)

public:
    explicit MemoryQuery(Repository &repository);

    // For DatabaseWorker lambdas: the store on `repository`, or an error if it is not SQL-backed.
    static Result<MemoryQuery> on(Repository &repository);

    Result<MemoryQueryPage> page(
        const MemoryFilter &filter, const MemorySort &sort, const MemoryQueryCursor &after, int limit);
    Result<qint64> count(const MemoryFilter &filter);
    // Every matching id, in no particular order (for "all matching the filter" bulk actions).
    Result<QList<QUuid>> filteredIds(const MemoryFilter &filter);

    // The `limit` memories matching `filter` (its text condition included) nearest to `query` by
    // cosine, best first, without `exclude`. pgvector ranks in the database; otherwise the matching
    // vectors stream through the client once.
    Result<QList<SimilarMemory>> similar(
        const MemoryFilter &filter, const Embedding &query, int limit, const QUuid &exclude = {});
    // A memory's stored embedding ("more like this"); InvalidInput when it has none.
    Result<Embedding> embeddingOf(const QUuid &id);

    // Distinct tones and tags among the newest `sample` memories, for the filter editors' suggestions.
    Result<QStringList> recentTones(int sample = 5000);
    Result<QStringList> recentTags(int sample = 5000);
    // Saved cluster runs, newest first (at most 50), as cluster conditions with cluster 0.
    Result<QList<ClusterCondition>> clusterRuns();

    // The WHERE clause (without the keyword) of a filter over memories aliased "m", and its bindings.
    struct Where
    {
        QString sql;
        QList<std::pair<QString, QVariant>> binds;
    };
    Result<Where> where(const MemoryFilter &filter) const;

private:
    // The full-text query of `words` in the backend's syntax (FTS5 MATCH or tsquery); empty for none.
    QString textQuery(const QStringList &words) const;
    QString textDocument() const; // PostgreSQL: the indexed tsvector expression over memories "m"
    QString sortExpression(MemorySortKey key) const;
    QString sortCast(MemorySortKey key) const; // "::timestamptz" etc. on PostgreSQL

    Repository *m_repository;
};
