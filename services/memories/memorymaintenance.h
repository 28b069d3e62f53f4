#pragma once

#include "compute/control.h"
#include "db/repository.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QUuid>

#include <optional>

// What maintenance needs of one unarchived memory. `decayedSince` is when decay was last measured:
// the later of its last access and the last decay pass that wrote its priority.
struct MaintenanceRow
{
    QUuid id;
    QString summary;
    QDateTime createdAt;
    QDateTime decayedSince;
    double priority = 0.0;
    std::optional<double> priorityOverride;
    bool longTerm = false;
    bool core = false;
    int version = 1;

    bool isProtected() const { return longTerm || core; } // never decayed, never pruned
    double decayedPriority(const QDateTime &now) const; // override (if any) after decay
};

// A value copy of the unarchived memories (and optionally their vectors), taken on the database thread
// and handed to the pure preview functions on a pool thread.
struct MaintenanceSnapshot
{
    QDateTime now;
    QList<MaintenanceRow> rows;
    EmbeddingBlock embeddings; // empty unless asked for (near-duplicate pruning)
};

// Archive memories that are older than N days and whose priority after decay is below p (each test
// is off when unset; with both set, a memory must meet both), and near-duplicates: of two memories
// whose cosine is at least c, the one with the lower priority after decay (then the older) goes.
// Long-term and core memories are never candidates.
struct PrunePolicy
{
    std::optional<int> olderThanDays;
    std::optional<double> belowPriority;
    std::optional<double> duplicateCosine;
    bool isEmpty() const { return !olderThanDays && !belowPriority && !duplicateCosine; }
};

struct PruneCandidate
{
    enum Reason { Old = 1, LowPriority = 2, Duplicate = 4 };
    QUuid id;
    QString summary;
    QDateTime createdAt;
    double decayedPriority = 0.0;
    int reasons = 0; // Reason flags
    QUuid twinId; // Duplicate: the memory that stays
    double similarity = 0.0;
    int version = 1; // as previewed: a row changed since is left alone
};

struct PrunePreview
{
    PrunePolicy policy;
    QDateTime now;
    QList<PruneCandidate> candidates; // oldest first
    qint64 scanned = 0;
    qint64 protectedKept = 0; // long-term or core memories that would otherwise have matched
    qint64 count(PruneCandidate::Reason reason) const;
    QList<QUuid> ids() const;
};

struct DecayChange
{
    QUuid id;
    QString summary;
    double before = 0.0;
    double after = 0.0;
    int version = 1;
};

struct DecayPreview
{
    QDateTime now;
    QList<DecayChange> changes; // largest drop first
    qint64 scanned = 0;
    qint64 protectedKept = 0; // long-term, core and overridden memories, never decayed
};

// A written maintenance batch: restore it with MemoryBulk::restoreBatch(batchId).
struct MaintenanceBatch
{
    QUuid batchId;
    qint64 written = 0;
    qint64 skipped = 0; // changed since the preview (or now protected), so left as they are
};

Q_DECLARE_METATYPE(PrunePreview)
Q_DECLARE_METATYPE(DecayPreview)
Q_DECLARE_METATYPE(MaintenanceBatch)

// The decay pass and the pruning policy: a snapshot, a preview that lists exactly what would change,
// then one batch written in one transaction, recorded in memory_batches for a one-click restore.
namespace MemoryMaintenance {

// Pure. The moment from which decay still applies to a memory: the later of its last access and the
// last decay pass that wrote its priority, because that pass folded the decay before it into the stored
// value. Views that show "priority now" decay from here, or they would count a pass's decay twice.
QDateTime decayedSince(const QDateTime &lastAccessed, const QDateTime &lastDecayPass);

// Database thread. For each of `ids` whose priority a decay pass wrote (and no restore undid since),
// when the latest such pass ran; ids never decayed are absent. Any number of ids (read in chunks).
Result<QHash<QUuid, QDateTime>> lastDecayPasses(Repository &repository, const QList<QUuid> &ids);

// Database thread. Unarchived memories; their vectors only when `withEmbeddings`.
Result<MaintenanceSnapshot> loadSnapshot(Repository &repository, bool withEmbeddings, const LoadProgress &progress = {});

// Pure: any thread. Cancelled (control) → Error::Cancelled.
Result<PrunePreview> previewPrune(const MaintenanceSnapshot &snapshot, const PrunePolicy &policy,
    const compute::Control &control = {});
DecayPreview previewDecay(const MaintenanceSnapshot &snapshot);

// Database thread. Archives exactly the preview's candidates (skipping any whose version moved on).
Result<MaintenanceBatch> archive(Repository &repository, const PrunePreview &preview, const QString &actor = {});
// Writes the previewed priorities (skipping rows changed since); restorable like an archive batch.
Result<MaintenanceBatch> applyDecay(Repository &repository, const DecayPreview &preview, const QString &actor = {});

} // namespace MemoryMaintenance
