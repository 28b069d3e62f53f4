#pragma once

#include "core/result.h"
#include "db/repository.h"

#include <memory>

// Opens (or creates) a workspace stored in one SQLite file and brings its schema up to date.
// Call on the thread that will use the repository.
namespace SqliteWorkspace {

enum class Mode {
    CreateOrOpen, // a missing file becomes a new, empty workspace
    ExistingOnly, // File → Open: a missing file, or an SQLite database of another program, is refused untouched
};

Result<std::unique_ptr<Repository>> open(
    const QString &path, const QString &connectionName, Mode mode = Mode::CreateOrOpen);

} // namespace SqliteWorkspace
