#pragma once

#include "memories/memoryedit.h"
#include "db/repository.h"
#include "core/result.h"

#include <QCoreApplication>

class Repository;

// What a save did. On a conflict nothing was written and `current` is the newer stored version, for
// the operator to compare with theirs; on success `current` is the memory as saved.
struct MemorySaveResult
{
    enum Status { Saved, Conflict };
    Status status = Saved;
    MemoryDetail current;
    bool isConflict() const { return status == Conflict; }
};
Q_DECLARE_METATYPE(MemorySaveResult)

// Saves operators' edits of single memories with optimistic concurrency: the memory's row is updated
// only when its stored version still equals the edit's baseVersion, and every save bumps the version
// and updated_at, so two clients can never silently overwrite each other. Each changed field appends
// an audit entry (before/after of that field) in the same transaction.
//
// Thread: the repository's (run it through DatabaseWorker). Errors: InvalidInput for an edit that
// names a missing evaluation or link target, NotFound for a missing memory, Database otherwise.
class MemoryEditor
{
    Q_DECLARE_TR_FUNCTIONS(MemoryEditor)

public:
    // `actor` names the operator in the audit log; empty = AuditLog::defaultActor().
    explicit MemoryEditor(Repository &repository, QString actor = QString());

    Result<MemorySaveResult> save(const MemoryEdit &edit);
    // The memory's audit history, newest first (see AuditLog::memoryHistory).
    Result<QList<AuditEntry>> history(const QUuid &memoryId, int limit = 200);

    const QString &actor() const { return m_actor; }

private:
    Result<void> validate(const MemoryEdit &edit, const MemoryDetail &before) const;
    Result<bool> updateRow(const MemoryEdit &edit, const QDateTime &now); // false: the version moved on
    Result<void> updateAnnotations(const MemoryEdit &edit);
    Result<void> updateLinks(const MemoryEdit &edit, const MemoryDetail &before, const QDateTime &now);
    Result<void> audit(const MemoryEdit &edit, const MemoryDetail &before, const QDateTime &now);

    Repository &m_repo;
    QString m_actor;
};
