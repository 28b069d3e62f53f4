#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

// The eight EUMAS archetypes and their canonical "Set A" metrics (PRODUCT.md).
namespace Archetypes {

constexpr int Count = 8;
constexpr int MetricsPerArchetype = 4;
constexpr int MetricCount = Count * MetricsPerArchetype;

enum Id { M, O, D, X, H, R, A, F };

QString name(int archetype); // "Ella-M"
QString title(int archetype); // "Emotional Depth" (untranslated domain name)
std::optional<int> fromName(const QString &name);
QStringList metricNames(int archetype); // four camelCase keys
QString metricName(int globalMetricIndex); // 0..31
QString linkType(int archetype); // emotional_link, ...

// Default weighting strategy (M .20, O .18, D .16, X .18, H .10, R .08, A .06, F .04).
const std::array<double, Count> &defaultWeights();

// Σ wᵢ·pᵢ / Σ wᵢ over the archetype priorities.
double memoryPriority(
    const std::array<double, Count> &archetypePriorities, const std::array<double, Count> &weights = defaultWeights());

// exp(−0.1·Δt / (priority·86400)) floored at 0.1; long-term and core memories do not decay.
double decayFactor(double priority, double secondsSinceAccess, bool longTerm, bool core);
double decayedPriority(double priority, const QDateTime &lastAccessed, const QDateTime &now, bool longTerm, bool core);

} // namespace Archetypes
