#pragma once

#include "core/result.h"
#include "fairness/biasdetector.h"
#include "fairness/fairnessrecords.h"

class Repository;

// The text bias queue's storage: the texts a scan reads (jobs' descriptions, freelancers' profiles, the notes of
// match reviews) and ai.bias_reports, which a scan appends to and a decision updates. Pure functions on a
// Repository, run on its thread.
//
// A report Sextant writes keeps in findings: {"state": clean|flagged|not_checked, "detector", "spans": [...],
// "error"} (recommendations: {"text"}). Reports written before (8thDegree's, the demo's) have no state: they
// read as flagged when they have categories or require review, else clean. A decision turns the state into
// accepted | dismissed | edit_requested.
namespace BiasStore {

// The entity types and their text: job (title, description), user (full name, profile title and bio),
// review (the job's title, the review's note). Empty type = all three.
QStringList entityTypes();
Result<void> checkEntityType(const QString &entityType); // Error::InvalidInput for anything else

// The items of a type with their latest report, filtered by category and state (empty = any); at most `limit`.
Result<QList<BiasScanItem>> queue(Repository &repository, const QString &entityType, const QString &category,
    const QString &state, int limit = 5000);

// Appends one report per item (in one transaction): item.state, spans, score, confidence, categories,
// recommendation, detector and error as BiasScanItem holds them.
Result<void> write(Repository &repository, const QList<BiasScanItem> &items);

// accept | dismiss | request_edit with a note (request_edit needs one), recorded on the report and appended to
// the audit log with the state before and after, in one transaction. Error::NotFound for an unknown report.
Result<void> decide(Repository &repository, const QUuid &reportId, const QString &decision, const QString &note,
    const QString &actor);

} // namespace BiasStore
