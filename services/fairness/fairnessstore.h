#pragma once

#include "core/result.h"
#include "fairness/fairnessrecords.h"

class Repository;

// Saved fairness reports (eumas.fairness_reports). Pure functions on a Repository, run on its thread.
namespace FairnessStore {

// Inserts the report (its id, createdAt and createdBy must be set). On PostgreSQL a reviewer saves in their
// own name only; the database refuses anything else.
Result<void> save(Repository &repository, const FairnessReport &report);
// Newest first, at most `limit`: request, reference, summary, fingerprint, creation (groups and stages empty).
Result<QList<FairnessReport>> list(Repository &repository, int limit = 200);
// One report in full; Error::NotFound for an unknown id.
Result<FairnessReport> load(Repository &repository, const QUuid &id);

} // namespace FairnessStore
