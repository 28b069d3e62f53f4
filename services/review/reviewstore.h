#pragma once

#include "core/result.h"
#include "review/reviewrecords.h"

#include <QCoreApplication>

class Repository;

// The review room's writes: decisions with their audit entries, level-2 routing, settings and reason codes
// (leases: ReviewLeases). Pure functions on a Repository, run on its thread (DatabaseWorker lanes).
//
// Decisions: write() inserts one record and its audit-log entry in ONE transaction, idempotent by the record's
// client-made id. A decision that no longer applies is not written and comes back as a Conflict with the
// record that stands in its way, never as an error: the caller keeps both for the operator.
class ReviewStore
{
    Q_DECLARE_TR_FUNCTIONS(ReviewStore)

public:
    enum class Outcome { Saved, AlreadySaved, Conflict };
    struct WriteResult
    {
        Outcome outcome = Outcome::Saved;
        std::optional<ReviewConflict> conflict; // Outcome::Conflict
    };

    static Result<QList<ReasonCode>> reasonCodes(Repository &repository); // active ones, by decision and position
    static Result<ReviewSettings> settings(Repository &repository);
    // Rates in [0, 1], lease 1..480 minutes; Error::InvalidInput writes nothing. Admins only on PostgreSQL.
    static Result<void> saveSettings(Repository &repository, const ReviewSettings &settings, const QString &actor);

    static Result<WriteResult> write(Repository &repository, const ReviewRecord &record);
    static Result<std::optional<ReviewRecord>> record(Repository &repository, const QUuid &id);

    // Who the workspace names by default (database role, or OS user), and what that role may do.
    static QString defaultReviewer(Repository &repository);
    static Result<bool> isAdmin(Repository &repository);

    // Re-decides whether the item belongs at level 2 (flag, level-1 disagreement, sample) after its level-1
    // decisions changed. Part of write(); public for tests.
    static Result<void> updateRoute(Repository &repository, const QUuid &matchId, const ReviewSettings &settings);

private:
    // A decision whose lease another reviewer holds now, or whose item others decided meanwhile: sets `out`.
    static Result<void> checkTakeover(Repository &repository, const ReviewRecord &record, WriteResult &out);
};
