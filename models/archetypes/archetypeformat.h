#pragma once

#include <QCoreApplication>
#include <QString>

// How the archetype dashboards name metrics and write numbers, so tables, charts and sentences agree:
// a metric index 0..3 is the archetype's own metric in words ("Emotional depth"), 4 and 5 are the evaluation's
// priority and confidence (ArchetypeMetrics), −1 is the archetype's influence; scores to two or three decimals
// in the chosen language's locale.
class ArchetypeFormat
{
    Q_DECLARE_TR_FUNCTIONS(ArchetypeFormat)
public:
    static QString metricTitle(int archetype, int metric);
    static QString archetypeName(int archetype); // "Ella-M"; "–" out of range
    static QString score(double value, int decimals = 2);
    static QString signedScore(double value, int decimals = 2); // "+0.05", "−0.39"
    static QString pValue(double p); // two significant digits; "< 0.001" below
    static QString share(double fraction); // "62 %"
    static QString version(const QString &model, const QString &promptVersion); // "all versions" when both empty
};
