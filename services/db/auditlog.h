#pragma once

#include "db/repository.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QList>
#include <QUuid>

class Repository;

// Reads the append-only audit log (writes go through Repository::appendAudit, in the writer's
// transaction). Runs on the repository's thread, like every store.
class AuditLog
{
    Q_DECLARE_TR_FUNCTIONS(AuditLog)

public:
    static inline const QString MemoryEntity = QStringLiteral("memory");
    static inline const QString BatchEntity = QStringLiteral("memory_batch");

    explicit AuditLog(Repository &repository);

    // The history of one memory, newest first: its own entries and those of every batch it was in
    // (bulk actions, pruning, decay passes). At most `limit` entries.
    Result<QList<AuditEntry>> memoryHistory(const QUuid &memoryId, int limit = 200);

    // Who the audit log names for this connection: the database role on PostgreSQL (its row policy
    // insists on it), the operating-system user for a local workspace.
    static QString defaultActor(Repository &repository);

private:
    Repository &m_repo;
};
