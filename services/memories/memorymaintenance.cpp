// MemoryMaintenance: the pure previews (decay pass, pruning policy) over a snapshot.
#include "memories/memorymaintenance.h"
#include "compute/knngraph.h"
#include "memories/embeddingset.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace {
constexpr double DecayEpsilon = 0.0005; // a change smaller than the grid shows is not worth a write
constexpr int DuplicateNeighbours = 5; // nearest others per memory

// Of two near-duplicates, the one that goes: the lower priority after decay, then the older.
bool loses(const MaintenanceRow &a, const MaintenanceRow &b, const QDateTime &now)
{
    const double pa = a.decayedPriority(now), pb = b.decayedPriority(now);
    if (pa != pb)
        return pa < pb;
    if (a.createdAt != b.createdAt)
        return a.createdAt < b.createdAt;
    return a.id < b.id;
}

struct Pair
{
    int a = 0;
    int b = 0; // rows of the snapshot
    float score = 0.0f;
};

Result<QList<Pair>> duplicatePairs(
    const MaintenanceSnapshot &snapshot, const QHash<QUuid, int> &rowOf, double cosine, const compute::Control &control)
{
    QList<Pair> pairs;
    if (snapshot.embeddings.rows() < 2)
        return pairs;
    Result<EmbeddingSet> set = makeEmbeddingSet(snapshot.embeddings);
    if (!set)
        return set.error();
    // The approximate k-NN graph (exact below 6,000 rows) rather than every pair: a million memories take
    // minutes instead of hours, and a near-duplicate is always among a memory's nearest few.
    compute::KnnGraphOptions options;
    options.k = int(std::min<qsizetype>(DuplicateNeighbours, set->rows() - 1));
    const compute::KnnGraph graph = compute::approximateKnnGraph(*set->matrix, options, control);
    if (control.cancelled() || graph.n != std::size_t(set->rows()))
        return makeError(Error::Cancelled, QCoreApplication::translate("MemoryMaintenance", "The pruning preview was cancelled."));
    QSet<quint64> seen; // k-NN lists need not be symmetric: a pair may come from either side, once
    for (std::size_t q = 0; q < graph.n; ++q) {
        for (int j = 0; j < graph.k; ++j) {
            const std::uint32_t other = graph.neighbors(q)[j];
            const double score = 1.0 - double(graph.distancesOf(q)[j]);
            const quint64 key = (quint64(std::min<std::size_t>(q, other)) << 32) | quint64(std::max<std::size_t>(q, other));
            if (score < cosine || seen.contains(key))
                continue;
            seen.insert(key);
            const int a = rowOf.value(set->ids[qsizetype(q)], -1), b = rowOf.value(set->ids[qsizetype(other)], -1);
            if (a >= 0 && b >= 0)
                pairs << Pair { a, b, float(score) };
        }
    }
    std::sort(pairs.begin(), pairs.end(), [](const Pair &x, const Pair &y) {
        return x.score != y.score ? x.score > y.score : std::pair(x.a, x.b) < std::pair(y.a, y.b);
    });
    return pairs;
}
} // namespace

QDateTime MemoryMaintenance::decayedSince(const QDateTime &lastAccessed, const QDateTime &lastDecayPass)
{
    return lastDecayPass.isValid() && (!lastAccessed.isValid() || lastDecayPass > lastAccessed) ? lastDecayPass
                                                                                                : lastAccessed;
}

double MaintenanceRow::decayedPriority(const QDateTime &now) const
{
    return Archetypes::decayedPriority(priorityOverride.value_or(priority), decayedSince, now, longTerm, core);
}

qint64 PrunePreview::count(PruneCandidate::Reason reason) const
{
    return std::count_if(
        candidates.cbegin(), candidates.cend(), [reason](const PruneCandidate &c) { return c.reasons & reason; });
}

QList<QUuid> PrunePreview::ids() const
{
    QList<QUuid> ids;
    ids.reserve(candidates.size());
    for (const PruneCandidate &c : candidates)
        ids << c.id;
    return ids;
}

