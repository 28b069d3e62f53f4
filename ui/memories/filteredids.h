#pragma once

#include "memories/memoryfilter.h"
#include "core/result.h"

#include <QList>
#include <QUuid>

#include <functional>

class DatabaseWorker;
class QObject;
class Repository;

// "All memories matching the filter" for bulk actions, re-embedding, re-evaluation and export: the ids
// are read on the database thread (MemoryQuery::filteredIds), never on the UI thread, and handed to
// done(result) on `context`'s thread through its event queue; dropped if `context` is destroyed first.
namespace FilteredIds {

using Done = std::function<void(const Result<QList<QUuid>> &ids)>;

void fetch(DatabaseWorker *worker, QObject *context, const MemoryFilter &filter, Done done);

// Database thread: the same, for code that is already there (an export that resolves and writes in one call).
Result<QList<QUuid>> read(Repository &repository, const MemoryFilter &filter);

} // namespace FilteredIds
