#pragma once

#include "archetypes/dashboardrecords.h"

#include <QList>

#include <array>

// The State view's arithmetic: each archetype now and at the start of the window, and how far it moved (the
// sum of its four metrics' absolute changes; influence is shown but not counted, since it follows the number
// of evaluations rather than what they say). Pure; the small multiples read it.
struct ArchetypeChange
{
    int archetype = 0;
    std::array<double, 4> now {};
    std::array<double, 4> before {};
    double influenceNow = 0;
    double influenceBefore = 0;
    bool hasBefore = false; // no state from before the window: no change to show
    double movement = 0;
    qint64 evaluations = 0; // in the window
    QDateTime at;
};

namespace ArchetypeChanges {

QList<ArchetypeChange> fromOverview(const ArchetypeOverview &overview); // 8 rows in archetype order
int movedMost(const QList<ArchetypeChange> &changes); // the archetype with the largest movement; −1 if none moved
int largestMetricChange(const ArchetypeChange &change); // 0..3, the metric that moved most

} // namespace ArchetypeChanges
