#include "memories/memoryservice.h"

#include "db/auditlog.h"
#include "db/databaseworker.h"
#include "memories/memorymaintenance.h"
#include "memories/memoryquery.h"

namespace {

Result<LoadedDetail> loadDetail(Repository &repository, const QUuid &id)
{
    Result<MemoryDetail> detail = repository.memoryDetail(id);
    if (!detail)
        return detail.error();
    Result<QHash<QUuid, QDateTime>> passes = MemoryMaintenance::lastDecayPasses(repository, { id });
    if (!passes)
        return passes.error();
    return LoadedDetail { std::move(*detail), passes->value(id) };
}

Result<FilterSuggestions> loadSuggestions(Repository &repository)
{
    Result<MemoryQuery> query = MemoryQuery::on(repository);
    if (!query)
        return query.error();
    FilterSuggestions s;
    if (Result<QStringList> tones = query->recentTones())
        s.tones = *tones;
    if (Result<QStringList> tags = query->recentTags())
        s.tags = *tags;
    if (Result<QList<ClusterCondition>> runs = query->clusterRuns())
        s.clusterRuns = *runs;
    return s;
}

} // namespace

void MemoryService::detail(QObject *context, const QUuid &id, Reply<LoadedDetail> done) const
{
    m_db->call(context, [id](Repository &repository) { return loadDetail(repository, id); }, std::move(done));
}

void MemoryService::neighbours(
    QObject *context, const Embedding &embedding, int limit, Reply<QList<SimilarMemory>> done) const
{
    m_db->call(
        context, [embedding, limit](Repository &repository) { return repository.similarMemories(embedding, limit); },
        std::move(done));
}

void MemoryService::history(QObject *context, const QUuid &id, Reply<QList<AuditEntry>> done) const
{
    m_db->call(
        context, [id](Repository &repository) { return AuditLog(repository).memoryHistory(id); }, std::move(done));
}

void MemoryService::save(
    QObject *context, const MemoryEdit &edit, const QString &actor, Reply<MemorySaveResult> done) const
{
    m_db->call(
        context, [edit, actor](Repository &repository) { return MemoryEditor(repository, actor).save(edit); },
        std::move(done));
}

void MemoryService::filterSuggestions(QObject *context, Reply<FilterSuggestions> done) const
{
    m_db->call(context, [](Repository &repository) { return loadSuggestions(repository); }, std::move(done));
}

void MemoryService::filteredIds(QObject *context, const MemoryFilter &filter, Reply<QList<QUuid>> done) const
{
    m_db->call(
        context,
        [filter](Repository &repository) -> Result<QList<QUuid>> {
            Result<MemoryQuery> query = MemoryQuery::on(repository);
            if (!query)
                return query.error();
            return query->filteredIds(filter);
        },
        std::move(done));
}
