#pragma once

#include "core/result.h"
#include "review/reviewrecords.h"

#include <QCoreApplication>

class Repository;

// What the review console is configured with (ai.review_settings, ai.review_reason_codes) and who the
// connection decides as. Pure functions on a Repository, run on its thread.
class ReviewConfig
{
    Q_DECLARE_TR_FUNCTIONS(ReviewConfig)

public:
    static Result<QList<ReasonCode>> reasonCodes(Repository &repository); // active ones, by decision and position
    // Adds or changes one reason code (code: 1–40 of a-z, 0-9, _; a label), or retires it (`active` false: it
    // leaves the list, decisions that name it keep it). Admins only on PostgreSQL; audited as review_reason.update.
    static Result<void> saveReasonCode(
        Repository &repository, const ReasonCode &code, bool active, const QString &actor);
    static Result<ReviewSettings> settings(Repository &repository);
    // Rates in [0, 1], lease 1..480 minutes; Error::InvalidInput writes nothing. Admins only on PostgreSQL.
    // Audited as review_settings.update.
    static Result<void> saveSettings(Repository &repository, const ReviewSettings &settings, const QString &actor);

    // Who the workspace names by default: the database role on PostgreSQL (its policies insist on it), the
    // operating-system user for a local file.
    static QString defaultReviewer(Repository &repository);
    // A member of sextant_admin, a superuser or the tables' owner; always true for a local file.
    static Result<bool> isAdmin(Repository &repository);
    // The reviewer name and what the role may do (everything for a local file).
    static Result<ReviewAccess> access(Repository &repository);
};
