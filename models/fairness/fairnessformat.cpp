#include "fairness/fairnessformat.h"

#include <QLocale>

#include <cmath>

QString FairnessFormat::number(double value, int decimals)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    return QLocale().toString(value, 'f', decimals);
}

QString FairnessFormat::withInterval(double value, double low, double high)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    if (!std::isfinite(low) || !std::isfinite(high))
        return tr("%1 (interval undefined)").arg(number(value)); // Katz's interval needs a selection in both
    return tr("%1 (%2–%3)").arg(number(value), number(low), number(high));
}

QString FairnessFormat::pValue(double p)
{
    if (!std::isfinite(p))
        return QStringLiteral("–");
    if (p < 0.001)
        return tr("< %1").arg(QLocale().toString(0.001, 'f', 3));
    return QLocale().toString(p, 'g', 2);
}

QString FairnessFormat::signedNumber(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    const QString magnitude = number(std::abs(value));
    if (magnitude == number(0.0))
        return magnitude;
    return (value < 0 ? QStringLiteral("−") : QStringLiteral("+")) + magnitude;
}

QString FairnessFormat::suppressed(int minGroupSize)
{
    return tr("suppressed (n < %1)").arg(minGroupSize);
}

QString FairnessFormat::flagText(const GroupOutcome &group)
{
    if (group.suppressed)
        return QString();
    if (group.isReference)
        return tr("reference");
    if (!std::isfinite(group.impactRatio))
        return tr("no ratio");
    if (group.impactRatio < 0.8)
        return tr("below four-fifths");
    if (group.impactRatio > 1.25)
        return tr("above 1.25");
    return tr("within 0.8–1.25");
}

QString FairnessFormat::attributeLabel(const QString &attribute)
{
    if (attribute == regionAttribute())
        return tr("region");
    if (attribute == jobRegionAttribute())
        return tr("job region");
    QString label = attribute;
    label.replace(QLatin1Char('_'), QLatin1Char(' '));
    return label;
}

QString FairnessFormat::attributesText(const QStringList &attributes)
{
    QStringList labels;
    for (const QString &attribute : attributes)
        labels << attributeLabel(attribute);
    return labels.join(QStringLiteral(" × "));
}

QString FairnessFormat::periodText(const QDate &from, const QDate &to)
{
    const QLocale locale;
    if (!from.isValid() && !to.isValid())
        return tr("all time");
    if (!to.isValid())
        return tr("from %1").arg(locale.toString(from, QLocale::ShortFormat));
    if (!from.isValid())
        return tr("until %1").arg(locale.toString(to, QLocale::ShortFormat));
    return tr("%1 to %2").arg(locale.toString(from, QLocale::ShortFormat), locale.toString(to, QLocale::ShortFormat));
}
