#include "memories/filteredids.h"

#include "db/databaseworker.h"
#include "memories/memoryquery.h"

namespace FilteredIds {

Result<QList<QUuid>> read(Repository &repository, const MemoryFilter &filter)
{
    Result<MemoryQuery> query = MemoryQuery::on(repository);
    if (!query)
        return query.error();
    return query->filteredIds(filter);
}

void fetch(DatabaseWorker *worker, QObject *context, const MemoryFilter &filter, Done done)
{
    worker->call(
        context, [filter](Repository &repository) { return read(repository, filter); },
        [done = std::move(done)](const Result<QList<QUuid>> &ids) { done(ids); });
}

} // namespace FilteredIds
