#pragma once

#include "core/reply.h"
#include "db/records.h"
#include "memories/memoryedit.h"
#include "memories/memoryeditor.h"
#include "memories/memoryfilter.h"

#include <QDateTime>
#include <QList>
#include <QUuid>

class DatabaseWorker;
class QObject;

// A memory's detail and when a decay pass last wrote its priority, read in one database call so the
// priority panel never shows a pass's decay twice, not even for a moment.
struct LoadedDetail
{
    MemoryDetail detail;
    QDateTime lastDecayPass;
};

// What the filter editors offer to pick from (recent tones and tags, saved cluster runs, newest first).
struct FilterSuggestions
{
    QStringList tones;
    QStringList tags;
    QList<ClusterCondition> clusterRuns;
};

// What the memory browser asks of the workspace while a person waits: reads and single edits, on the
// database worker's interactive lane. A small value holding the worker; every reply comes back on
// `context`'s thread (see Reply), so callers never see SQL or the database thread.
class MemoryService
{
public:
    explicit MemoryService(DatabaseWorker *db = nullptr)
        : m_db(db)
    {
    }
    DatabaseWorker *database() const { return m_db; }

    void detail(QObject *context, const QUuid &id, Reply<LoadedDetail> done) const;
    // The `limit` memories nearest to `embedding` (the memory itself among them, first).
    void neighbours(QObject *context, const Embedding &embedding, int limit, Reply<QList<SimilarMemory>> done) const;
    void history(QObject *context, const QUuid &id, Reply<QList<AuditEntry>> done) const;
    // Saves one versioned edit as `actor` (MemoryEditor: a conflict comes back as a result, not an error).
    void save(QObject *context, const MemoryEdit &edit, const QString &actor, Reply<MemorySaveResult> done) const;
    // Suggestions only: a failed list stays empty, the editors still take typed values.
    void filterSuggestions(QObject *context, Reply<FilterSuggestions> done) const;
    // The ids of every memory `filter` matches, for bulk actions, re-embedding and re-evaluation.
    void filteredIds(QObject *context, const MemoryFilter &filter, Reply<QList<QUuid>> done) const;

private:
    DatabaseWorker *m_db;
};
