#pragma once

#include "archetypes/strategyrecords.h"
#include "core/memory.h"

class Repository;

// The profile simulator's reads (issue 19, item 7): the memories a search finds, ranked by decayed priority
// today (under the applied strategy, the operator's override winning) and as an apply of another strategy
// would leave them. Reads only; use on the repository's thread.
namespace StrategySimulation {

// Full-text search on `query`'s words, the `limit` most relevant memories. InvalidInput without a word.
Result<SimulationResult> byWords(
    Repository &r, const QString &query, const WeightingStrategy &s, int limit, const QDateTime &now);
// The `limit` memories nearest to `vector` by cosine.
Result<SimulationResult> nearest(
    Repository &r, const Embedding &vector, const WeightingStrategy &s, int limit, const QDateTime &now);
// Both rankings of `ids`, each sorted by decayed priority (ties by id).
Result<SimulationResult> rerank(
    Repository &r, const QList<QUuid> &ids, const WeightingStrategy &s, const QDateTime &now);

} // namespace StrategySimulation
