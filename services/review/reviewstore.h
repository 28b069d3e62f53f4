#pragma once

#include "core/result.h"
#include "review/reviewrecords.h"

#include <QCoreApplication>

class Repository;
namespace ReviewSql {
class StatementCache;
}

// Decisions: ai.match_reviews rows with their audit-log entries, undo, and level-2 routing (settings and reason
// codes: ReviewConfig; leases: ReviewLeases). Pure functions on a Repository, run on its thread.
//
// write() inserts one record and its audit-log entry in ONE transaction, idempotent by the record's client-made
// id. A decision that no longer applies is not written and comes back as a Conflict with the record that stands in
// its way, never as an error, so the caller can show both to the operator:
//  - the item has a level-2 decision in force (final), unless the record undoes that very decision;
//  - another reviewer holds a live lease on it (the lease this decision was made under ran out and was taken);
//  - level 1: other reviewers already gave the decisions the item needs (one, two for double review);
//  - undo: the record to undo is unknown, or was undone already.
// After a level-1 record the item's route is re-decided: to level 2 on a flag, on disagreement between its level-1
// reviewers, or when a stable hash of its id falls under the sample rate; else off level 2.
class ReviewStore
{
    Q_DECLARE_TR_FUNCTIONS(ReviewStore)

public:
    static constexpr int MaxNote = 4000; // characters of a decision's note
    enum class Outcome { Saved, AlreadySaved, Conflict };
    struct WriteResult
    {
        Outcome outcome = Outcome::Saved;
        std::optional<ReviewConflict> conflict; // Outcome::Conflict
    };

    static Result<WriteResult> write(Repository &repository, const ReviewRecord &record);
    static Result<WriteResult> write(
        Repository &repository, const ReviewRecord &record, const ReviewSettings &settings);
    // The journal's outbox: the records in order in ONE transaction, each in a savepoint of its own, so one commit
    // covers the batch and a record the database refuses leaves the others. An error for the whole (the connection
    // went) means nothing was written.
    static Result<QList<Result<WriteResult>>> writeBatch(Repository &repository, const QList<ReviewRecord> &records);

    static Result<std::optional<ReviewRecord>> record(Repository &repository, const QUuid &id);

private:
    static Result<WriteResult> writeOne(
        ReviewSql::StatementCache &statements, const ReviewRecord &record, const ReviewSettings &settings);
};
