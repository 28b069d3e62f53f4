#pragma once

#include "archetypes/strategyrecords.h"

#include <QCoreApplication>
#include <QHash>

#include <optional>
#include <vector>

class Repository;
class SqlDialect;

// The SQL of memory priority under a weighting strategy, on the repository's own connection (both
// backends; run it on the repository's thread). Everything per memory that comes from evaluations is one
// GROUP BY memory over evaluations: the strategy's weighted mean of archetype_priority, or the pivot of the
// eight archetype priorities. Decay follows PRODUCT.md from the later of last access and the last decay
// pass that was not undone (as the grid shows it); the effective priority is the operator's override where
// there is one.
namespace PriorityQueries {

// The strategy's priority of the memory aliased m: Σ wᵢ·pᵢ / Σ wᵢ over its evaluated archetypes, NULL when
// it has none (or only weight-0 ones). The same expression is what an apply writes, so a preview's
// proposed priority is exactly the one an apply stores. Weights are written as literals (validated numbers,
// shortest round-trip form).
QString proposedPriority(const SqlDialect &d, const std::array<double, Archetypes::Count> &weights);

// One memory's archetype priorities (NaN where an archetype has not evaluated it), its effective stored
// priority and what decay needs.
struct MemoryPriorities
{
    QUuid id;
    QString summary;
    double stored = 0; // memories.priority
    std::optional<double> override;
    bool longTerm = false, core = false;
    QDateTime lastAccessed;
    QDateTime decayedSince; // invalid: never decays (never accessed)
    std::array<double, Archetypes::Count> archetypePriority {};

    double effective() const { return override.value_or(stored); }
    double decayed(double priority, const QDateTime &now) const;
    // Σ wᵢ·pᵢ / Σ wᵢ over the evaluated archetypes; nullopt without any (the stored priority then stands).
    std::optional<double> under(const std::array<double, Archetypes::Count> &weights) const;
    // wᵢ·pᵢ / Σ wᵢ per archetype (0 where not evaluated): they add up to under(weights).
    std::array<double, Archetypes::Count> contributions(const std::array<double, Archetypes::Count> &weights) const;
    PriorityRow row(const std::array<double, Archetypes::Count> &weights, double priority, const QDateTime &now) const;
};

// For the listed memories (any number; read in chunks), in no particular order.
Result<QList<MemoryPriorities>> memoryPriorities(Repository &r, const QList<QUuid> &ids);

// Item 5: counts, the top by decayed effective priority, and those whose decayed priority falls under
// `floor` within `days` days (soonest first), with contributions under `weights`. Ordering and the crossing
// time are computed in the database (exp/ln), so no more than 2·top rows leave it.
Result<PriorityOverview> overview(Repository &r, const std::array<double, Archetypes::Count> &weights, int top,
    double floor, int days, const QDateTime &now);

// The preview's snapshot: every unarchived memory's effective priority today and under a strategy, and
// what decay needs; compact, so a million memories fit in a few tens of megabytes.
struct RankingSnapshot
{
    std::vector<QUuid> ids;
    std::vector<double> today; // effective stored priority (not yet decayed)
    std::vector<double> proposed; // effective priority under the strategy (the override still wins)
    std::vector<double> sinceDays; // days from decayedSince to now; negative: never decays
    std::vector<unsigned char> noDecay; // long-term or core
};
Result<RankingSnapshot> rankingSnapshot(
    Repository &r, const std::array<double, Archetypes::Count> &weights, const QDateTime &now);

} // namespace PriorityQueries
