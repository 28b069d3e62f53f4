#include "archetypes/archetypeformat.h"

#include "archetypes/dashboardrecords.h"
#include "core/archetypenames.h"
#include "core/archetypes.h"

#include <QLocale>

#include <cmath>

QString ArchetypeFormat::metricTitle(int archetype, int metric)
{
    if (metric == -1)
        return tr("Influence");
    if (metric == ArchetypeMetrics::Priority)
        return tr("Archetype priority");
    if (metric == ArchetypeMetrics::Confidence)
        return tr("Confidence");
    if (archetype < 0 || archetype >= Archetypes::Count || metric < 0 || metric >= Archetypes::MetricsPerArchetype)
        return tr("Metric %1").arg(metric + 1);
    return ArchetypeNames::metricTitles(archetype).value(metric);
}

QString ArchetypeFormat::archetypeName(int archetype)
{
    if (archetype < 0 || archetype >= Archetypes::Count)
        return QStringLiteral("–");
    return Archetypes::name(archetype);
}

QString ArchetypeFormat::score(double value, int decimals)
{
    if (std::isnan(value))
        return QStringLiteral("–");
    return QLocale().toString(value, 'f', decimals);
}

QString ArchetypeFormat::signedScore(double value, int decimals)
{
    if (std::isnan(value))
        return QStringLiteral("–");
    const QString magnitude = QLocale().toString(std::abs(value), 'f', decimals);
    // A rounded zero carries no sign: "+0.00" would claim a direction the data does not have.
    if (magnitude == QLocale().toString(0.0, 'f', decimals))
        return magnitude;
    return (value < 0 ? QStringLiteral("\u2212") : QStringLiteral("+")) + magnitude;
}

QString ArchetypeFormat::pValue(double p)
{
    if (std::isnan(p))
        return QStringLiteral("–");
    if (p < 0.001)
        return tr("< %1").arg(QLocale().toString(0.001, 'f', 3));
    return QLocale().toString(p, 'g', 2);
}

QString ArchetypeFormat::share(double fraction)
{
    return tr("%1 %").arg(QLocale().toString(fraction * 100.0, 'f', 0));
}

QString ArchetypeFormat::version(const QString &model, const QString &promptVersion)
{
    if (model.isEmpty() && promptVersion.isEmpty())
        return tr("all versions");
    if (promptVersion.isEmpty())
        return model;
    if (model.isEmpty())
        return tr("prompt %1").arg(promptVersion);
    return tr("%1 · prompt %2").arg(model, promptVersion);
}
