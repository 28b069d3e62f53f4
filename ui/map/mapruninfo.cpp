#include "map/mapruninfo.h"

#include <QJsonArray>
#include <QStringList>

QString MapRunInfo::kChoice(const QJsonObject &quality, const QLocale &locale)
{
    const QJsonArray candidates = quality.value(QStringLiteral("kCandidates")).toArray();
    if (candidates.isEmpty())
        return {};
    const int k = quality.value(QStringLiteral("k")).toInt();
    QStringList curve;
    for (const QJsonValue &value : candidates) {
        const QJsonObject candidate = value.toObject();
        const int tried = candidate.value(QStringLiteral("k")).toInt();
        const QJsonValue score = candidate.value(QStringLiteral("silhouette"));
        QString entry = tr("%1 → %2", "k → silhouette")
                            .arg(locale.toString(tried),
                                score.isDouble() ? locale.toString(score.toDouble(), 'f', 3) : tr("failed"));
        if (tried == k)
            entry = tr("[%1]", "the chosen k in the curve").arg(entry);
        curve << entry;
    }
    const QString criterion = quality.value(QStringLiteral("kCriterion")).toString();
    const QString why = criterion == QLatin1String("silhouetteKnee")
        ? tr("k = %1, at the knee of the silhouette curve (the silhouette still rose at the top of the range)")
        : tr("k = %1, the best silhouette");
    return why.arg(locale.toString(k)) + QStringLiteral(" · ")
        + tr("k → silhouette: %1").arg(curve.join(QStringLiteral(", ")));
}

QString MapRunInfo::projection(const QJsonObject &quality)
{
    if (quality.value(QStringLiteral("projectionUsed")).toString() != QLatin1String("reused"))
        return {};
    return tr("Points placed as in the saved run with the same data and projection: only the clustering is new.");
}
