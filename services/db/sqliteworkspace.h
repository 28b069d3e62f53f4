#pragma once

#include "core/result.h"
#include "db/repository.h"

#include <memory>

// Opens (or creates) a workspace stored in one SQLite file and brings its schema up to date.
// Call on the thread that will use the repository.
namespace SqliteWorkspace {

Result<std::unique_ptr<Repository>> open(const QString &path, const QString &connectionName);

} // namespace SqliteWorkspace
