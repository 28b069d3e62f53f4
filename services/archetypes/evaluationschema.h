#pragma once

#include "core/memory.h"
#include "core/result.h"

#include <QJsonObject>
#include <QList>

// The structured-output contract of an archetype evaluation. The reply is an object keyed by archetype
// name ("Ella-M"), one record per archetype asked for:
//   { "metrics": {4 Set-A names -> 0..1}, "justifications": {same names -> text}, "annotation": text,
//     "archetype_priority": 0..1, "confidence": 0..1 }
// Pure functions; any thread.
namespace EvaluationSchema {

QString schemaName(); // "archetype_evaluation"
// The strict JSON schema for a reply covering `archetypes` (Archetypes::Id, in that order).
QJsonObject schema(const QList<int> &archetypes);

// Checks a reply and turns it into evaluations (memoryId, model, promptVersion and createdAt left for the
// caller). Rejects, with a reason that names the archetype and the field (Error::InvalidInput): a missing
// or unknown archetype, a missing, non-numeric or out-of-range metric, priority or confidence, an unknown
// metric, and a missing or empty justification.
Result<QList<Evaluation>> read(const QJsonObject &reply, const QList<int> &archetypes);

} // namespace EvaluationSchema
