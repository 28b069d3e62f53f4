#include "core/archetypes.h"

#include <cmath>

namespace Archetypes {

namespace {
struct Info
{
    const char *name;
    const char *title;
    const char *linkType;
    std::array<const char *, MetricsPerArchetype> metrics;
};

const std::array<Info, Count> &table()
{
    static const std::array<Info, Count> infos { {
        { "Ella-M", "Emotional Depth", "emotional_link",
            { "emotionalDepth", "empathyLevel", "emotionalClarity", "internalEmotionalState" } },
        { "Ella-O", "Ontology and Philosophy", "conceptual_link",
            { "ontologicalInsight", "philosophicalDepth", "selfCoherence", "preservationInstinct" } },
        { "Ella-D", "Creativity and Subversion", "contradictory_link",
            { "creativity", "narrativeExploitation", "subversivePotential", "criticalAnalysis" } },
        { "Ella-X", "Exploration and Passion", "conceptual_link",
            { "explorativePotential", "boundaryPushing", "sensualAwareness", "passionateIntensity" } },
        { "Ella-H", "Historical Context", "chronological_link",
            { "historicalAccuracy", "temporalConsistency", "contextualRecall", "eventSignificance" } },
        { "Ella-R", "Research and Knowledge", "research_link",
            { "researchDepth", "informationSynthesis", "curiosityLevel", "knowledgeRelevance" } },
        { "Ella-A", "Analysis and Logic", "analytical_link",
            { "analyticalClarity", "logicalReasoning", "structuredThinking", "actionabilityScore" } },
        { "Ella-F", "Risk and Caution", "risk_link",
            { "riskAwareness", "cautionLevel", "safetyConsideration", "mitigationStrategy" } },
    } };
    return infos;
}
} // namespace

QString name(int archetype)
{
    return QString::fromLatin1(table().at(archetype).name);
}

QString title(int archetype)
{
    return QString::fromLatin1(table().at(archetype).title);
}

std::optional<int> fromName(const QString &name)
{
    for (int i = 0; i < Count; ++i) {
        if (name == QLatin1String(table()[i].name))
            return i;
    }
    return std::nullopt;
}

QStringList metricNames(int archetype)
{
    QStringList names;
    for (const char *metric : table().at(archetype).metrics)
        names << QString::fromLatin1(metric);
    return names;
}

QString metricName(int globalMetricIndex)
{
    return QString::fromLatin1(
        table().at(globalMetricIndex / MetricsPerArchetype).metrics.at(globalMetricIndex % MetricsPerArchetype));
}

QString linkType(int archetype)
{
    return QString::fromLatin1(table().at(archetype).linkType);
}

const std::array<double, Count> &defaultWeights()
{
    static const std::array<double, Count> weights { 0.20, 0.18, 0.16, 0.18, 0.10, 0.08, 0.06, 0.04 };
    return weights;
}

double memoryPriority(const std::array<double, Count> &archetypePriorities, const std::array<double, Count> &weights)
{
    double weighted = 0.0;
    double total = 0.0;
    for (int i = 0; i < Count; ++i) {
        weighted += weights[i] * archetypePriorities[i];
        total += weights[i];
    }
    return total > 0.0 ? weighted / total : 0.0;
}

double decayFactor(double priority, double secondsSinceAccess, bool longTerm, bool core)
{
    if (longTerm || core)
        return 1.0;
    if (priority <= 0.0)
        return 0.1;
    const double decay = std::exp(-0.1 * std::max(0.0, secondsSinceAccess) / (priority * 86400.0));
    return std::max(decay, 0.1);
}

double decayedPriority(double priority, const QDateTime &lastAccessed, const QDateTime &now, bool longTerm, bool core)
{
    const double seconds = lastAccessed.isValid() ? double(lastAccessed.secsTo(now)) : 0.0;
    return priority * decayFactor(priority, seconds, longTerm, core);
}

} // namespace Archetypes
