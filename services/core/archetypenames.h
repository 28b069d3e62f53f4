#pragma once

#include <QString>
#include <QStringList>

// What people read for the archetypes' metrics: "Emotional depth" for the stored key "emotionalDepth".
// The keys (Archetypes::metricNames) stay the data's names in the database, the files and the prompts.
namespace ArchetypeNames {

// The translated display name of a metric key; an unknown key comes back unchanged.
QString metricTitle(const QString &key);
// The four display names of an archetype's metrics, in Archetypes::metricNames order.
QStringList metricTitles(int archetype);

} // namespace ArchetypeNames
