#pragma once

#include "db/repository.h"
#include "core/result.h"
#include "db/sqldialect.h"

#include <QCoreApplication>
#include <QList>
#include <QMetaType>
#include <QUuid>

#include <functional>

class QSqlQuery;
class Repository;

// A bulk action on a list of memory ids (a multi-selection or everything a filter matched).
struct BulkRequest
{
    enum Action { Pin, Unpin, Archive, Restore, SoftDelete, Purge, AddTag, RemoveTag };
    static constexpr int DefaultChunkSize = 500;

    Action action = Pin;
    QList<QUuid> ids;
    QString tag; // AddTag, RemoveTag
    QString reason; // Archive, SoftDelete: recorded with the batch
    QString actor; // empty = AuditLog::defaultActor()
    int chunkSize = DefaultChunkSize;

    static QString kindName(Action action); // memory_batches.kind: pin, unpin, archive, ...
};

// What a bulk action did. `changed` rows were written; `unchanged` already were as asked (pinning a
// pinned memory); `missing` ids name no memory (purged meanwhile, say).
struct BulkReport
{
    BulkRequest::Action action = BulkRequest::Pin;
    QUuid batchId; // restore a SoftDelete or Archive with MemoryBulk::restoreBatch(batchId)
    qint64 requested = 0;
    qint64 changed = 0;
    qint64 unchanged = 0;
    qint64 missing = 0;
    int chunks = 0; // transactions committed
    bool cancelled = false; // stopped between chunks: the committed chunks stay

    void add(const BulkReport &chunk);
    QString describe() const; // "Pinned 120 memories (3 already were)."
};
Q_DECLARE_METATYPE(BulkReport)

// Runs bulk actions in transactions of at most chunkSize rows: each chunk's rows, its memory_batches
// rows and its audit entry commit together, so a failure or a cancel leaves whole chunks. Purge (hard
// delete) needs the right to delete memories (an admin); everything else is soft.
//
// Thread: the repository's. The UI runs one chunk per DatabaseWorker call (MemoryBulkActions), so the
// database thread stays free between chunks and a cancel takes effect at the next chunk.
class MemoryBulk
{
    Q_DECLARE_TR_FUNCTIONS(MemoryBulk)

public:
    explicit MemoryBulk(Repository &repository);

    // One chunk (ids.size() ≤ a few thousand) in one transaction, as part of batch `batchId`.
    Result<BulkReport> applyChunk(const BulkRequest &request, const QList<QUuid> &ids, const QUuid &batchId);
    // Every chunk in turn; `progress(done, total)` after each, returning false stops (report.cancelled).
    Result<BulkReport> run(const BulkRequest &request, const std::function<bool(qint64, qint64)> &progress = {});

    // Brings back exactly what batch `batchId` did: archived rows it archived that are still archived
    // by it, or the priorities a decay pass changed. Returns the rows restored; a second call restores 0.
    Result<qint64> restoreBatch(const QUuid &batchId, const QString &actor = QString());

    // "(:p0, :p1, …)" for ids, bound by bindIds(): the chunk's IN list.
    static QString inList(const SqlDialect &dialect, qsizetype count, const QString &prefix = QStringLiteral("p"));
    static void bindIds(QSqlQuery &query, const SqlDialect &dialect, const QList<QUuid> &ids,
        const QString &prefix = QStringLiteral("p"));
    // Records `ids` as members of a batch (memory_batches), in the caller's transaction. One reason for
    // all, or one per id.
    static Result<void> recordBatch(Repository &repository, const QUuid &batchId, const QString &kind,
        const QList<QUuid> &ids, const QStringList &reasons, const QString &actor, const QDateTime &at,
        const QDateTime &archivedAt = {}, const QList<double> &previousPriorities = {});

private:
    struct Row
    {
        QUuid id;
        bool longTerm = false;
        bool archived = false;
        QStringList tags;
    };
    Result<QList<Row>> readRows(const QList<QUuid> &ids);
    Result<void> write(const BulkRequest &request, const QList<Row> &rows, const QDateTime &now);

    Repository &m_repo;
};
