#pragma once

#include "core/result.h"
#include "db/records.h"

#include <QVariant>

class Repository;

// Nearest memories by cosine under a filter, ranked by pgvector in the database, that come back complete:
// `limit` rows whenever at least that many match.
//
// Why not plain `WHERE filter ORDER BY embedding <=> q LIMIT k`: an HNSW index scan collects
// hnsw.ef_search candidates (40 by default) and stops, and the filter runs on those alone, so a selective
// filter, or a k above ef_search, quietly returns fewer rows. Therefore:
//  - few matching rows (up to ExactUpTo): no index at all; an exact scan of them is cheap and exact;
//  - otherwise the index, with pgvector 0.8's iterative scan (it keeps walking the graph until k rows pass
//    the filter, up to hnsw.max_scan_tuples) or, on older pgvector, hnsw.ef_search raised to its maximum;
//  - then a check: when fewer than k came back and more match, the exact scan runs instead.
// The settings are SET LOCAL inside one transaction; inside a caller's transaction they last until it ends.
namespace VectorSearch {

enum class Scan {
    Auto, // as described above
    Exact, // every matching row, sorted: what the other three are compared against
    Iterative, // hnsw.iterative_scan = relaxed_order (pgvector >= 0.8), re-sorted after the LIMIT
    Bounded, // hnsw.ef_search = 1000 without iterative scans (pgvector < 0.8)
};

constexpr qint64 ExactUpTo = 2000;

// Iterative from pgvector 0.8.0 on, Bounded before ("0.7.4" → Bounded).
Scan indexScanFor(const QString &pgvectorVersion);

struct Nearest
{
    QList<SimilarMemory> rows; // best first
    Scan scan = Scan::Auto; // how they were found in the end: Exact, Iterative or Bounded
};

// The `limit` memories matching `condition` (SQL over memories aliased "m", with its bound values; it
// must include m.embedding IS NOT NULL) nearest to `query`, best first. `scan` other than Auto forces a
// way (tests); Iterative and Bounded still fall back to Exact when they come back short.
// Thread: the repository's. Needs a repository with native vectors (pgvector).
Result<Nearest> nearest(Repository &repository, const Embedding &query, int limit, const QString &condition,
    const QList<std::pair<QString, QVariant>> &binds = {}, Scan scan = Scan::Auto);

} // namespace VectorSearch
