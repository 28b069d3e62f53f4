#include "map/maplabels.h"

#include <algorithm>
#include <numeric>

std::vector<PlacedMapLabel> placeMapLabels(
    const std::vector<MapLabelCandidate> &candidates, const QRectF &bounds, double gap)
{
    std::vector<int> order(candidates.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        if (candidates[a].weight != candidates[b].weight)
            return candidates[a].weight > candidates[b].weight;
        return candidates[a].cluster < candidates[b].cluster;
    });

    std::vector<PlacedMapLabel> placed;
    std::vector<QRectF> taken; // placed boxes grown by the gap, so a plain intersection test keeps them apart
    for (int index : order) {
        const MapLabelCandidate &c = candidates[std::size_t(index)];
        if (c.size.isEmpty() || c.text.isEmpty())
            continue;
        const QRectF centred(
            c.anchor.x() - c.size.width() / 2, c.anchor.y() - c.size.height() / 2, c.size.width(), c.size.height());
        const double shift = c.size.height() / 2 + gap;
        for (const QRectF &box : { centred, centred.translated(0, -shift), centred.translated(0, shift) }) {
            if (!bounds.contains(box))
                continue;
            const bool clashes
                = std::any_of(taken.begin(), taken.end(), [&](const QRectF &t) { return t.intersects(box); });
            if (clashes)
                continue;
            placed.push_back({ index, box });
            taken.push_back(box.adjusted(-gap, -gap, gap, gap));
            break;
        }
    }
    return placed;
}
