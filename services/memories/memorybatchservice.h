#pragma once

#include "core/reply.h"
#include "memories/memorybulk.h"
#include "memories/memoryexport.h"
#include "memories/memoryfilter.h"
#include "memories/memoryimport.h"
#include "memories/memorymaintenance.h"

#include <memory>
#include <optional>

class DatabaseWorker;
class QObject;
class TaskControl;

// The memory writes that take long and touch many rows: imports, exports, bulk actions and maintenance.
// They run on the database worker's background lane, so a grid page or a detail load never waits behind
// them. A small value holding the worker; every reply comes back on `context`'s thread (see Reply).
class MemoryBatchService
{
public:
    explicit MemoryBatchService(DatabaseWorker *db = nullptr)
        : m_db(db)
    {
    }

    // Reads and validates `path` (MemoryImport::readMemoryFile), then checks it against the workspace.
    void checkImport(QObject *context, const QString &path, Reply<ImportPlan> done) const;
    void applyImport(QObject *context, const ImportPlan &plan, const ImportOptions &options, Reply<ImportResult> done) const;
    // Exports to `path`. With a filter, its ids are read first, in the same call, so the export is exactly
    // what matched when it started (and an empty match exports nothing rather than everything). `control`
    // receives progress and is polled for cancellation.
    void exportTo(QObject *context, const QString &path, const ExportOptions &options,
        const std::optional<MemoryFilter> &filter, std::shared_ptr<TaskControl> control, Reply<ExportResult> done) const;

    // One bounded transaction of a bulk action (MemoryBulk::applyChunk), and the undo of a whole batch.
    void applyBulkChunk(QObject *context, const BulkRequest &request, const QList<QUuid> &chunk, const QUuid &batch,
        Reply<BulkReport> done) const;
    void restoreBatch(QObject *context, const QUuid &batch, Reply<qint64> done) const;

    // Maintenance: the snapshot a preview is computed from (on the pool), then exactly that preview written.
    void maintenanceSnapshot(QObject *context, bool withEmbeddings, Reply<MaintenanceSnapshot> done) const;
    void archive(QObject *context, const PrunePreview &preview, Reply<MaintenanceBatch> done) const;
    void applyDecay(QObject *context, const DecayPreview &preview, Reply<MaintenanceBatch> done) const;

private:
    DatabaseWorker *m_db;
};
