#include "map/pointmaplayout.h"

#include "compute/pointindex.h"

#include <cmath>
#include <limits>
#include <unordered_map>

namespace {

QRectF finiteBounds(const PointMapData &d)
{
    float minX = std::numeric_limits<float>::max(), minY = minX;
    float maxX = std::numeric_limits<float>::lowest(), maxY = maxX;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (std::isfinite(d.x[i]) && std::isfinite(d.y[i])) {
            minX = std::min(minX, d.x[i]);
            maxX = std::max(maxX, d.x[i]);
            minY = std::min(minY, d.y[i]);
            maxY = std::max(maxY, d.y[i]);
        }
    }
    return minX <= maxX ? QRectF(QPointF(minX, minY), QPointF(maxX, maxY)) : QRectF();
}

std::vector<PointMapLayout::Anchor> clusterAnchors(const PointMapData &d)
{
    std::vector<PointMapLayout::Anchor> anchors;
    if (d.cluster.empty())
        return anchors;
    struct Sum
    {
        double x = 0, y = 0;
        std::size_t n = 0;
        double best = std::numeric_limits<double>::max();
        std::size_t at = 0;
    };
    std::unordered_map<int, Sum> sums;
    const auto usable
        = [&d](std::size_t i) { return d.cluster[i] >= 0 && std::isfinite(d.x[i]) && std::isfinite(d.y[i]); };
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (!usable(i))
            continue;
        Sum &s = sums[d.cluster[i]];
        s.x += d.x[i];
        s.y += d.y[i];
        ++s.n;
    }
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (!usable(i))
            continue;
        Sum &s = sums[d.cluster[i]];
        const double dx = d.x[i] - s.x / double(s.n), dy = d.y[i] - s.y / double(s.n);
        if (dx * dx + dy * dy < s.best) {
            s.best = dx * dx + dy * dy;
            s.at = i;
        }
    }
    for (const auto &[cluster, s] : sums)
        anchors.push_back({ cluster, d.x[s.at], d.y[s.at], s.n });
    std::sort(anchors.begin(), anchors.end(), [](const auto &a, const auto &b) { return a.cluster < b.cluster; });
    return anchors;
}

} // namespace

PointMapLayoutPtr PointMapLayout::build(PointMapDataPtr data)
{
    if (!data || !data->isConsistent())
        return nullptr;
    auto layout = std::make_shared<PointMapLayout>();
    layout->data = data;
    layout->index = std::make_shared<const compute::PointIndex>(data->x, data->y);
    const auto order = layout->index->spatialOrder();
    layout->order.assign(order.begin(), order.end());
    auto x = std::make_shared<std::vector<float>>(order.size());
    auto y = std::make_shared<std::vector<float>>(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        (*x)[k] = data->x[order[k]];
        (*y)[k] = data->y[order[k]];
    }
    layout->points.x = std::move(x);
    layout->points.y = std::move(y);
    layout->bounds = finiteBounds(*data);
    layout->anchors = clusterAnchors(*data);
    return layout;
}
