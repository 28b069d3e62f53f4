#pragma once

#include "db/repository.h"

#include <QStringList>

// Drops the plain secondary indexes of some PostgreSQL tables before a bulk load and builds them again
// after it, so each is built once over the loaded rows instead of updated row by row (pgvector's HNSW and
// the full-text GIN index above all). Only indexes that back no constraint are touched: primary keys and
// UNIQUE constraints stay, since foreign keys and ON CONFLICT need them during the load.
//
// Contract: call inside the transaction that does the load, on the repository's thread; the drop and the
// rebuild then commit or roll back with the rows, so no other session ever sees the tables without their
// indexes. When the role may not drop an index (it does not own the table), nothing is dropped and the
// load runs with the indexes in place. A no-op on SQLite.
class DeferredIndexes
{
    Q_DECLARE_TR_FUNCTIONS(DeferredIndexes)

public:
    static DeferredIndexes drop(Repository &repository, const QList<Table> &tables);
    // Rebuilds in the order they were dropped; progress(done, total) after each. Error::Database names the index.
    Result<void> rebuild(Repository &repository, const std::function<void(int done, int total)> &progress = {});

    const QStringList &definitions() const { return m_definitions; } // CREATE INDEX statements, as dropped

private:
    QStringList m_definitions;
};
