#pragma once

#include "archetypes/strategyrecords.h"

#include <QCoreApplication>

class Repository;

// Applying a strategy to the stored priorities and undoing it, one bounded transaction at a time, so the
// database thread stays free between chunks and a cancel takes effect at the next one. Every chunk of an
// apply belongs to one memory_batches batch (kind 'reweight'): a row per memory whose priority changed, with
// the priority it had (previous_priority, copied in SQL so it is bit for bit the stored double). Chunks walk
// the memories in id order (archived ones too, so a restored memory comes back consistent).
//
// A cancelled or failed apply leaves whole chunks: every memory of a committed chunk carries the new
// priority and its batch row, every other memory its old priority; the application stays "not finished"
// (the applied strategy does not change) and an undo restores exactly what the committed chunks changed.
// Use on the repository's thread.
namespace ReweightBatch {

struct Chunk
{
    QUuid last; // the highest memory id the chunk covered; null when there was nothing left
    qint64 changed = 0;
};

// Records the application (not finished) that `batchId` will collect.
Result<void> begin(Repository &r, const QUuid &batchId, const WeightingStrategy &s, const QString &actor);
// The next `size` memories after `after` (null: from the first).
Result<Chunk> applyChunk(Repository &r, const QUuid &batchId, const std::array<double, Archetypes::Count> &weights,
    const QUuid &after, int size, const QString &actor);
// Marks it finished (or not, when cancelled) and writes its one audit entry.
Result<void> end(Repository &r, const QUuid &batchId, const WeightingStrategy &s, qint64 changed, bool finished,
    const QString &actor);

// Error::NotFound for an unknown batch, InvalidInput for a batch that is not a reweight, Conflict while a
// later application that changed priorities is not undone (undo the newest first).
Result<void> checkUndoable(Repository &r, const QUuid &batchId);
Result<Chunk> undoChunk(Repository &r, const QUuid &batchId, const QUuid &after, int size, const QString &actor);
// When no row of the batch is left to restore, marks the application undone; writes one audit entry.
Result<void> endUndo(Repository &r, const QUuid &batchId, qint64 restored, bool finished, const QString &actor);

} // namespace ReweightBatch
