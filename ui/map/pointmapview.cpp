#include "map/pointmapview.h"

#include "map/pointmappalette.h"

#include <QThreadPool>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <iterator>

PointMapView::PointMapView(QWidget *parent)
    : QWidget(parent)
    , m_pool(new QThreadPool(this))
    , m_workerRenderer(std::make_shared<PointMapRenderer>())
{
    m_pool->setMaxThreadCount(1); // one frame in flight; newer requests coalesce behind it
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    connect(&m_watcher, &QFutureWatcher<MapFrame>::finished, this, &PointMapView::onFrameFinished);
}

PointMapView::~PointMapView()
{
    m_watcher.waitForFinished();
}

void PointMapView::setData(PointMapDataPtr data)
{
    setLayout(PointMapLayout::build(std::move(data)));
}

void PointMapView::setLayout(PointMapLayoutPtr layout)
{
    m_layout = std::move(layout);
    m_data = m_layout ? m_layout->data : nullptr;
    m_index = m_layout ? m_layout->index : nullptr;
    m_selection.clear();
    m_highlight.clear();
    m_indexOfId.clear();
    m_hovered = -1;
    m_renderPoints = m_layout ? m_layout->points : MapPointSet {};
    recolor();
    fitToView();
}

void PointMapView::replaceData(PointMapDataPtr data)
{
    if (!m_layout || !data || data->size() != m_data->size() || !data->isConsistent())
        return;
    auto layout = std::make_shared<PointMapLayout>(*m_layout);
    layout->data = data;
    m_layout = std::move(layout);
    m_data = std::move(data);
    recolor();
    requestFrame();
}

void PointMapView::setClusterPaletteMap(const QHash<int, int> &slots)
{
    m_paletteSlots = slots;
    recolor();
    requestFrame();
}

QRgb PointMapView::clusterColor(int cluster) const
{
    return PointMapPalette::qualitative(cluster < 0 ? cluster : m_paletteSlots.value(cluster, cluster));
}

void PointMapView::setColorMode(MapColorMode mode)
{
    m_colorMode = mode;
    recolor();
    requestFrame();
}

void PointMapView::setLegendTitle(const QString &title)
{
    m_legendTitle = title;
    update();
}

void PointMapView::setRenderMode(MapRenderMode mode)
{
    m_renderMode = mode;
    requestFrame();
}

void PointMapView::setClusterLabels(const QHash<int, QString> &labels)
{
    m_clusterLabels = labels;
    update();
}

void PointMapView::setTooltipProvider(std::function<QString(int)> provider)
{
    m_tooltipProvider = std::move(provider);
}

QRgb PointMapView::pointColor(int index) const
{
    if (!m_data || index < 0 || std::size_t(index) >= m_data->size())
        return PointMapPalette::qualitative(-1);
    const PointMapData &d = *m_data;
    switch (m_colorMode) {
    case MapColorMode::Cluster:
        return clusterColor(d.cluster.empty() ? 0 : d.cluster[std::size_t(index)]);
    case MapColorMode::Category:
        return PointMapPalette::qualitative(d.category.empty() ? -1 : d.category[std::size_t(index)]);
    case MapColorMode::Value: {
        if (d.value.empty())
            return PointMapPalette::sequential(std::nan(""));
        const float span = m_valueMax - m_valueMin;
        const float v = d.value[std::size_t(index)];
        return PointMapPalette::sequential(span > 0 ? (v - m_valueMin) / span : 0.5);
    }
    }
    return PointMapPalette::qualitative(-1);
}

