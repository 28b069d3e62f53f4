#include "archetypes/archetypechanges.h"

#include "core/archetypes.h"

#include <cmath>

namespace ArchetypeChanges {

QList<ArchetypeChange> fromOverview(const ArchetypeOverview &overview)
{
    QList<ArchetypeChange> changes;
    for (int a = 0; a < Archetypes::Count; ++a) {
        ArchetypeChange c;
        c.archetype = a;
        c.evaluations = overview.evaluationsInWindow[std::size_t(a)];
        for (const ArchetypeState &s : overview.now) {
            if (s.archetype == a) {
                c.now = s.state;
                c.influenceNow = s.influence;
                c.at = s.at;
            }
        }
        for (const ArchetypeState &s : overview.before) {
            if (s.archetype == a && s.at.isValid()) {
                c.before = s.state;
                c.influenceBefore = s.influence;
                c.hasBefore = true;
            }
        }
        if (c.hasBefore) {
            for (std::size_t m = 0; m < c.now.size(); ++m)
                c.movement += std::abs(c.now[m] - c.before[m]);
        }
        changes << c;
    }
    return changes;
}

int movedMost(const QList<ArchetypeChange> &changes)
{
    int best = -1;
    double most = 0;
    for (const ArchetypeChange &c : changes) {
        if (c.hasBefore && c.movement > most) {
            most = c.movement;
            best = c.archetype;
        }
    }
    return best;
}

int largestMetricChange(const ArchetypeChange &change)
{
    int best = 0;
    for (int m = 1; m < 4; ++m) {
        if (std::abs(change.now[std::size_t(m)] - change.before[std::size_t(m)])
            > std::abs(change.now[std::size_t(best)] - change.before[std::size_t(best)]))
            best = m;
    }
    return best;
}

} // namespace ArchetypeChanges
