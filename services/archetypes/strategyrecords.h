#pragma once

#include "core/archetypes.h"
#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUuid>

#include <array>

// Weighting strategies (issue 19, items 5–7): the value structs the strategy service hands to the
// Archetypes page. They cross threads by value. Archetype order everywhere: M O D X H R A F (Archetypes::Id).

// A named set of weights for memory priority = Σ wᵢ·archetype_priorityᵢ / Σ wᵢ (PRODUCT.md).
struct WeightingStrategy
{
    static constexpr double SumTolerance = 1e-6;

    QUuid id; // null for the built-in default
    QString name;
    std::array<double, Archetypes::Count> weights {}; // archetype order; must sum to 1 (±1e-6), each in [0,1]
    bool builtIn = false; // "Default" (M .20, O .18, D .16, X .18, H .10, R .08, A .06, F .04)
    bool applied = false; // the strategy the stored priorities were last computed with
    QString createdBy;
    QDateTime createdAt;

    // Refuses (Error::InvalidInput, a sentence) a strategy without a name, with a weight outside [0, 1]
    // or not a number, or with weights that do not add up to 1: "The weights add up to 1.08; they must add
    // up to 1." Never normalises.
    static Result<void> validate(const WeightingStrategy &s);
    // The built-in default strategy (null id, builtIn).
    static WeightingStrategy defaultStrategy();
};

// One memory on the Priority view or in the simulator's lists.
struct PriorityRow
{
    QUuid memoryId;
    QString summary;
    double stored = 0; // memories.priority
    double decayed = 0; // after decay to now (PRODUCT.md formula; long-term and core do not decay)
    std::array<double, Archetypes::Count> contribution {}; // wᵢ·archetype_priorityᵢ / Σw under the strategy
    bool longTerm = false, core = false;
    QDateTime lastAccessed;
    QDateTime fallsBelowAt; // when decayed priority crosses the floor (invalid: never / already)
};

struct PriorityOverview
{
    qint64 total = 0, longTerm = 0, core = 0;
    QList<PriorityRow> top;
    QList<PriorityRow> atRisk;
};

struct RankMove
{
    QUuid memoryId;
    QString summary;
    int rankBefore = 0, rankAfter = 0; // 1-based
    double before = 0, after = 0;
    int mainArchetype = 0; // the archetype whose weighted contribution changed most: "why"
};

struct StrategyPreview
{
    QUuid strategyId;
    int compared = 0; // top N (1,000) of today's ranking ∪ proposed
    double kendallTau = 0; // tau-b between today's and the proposed ranking of the top N
    QList<RankMove> up, down; // the 20 that move most each way
    qint64 crossDown = 0, crossUp = 0; // memories that cross the pruning floor down / up
    double floor = 0.1;
};

struct SimulationResult
{
    QList<PriorityRow> current, proposed;
};

// One apply of a strategy to the stored priorities: its memory_batches batch (kind 'reweight') and what it
// was. The newest finished, not undone application names the applied strategy.
struct StrategyApplication
{
    QUuid batchId;
    QUuid strategyId; // null: the built-in default
    QString strategyName;
    std::array<double, Archetypes::Count> weights {};
    QString actor;
    QDateTime appliedAt;
    qint64 memories = 0; // priorities recomputed
    bool finished = false; // false: cancelled or failed part-way (its chunks stay, and undo restores them)
    QDateTime undoneAt; // invalid: not undone
    QString undoneBy;
};

Q_DECLARE_METATYPE(WeightingStrategy)
Q_DECLARE_METATYPE(PriorityOverview)
Q_DECLARE_METATYPE(StrategyPreview)
Q_DECLARE_METATYPE(SimulationResult)
Q_DECLARE_METATYPE(StrategyApplication)
