#pragma once

#include "db/repository.h"
#include "core/result.h"

#include <QList>
#include <QUuid>

#include <functional>

class QIODevice;

// Exporting memories to JSONL (with evaluations and outgoing links) or CSV (memory columns), in the
// shapes MemoryImport reads back. Streams page by page through the keyset API, so memory use does not
// grow with the workspace. Call on the repository's thread.

enum class ExportFormat { Jsonl, Csv };

struct ExportOptions
{
    ExportFormat format = ExportFormat::Jsonl;
    bool withEmbeddings = false; // 1536 floats a row: about 15 KB of text each
    QList<QUuid> ids; // the selection; empty = every memory the filter lets through
    bool includeArchived = true; // the filter, when ids is empty
    int pageSize = 500;
    // Rows written so far; return false to cancel (Error::Cancelled; exportToFile then leaves no file).
    std::function<bool(qsizetype done)> progress;
};

struct ExportResult
{
    qsizetype memories = 0;
    qint64 bytes = 0;
};

namespace MemoryExport {

// Writes to an open device. On error the device holds a partial export.
Result<ExportResult> exportMemories(Repository &repo, QIODevice &out, const ExportOptions &options);
// Writes `path` atomically: it appears only when the whole export succeeded.
Result<ExportResult> exportToFile(Repository &repo, const QString &path, const ExportOptions &options);

} // namespace MemoryExport