namespace MemoryMaintenance {

Result<PrunePreview> previewPrune(
    const MaintenanceSnapshot &snapshot, const PrunePolicy &policy, const compute::Control &control)
{
    PrunePreview preview;
    preview.policy = policy;
    preview.now = snapshot.now;
    preview.scanned = snapshot.rows.size();
    const QList<MaintenanceRow> &rows = snapshot.rows;
    QList<int> reasons(rows.size(), 0);
    QList<int> twins(rows.size(), -1);
    QList<double> similarity(rows.size(), 0.0);
    QHash<QUuid, int> rowOf;
    rowOf.reserve(rows.size());
    for (int i = 0; i < rows.size(); ++i)
        rowOf.insert(rows[i].id, i);

    if (policy.olderThanDays || policy.belowPriority) {
        const QDateTime cutoff = snapshot.now.addDays(-policy.olderThanDays.value_or(0));
        for (int i = 0; i < rows.size(); ++i) {
            const bool old = policy.olderThanDays && rows[i].createdAt < cutoff;
            const bool low = policy.belowPriority && rows[i].decayedPriority(snapshot.now) < *policy.belowPriority;
            if ((old || !policy.olderThanDays) && (low || !policy.belowPriority))
                reasons[i] |= (old ? PruneCandidate::Old : 0) | (low ? PruneCandidate::LowPriority : 0);
        }
    }
    if (policy.duplicateCosine) {
        Result<QList<Pair>> pairs = duplicatePairs(snapshot, rowOf, *policy.duplicateCosine, control);
        if (!pairs)
            return pairs.error();
        // Strongest pairs first; a memory that goes cannot be the twin that stays for another.
        QList<bool> going(rows.size(), false);
        for (const Pair &pair : *pairs) {
            if (going[pair.a] || going[pair.b])
                continue;
            const bool aLoses = loses(rows[pair.a], rows[pair.b], snapshot.now);
            const int loser = aLoses ? pair.a : pair.b, keeper = aLoses ? pair.b : pair.a;
            if (rows[loser].isProtected()) {
                ++preview.protectedKept;
                continue;
            }
            going[loser] = true;
            reasons[loser] |= PruneCandidate::Duplicate;
            twins[loser] = keeper;
            similarity[loser] = pair.score;
        }
    }
    for (int i = 0; i < rows.size(); ++i) {
        if (!reasons[i])
            continue;
        const MaintenanceRow &row = rows[i];
        if (row.isProtected()) {
            if (!(reasons[i] & PruneCandidate::Duplicate))
                ++preview.protectedKept;
            continue;
        }
        PruneCandidate c;
        c.id = row.id;
        c.summary = row.summary;
        c.createdAt = row.createdAt;
        c.decayedPriority = row.decayedPriority(snapshot.now);
        c.reasons = reasons[i];
        c.version = row.version;
        if (twins[i] >= 0) {
            c.twinId = rows[twins[i]].id;
            c.similarity = similarity[i];
        }
        preview.candidates << c;
    }
    std::sort(preview.candidates.begin(), preview.candidates.end(), [](const PruneCandidate &a, const PruneCandidate &b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
    });
    return preview;
}

DecayPreview previewDecay(const MaintenanceSnapshot &snapshot)
{
    DecayPreview preview;
    preview.now = snapshot.now;
    preview.scanned = snapshot.rows.size();
    for (const MaintenanceRow &row : snapshot.rows) {
        if (row.isProtected() || row.priorityOverride) {
            ++preview.protectedKept;
            continue;
        }
        const double after = Archetypes::decayedPriority(row.priority, row.decayedSince, snapshot.now, false, false);
        if (row.priority - after < DecayEpsilon)
            continue;
        preview.changes << DecayChange { row.id, row.summary, row.priority, after, row.version };
    }
    std::sort(preview.changes.begin(), preview.changes.end(), [](const DecayChange &a, const DecayChange &b) {
        const double da = a.before - a.after, db = b.before - b.after;
        return da != db ? da > db : a.id < b.id;
    });
    return preview;
}

} // namespace MemoryMaintenance
