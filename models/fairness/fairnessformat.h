#pragma once

#include "fairness/fairnessrecords.h"

#include <QCoreApplication>
#include <QString>

// How the fairness views write numbers, so the table, the charts' labels and the comparison agree: rates and
// ratios to two decimals with their 95 % interval, p-values to two significant digits (below 0.001 as
// "< 0.001"), and a suppressed group never as a number.
class FairnessFormat
{
    Q_DECLARE_TR_FUNCTIONS(FairnessFormat)
public:
    static QString number(double value, int decimals = 2); // "–" for NaN
    static QString withInterval(double value, double low, double high); // "0.42 (0.35–0.49)"
    static QString pValue(double p);
    static QString signedNumber(double value); // "+0.05", "−0.39"
    static QString suppressed(int minGroupSize); // "suppressed (n < 30)"
    static QString flagText(const GroupOutcome &group); // "reference", "below four-fifths", …
    static QString attributesText(const QStringList &attributes); // "age band × region"
    static QString attributeLabel(const QString &attribute); // "age_band" → "age band", "region" → "region"
    static QString periodText(const QDate &from, const QDate &to); // "all time", "from 1 Jan 2026", …
};
