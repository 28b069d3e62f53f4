#include "memories/memorybatchservice.h"

#include "db/databaseworker.h"
#include "memories/memoryquery.h"
#include "tasks/taskcontrol.h"

#include <QCoreApplication>

namespace {

constexpr auto Background = DatabaseWorker::Lane::Background;

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(MemoryBatchService)
};

std::function<bool(qsizetype)> progressOf(std::shared_ptr<TaskControl> control, qsizetype expected)
{
    return [control = std::move(control), expected](qsizetype done) {
        if (expected > 0)
            control->setProgress(double(done) / double(expected));
        control->setStatus(Tr::tr("%n memories written", nullptr, int(done)));
        return !control->isCancelled();
    };
}

Result<ExportResult> exportOn(Repository &repository, const QString &path, ExportOptions options,
    const std::optional<MemoryFilter> &filter, const std::shared_ptr<TaskControl> &control)
{
    if (filter) {
        Result<MemoryQuery> query = MemoryQuery::on(repository);
        if (!query)
            return query.error();
        Result<QList<QUuid>> ids = query->filteredIds(*filter);
        if (!ids)
            return ids.error();
        if (ids->isEmpty())
            return makeError(Error::InvalidInput, Tr::tr("No memory matches the filter."));
        options.ids = std::move(*ids);
    }
    if (control)
        options.progress = progressOf(control, options.ids.size());
    return MemoryExport::exportToFile(repository, path, options);
}

} // namespace

void MemoryBatchService::checkImport(QObject *context, const QString &path, Reply<ImportPlan> done) const
{
    m_db->call(
        context,
        [path](Repository &repository) -> Result<ImportPlan> {
            Result<ImportPlan> plan = MemoryImport::readMemoryFile(path);
            if (!plan)
                return plan;
            if (Result<void> checked = MemoryImport::checkAgainstWorkspace(repository, *plan); !checked)
                return checked.error();
            return plan;
        },
        std::move(done), Background);
}

void MemoryBatchService::applyImport(
    QObject *context, const ImportPlan &plan, const ImportOptions &options, Reply<ImportResult> done) const
{
    m_db->call(
        context, [plan, options](Repository &repository) { return MemoryImport::applyImport(repository, plan, options); },
        std::move(done), Background);
}

void MemoryBatchService::exportTo(QObject *context, const QString &path, const ExportOptions &options,
    const std::optional<MemoryFilter> &filter, std::shared_ptr<TaskControl> control, Reply<ExportResult> done) const
{
    m_db->call(
        context,
        [path, options, filter, control = std::move(control)](Repository &repository) {
            return exportOn(repository, path, options, filter, control);
        },
        std::move(done), Background);
}

void MemoryBatchService::applyBulkChunk(QObject *context, const BulkRequest &request, const QList<QUuid> &chunk,
    const QUuid &batch, Reply<BulkReport> done) const
{
    m_db->call(
        context,
        [request, chunk, batch](Repository &repository) {
            return MemoryBulk(repository).applyChunk(request, chunk, batch);
        },
        std::move(done), Background);
}

void MemoryBatchService::restoreBatch(QObject *context, const QUuid &batch, Reply<qint64> done) const
{
    m_db->call(
        context, [batch](Repository &repository) { return MemoryBulk(repository).restoreBatch(batch); },
        std::move(done), Background);
}

void MemoryBatchService::maintenanceSnapshot(QObject *context, bool withEmbeddings, Reply<MaintenanceSnapshot> done) const
{
    m_db->call(
        context,
        [withEmbeddings](Repository &repository) { return MemoryMaintenance::loadSnapshot(repository, withEmbeddings); },
        std::move(done), Background);
}

void MemoryBatchService::archive(QObject *context, const PrunePreview &preview, Reply<MaintenanceBatch> done) const
{
    m_db->call(
        context, [preview](Repository &repository) { return MemoryMaintenance::archive(repository, preview); },
        std::move(done), Background);
}

void MemoryBatchService::applyDecay(QObject *context, const DecayPreview &preview, Reply<MaintenanceBatch> done) const
{
    m_db->call(
        context, [preview](Repository &repository) { return MemoryMaintenance::applyDecay(repository, preview); },
        std::move(done), Background);
}
