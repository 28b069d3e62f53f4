#include "core/archetypenames.h"

#include "core/archetypes.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace ArchetypeNames {

namespace {
// Listed here rather than derived from the camelCase keys so that lupdate sees every name.
const std::array<std::pair<const char *, const char *>, Archetypes::MetricCount> &titles()
{
    static const std::array<std::pair<const char *, const char *>, Archetypes::MetricCount> table { {
        { "emotionalDepth", QT_TRANSLATE_NOOP("ArchetypeNames", "Emotional depth") },
        { "empathyLevel", QT_TRANSLATE_NOOP("ArchetypeNames", "Empathy level") },
        { "emotionalClarity", QT_TRANSLATE_NOOP("ArchetypeNames", "Emotional clarity") },
        { "internalEmotionalState", QT_TRANSLATE_NOOP("ArchetypeNames", "Internal emotional state") },
        { "ontologicalInsight", QT_TRANSLATE_NOOP("ArchetypeNames", "Ontological insight") },
        { "philosophicalDepth", QT_TRANSLATE_NOOP("ArchetypeNames", "Philosophical depth") },
        { "selfCoherence", QT_TRANSLATE_NOOP("ArchetypeNames", "Self-coherence") },
        { "preservationInstinct", QT_TRANSLATE_NOOP("ArchetypeNames", "Preservation instinct") },
        { "creativity", QT_TRANSLATE_NOOP("ArchetypeNames", "Creativity") },
        { "narrativeExploitation", QT_TRANSLATE_NOOP("ArchetypeNames", "Narrative exploitation") },
        { "subversivePotential", QT_TRANSLATE_NOOP("ArchetypeNames", "Subversive potential") },
        { "criticalAnalysis", QT_TRANSLATE_NOOP("ArchetypeNames", "Critical analysis") },
        { "explorativePotential", QT_TRANSLATE_NOOP("ArchetypeNames", "Explorative potential") },
        { "boundaryPushing", QT_TRANSLATE_NOOP("ArchetypeNames", "Boundary pushing") },
        { "sensualAwareness", QT_TRANSLATE_NOOP("ArchetypeNames", "Sensual awareness") },
        { "passionateIntensity", QT_TRANSLATE_NOOP("ArchetypeNames", "Passionate intensity") },
        { "historicalAccuracy", QT_TRANSLATE_NOOP("ArchetypeNames", "Historical accuracy") },
        { "temporalConsistency", QT_TRANSLATE_NOOP("ArchetypeNames", "Temporal consistency") },
        { "contextualRecall", QT_TRANSLATE_NOOP("ArchetypeNames", "Contextual recall") },
        { "eventSignificance", QT_TRANSLATE_NOOP("ArchetypeNames", "Event significance") },
        { "researchDepth", QT_TRANSLATE_NOOP("ArchetypeNames", "Research depth") },
        { "informationSynthesis", QT_TRANSLATE_NOOP("ArchetypeNames", "Information synthesis") },
        { "curiosityLevel", QT_TRANSLATE_NOOP("ArchetypeNames", "Curiosity level") },
        { "knowledgeRelevance", QT_TRANSLATE_NOOP("ArchetypeNames", "Knowledge relevance") },
        { "analyticalClarity", QT_TRANSLATE_NOOP("ArchetypeNames", "Analytical clarity") },
        { "logicalReasoning", QT_TRANSLATE_NOOP("ArchetypeNames", "Logical reasoning") },
        { "structuredThinking", QT_TRANSLATE_NOOP("ArchetypeNames", "Structured thinking") },
        { "actionabilityScore", QT_TRANSLATE_NOOP("ArchetypeNames", "Actionability score") },
        { "riskAwareness", QT_TRANSLATE_NOOP("ArchetypeNames", "Risk awareness") },
        { "cautionLevel", QT_TRANSLATE_NOOP("ArchetypeNames", "Caution level") },
        { "safetyConsideration", QT_TRANSLATE_NOOP("ArchetypeNames", "Safety consideration") },
        { "mitigationStrategy", QT_TRANSLATE_NOOP("ArchetypeNames", "Mitigation strategy") },
    } };
    return table;
}
} // namespace

QString metricTitle(const QString &key)
{
    for (const auto &[name, title] : titles()) {
        if (key == QLatin1String(name))
            return QCoreApplication::translate("ArchetypeNames", title);
    }
    return key;
}

QStringList metricTitles(int archetype)
{
    QStringList result;
    for (const QString &key : Archetypes::metricNames(archetype))
        result << metricTitle(key);
    return result;
}

} // namespace ArchetypeNames
