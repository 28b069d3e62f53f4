#pragma once

#include <QPointF>
#include <QRectF>
#include <QString>

#include <vector>

// A label the map would like to draw: its text, the size that text takes, where it belongs (in
// pixels) and how important it is (the cluster's size).
struct MapLabelCandidate
{
    int cluster = 0;
    QString text;
    QSizeF size; // of the text's box, padding included
    QPointF anchor; // the cluster centre on screen
    double weight = 0; // larger first
};

struct PlacedMapLabel
{
    int candidate = 0; // index into the candidates
    QRectF rect; // on screen
};

// A cluster label as drawn: which cluster, its text and its box in widget pixels.
struct MapLabel
{
    int cluster = 0;
    QString text;
    QRectF rect;
};

// Greedy label decluttering: candidates in decreasing weight (ties: lower cluster id first) each try a
// box centred on the anchor, then just above it, then just below; the first box that lies inside
// `bounds` and keeps `gap` pixels from every box already placed is taken, otherwise the label is left
// out. So no two placed boxes intersect, the biggest clusters always get theirs, and zooming in (which
// spreads the anchors apart) lets more labels in. Pure and deterministic; O(labels²), meant for up to a
// few hundred candidates.
std::vector<PlacedMapLabel> placeMapLabels(
    const std::vector<MapLabelCandidate> &candidates, const QRectF &bounds, double gap = 4.0);