// Rebuilds the per-point colours: the mode's colour, mixed towards the background for points outside
// the emphasised set (the selection and the highlight together).
void PointMapView::recolor()
{
    if (!m_layout) {
        m_colors.reset();
        m_emphasis.reset();
        m_renderPoints.colors.reset();
        m_emphasisPoints = {};
        return;
    }
    if (m_colorMode == MapColorMode::Value && !m_data->value.empty()) {
        m_valueMin = std::numeric_limits<float>::max();
        m_valueMax = std::numeric_limits<float>::lowest();
        for (float v : m_data->value) {
            if (std::isfinite(v)) {
                m_valueMin = std::min(m_valueMin, v);
                m_valueMax = std::max(m_valueMax, v);
            }
        }
        if (m_valueMin > m_valueMax)
            m_valueMin = m_valueMax = 0;
    }
    std::vector<int> emphasis;
    std::set_union(
        m_selection.begin(), m_selection.end(), m_highlight.begin(), m_highlight.end(), std::back_inserter(emphasis));
    auto colors = std::make_shared<std::vector<QRgb>>(m_data->size());
    for (std::size_t i = 0; i < colors->size(); ++i)
        (*colors)[i] = pointColor(int(i));
    if (!emphasis.empty()) {
        std::vector<char> emphasised(colors->size(), 0);
        for (int i : emphasis)
            emphasised[std::size_t(i)] = 1;
        const QRgb background = palette().color(QPalette::Base).rgb();
        for (std::size_t i = 0; i < colors->size(); ++i) {
            if (!emphasised[i])
                (*colors)[i] = PointMapPalette::mix((*colors)[i], background, 0.82);
        }
    }
    const std::vector<std::uint32_t> &order = m_layout->order;
    auto ordered = std::make_shared<std::vector<QRgb>>(order.size());
    for (std::size_t k = 0; k < order.size(); ++k)
        (*ordered)[k] = (*colors)[order[k]];
    m_renderPoints.colors = std::move(ordered);

    auto ex = std::make_shared<std::vector<float>>(), ey = std::make_shared<std::vector<float>>();
    auto ec = std::make_shared<std::vector<QRgb>>();
    for (int i : emphasis) {
        ex->push_back(m_data->x[std::size_t(i)]);
        ey->push_back(m_data->y[std::size_t(i)]);
        ec->push_back((*colors)[std::size_t(i)]);
    }
    m_emphasisPoints = { std::move(ex), std::move(ey), std::move(ec) };
    m_colors = std::move(colors);
    m_emphasis = std::make_shared<const std::vector<int>>(emphasis);
}

double PointMapView::fitScale() const
{
    // A single point (or a line) has no extent on some axis: treat that extent as one layout unit.
    const QRectF bounds = m_layout ? m_layout->bounds : QRectF();
    const double w = bounds.width() > 0 ? bounds.width() : 1.0;
    const double h = bounds.height() > 0 ? bounds.height() : 1.0;
    return std::min(std::max(width(), 1) / w, std::max(height(), 1) / h) * 0.92;
}

void PointMapView::fitToView()
{
    MapViewport v;
    if (m_layout && !m_layout->bounds.isNull()) {
        v.centerX = m_layout->bounds.center().x();
        v.centerY = m_layout->bounds.center().y();
        v.scale = fitScale();
    }
    setViewport(v);
}

void PointMapView::setViewport(const MapViewport &viewport)
{
    if (!(viewport.scale > 0) || !std::isfinite(viewport.centerX) || !std::isfinite(viewport.centerY))
        return;
    m_viewport = viewport;
    requestFrame();
    Q_EMIT viewportChanged();
}

void PointMapView::zoomAt(QPointF screenPos, double factor)
{
    const double fit = fitScale();
    const double scale = std::clamp(m_viewport.scale * factor, fit / 8, fit * 10000);
    const QSize s = size();
    const double dataX = m_viewport.toDataX(screenPos.x(), s), dataY = m_viewport.toDataY(screenPos.y(), s);
    MapViewport v = m_viewport;
    v.scale = scale;
    // Solve toScreen(data) == screenPos for the new centre.
    v.centerX = dataX - (screenPos.x() - s.width() / 2.0) / scale;
    v.centerY = dataY + (screenPos.y() - s.height() / 2.0) / scale;
    setViewport(v);
}

void PointMapView::panBy(QPointF pixels)
{
    MapViewport v = m_viewport;
    v.centerX -= pixels.x() / v.scale;
    v.centerY += pixels.y() / v.scale;
    setViewport(v);
}
