#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QLocale>
#include <QString>

// Lines under the map that say how a run came about, read from its quality JSON (MapPipeline writes it).
class MapRunInfo
{
    Q_DECLARE_TR_FUNCTIONS(MapRunInfo)

public:
    // Automatic k: the chosen k, the rule that chose it and the silhouette of every k tried
    // ("k = 21, at the knee of the silhouette curve · 8 → 0.061 · 13 → 0.100 · … · 21 → 0.165 ◂ · …").
    // Empty when the run did not choose its k.
    static QString kChoice(const QJsonObject &quality, const QLocale &locale = {});
    // "Points placed as in an earlier run …" when the run reused a saved projection; empty otherwise.
    static QString projection(const QJsonObject &quality);
};
