// MemoryMaintenance: when decay passes last wrote memories' priorities, for views that show the
// priority after decay (the grid, the detail pane) and must not decay a pass's share a second time.
#include "memories/memorybulk.h"
#include "memories/memorymaintenance.h"
#include "db/repository.h"

#include <QSqlQuery>

namespace MemoryMaintenance {

Result<QHash<QUuid, QDateTime>> lastDecayPasses(Repository &repository, const QList<QUuid> &ids)
{
    QHash<QUuid, QDateTime> passes;
    if (ids.isEmpty())
        return passes;
    const SqlDialect &d = repository.dialect();
    // memory_batches_memory_idx makes this an index lookup per id; chunks keep the IN list well under
    // SQLite's bound-parameter limit when a refresh re-reads thousands of loaded rows.
    for (qsizetype from = 0; from < ids.size(); from += BulkRequest::DefaultChunkSize) {
        const QList<QUuid> part = ids.mid(from, BulkRequest::DefaultChunkSize);
        QSqlQuery query(repository.database());
        query.setForwardOnly(true);
        query.prepare(QLatin1String("SELECT memory_id, MAX(created_at) FROM ") + d.table(Table::MemoryBatches)
            + QLatin1String(" WHERE kind = 'decay' AND restored_at IS NULL AND memory_id IN ")
            + MemoryBulk::inList(d, part.size()) + QLatin1String(" GROUP BY memory_id"));
        MemoryBulk::bindIds(query, d, part);
        if (!query.exec())
            return Repository::queryError(
                query, QCoreApplication::translate("MemoryMaintenance", "Reading when the memories were last decayed"));
        while (query.next())
            passes.insert(d.toUuid(query.value(0)), d.toTime(query.value(1)));
    }
    return passes;
}

} // namespace MemoryMaintenance
