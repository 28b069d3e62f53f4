#pragma once

#include "archetypes/priorityqueries.h"
#include "archetypes/strategyrecords.h"

#include <functional>

// The preview's arithmetic over a snapshot (PriorityQueries::rankingSnapshot): decay to now, today's and
// the proposed ranking (decayed priority descending, ties by id), Kendall's τ-b over the union of both top
// N, the biggest movers each way and the crossings of the pruning floor over every memory. Pure: no
// database, any thread.
namespace StrategyPreviewer {

// Moves come without summary and mainArchetype (the caller reads those). `cancelled` is polled between the steps; when
// it returns true the result is Error::Cancelled.
Result<StrategyPreview> compare(const PriorityQueries::RankingSnapshot &snapshot, double floor, int top, int shown,
    const std::function<bool()> &cancelled = {});

// The archetype whose weighted contribution changed most in the move's direction: the "why" of a move.
int mainArchetype(const PriorityQueries::MemoryPriorities &m, const std::array<double, Archetypes::Count> &before,
    const std::array<double, Archetypes::Count> &after, bool up);

} // namespace StrategyPreviewer
