#include "archetypes/strategysimulation.h"

#include "archetypes/priorityqueries.h"
#include "archetypes/strategystore.h"
#include "memories/memoryquery.h"

#include <algorithm>

namespace StrategySimulation {

namespace {

void sortByDecayed(QList<PriorityRow> &rows)
{
    std::sort(rows.begin(), rows.end(), [](const PriorityRow &a, const PriorityRow &b) {
        return a.decayed != b.decayed ? a.decayed > b.decayed : a.memoryId < b.memoryId;
    });
}

} // namespace

Result<SimulationResult> byWords(
    Repository &r, const QString &query, const WeightingStrategy &s, int limit, const QDateTime &now)
{
    if (MemoryFilter::queryWords(query).isEmpty())
        return makeError(
            Error::InvalidInput, QCoreApplication::translate("StrategySimulation", "Type a word to search for."));
    MemoryFilter filter;
    filter.text = query;
    Result<MemoryQuery> store = MemoryQuery::on(r);
    if (!store)
        return store.error();
    Result<MemoryQueryPage> page = store->page(filter, MemorySort { MemorySortKey::Relevance, true }, {}, limit);
    if (!page)
        return page.error();
    QList<QUuid> ids;
    for (const MemoryRow &row : page->rows)
        ids << row.id;
    return rerank(r, ids, s, now);
}

Result<SimulationResult> nearest(
    Repository &r, const Embedding &vector, const WeightingStrategy &s, int limit, const QDateTime &now)
{
    Result<MemoryQuery> store = MemoryQuery::on(r);
    if (!store)
        return store.error();
    Result<QList<SimilarMemory>> near = store->similar(MemoryFilter(), vector, limit);
    if (!near)
        return near.error();
    QList<QUuid> ids;
    for (const SimilarMemory &m : *near)
        ids << m.row.id;
    return rerank(r, ids, s, now);
}

Result<SimulationResult> rerank(
    Repository &r, const QList<QUuid> &ids, const WeightingStrategy &s, const QDateTime &now)
{
    Result<std::array<double, Archetypes::Count>> today = StrategyStore::appliedWeights(r);
    if (!today)
        return today.error();
    Result<QList<PriorityQueries::MemoryPriorities>> found = PriorityQueries::memoryPriorities(r, ids);
    if (!found)
        return found.error();
    SimulationResult result;
    for (const PriorityQueries::MemoryPriorities &m : *found) {
        result.current << m.row(*today, m.effective(), now);
        // As an apply would leave it: the override still wins, and unevaluated memories keep their priority.
        const double proposed = m.override.value_or(m.under(s.weights).value_or(m.stored));
        result.proposed << m.row(s.weights, proposed, now);
    }
    sortByDecayed(result.current);
    sortByDecayed(result.proposed);
    return result;
}

} // namespace StrategySimulation
