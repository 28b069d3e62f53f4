// PointMapView: frames (async and synchronous), the overlay (labels, legend, selection tools) and images.
#include "map/pointmappalette.h"
#include "map/pointmapview.h"

#include <QPainter>
#include <QPainterPath>
#include <QResizeEvent>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>

MapFrameRequest PointMapView::makeRequest(QSize size, const MapViewport &viewport) const
{
    MapFrameRequest request;
    request.points = m_renderPoints;
    request.emphasis = m_emphasisPoints;
    request.viewport = viewport;
    request.size = size;
    request.mode = m_renderMode;
    request.background = palette().color(QPalette::Base).rgb();
    request.generation = m_generation;
    return request;
}

// Starts a render of the current view unless one is running; then the finished frame starts the next.
void PointMapView::requestFrame()
{
    ++m_generation;
    update(); // shows the last frame moved to the new viewport meanwhile
    if (m_synchronous) {
        renderNow();
        return;
    }
    if (m_watcher.isRunning()) {
        m_frameDirty = true;
        return;
    }
    m_frameDirty = false;
    if (size().isEmpty())
        return;
    const MapFrameRequest request = deviceRequest();
    std::shared_ptr<PointMapRenderer> renderer = m_workerRenderer;
    m_watcher.setFuture(QtConcurrent::run(m_pool, [renderer, request] { return renderer->render(request); }));
}

// The current view in device pixels, so frames stay sharp on high-DPI screens.
MapFrameRequest PointMapView::deviceRequest() const
{
    const double ratio = devicePixelRatioF();
    MapFrameRequest request = makeRequest(size() * ratio, m_viewport);
    request.viewport.scale *= ratio;
    return request;
}

void PointMapView::adoptFrame(MapFrame frame)
{
    const double ratio = devicePixelRatioF();
    frame.image.setDevicePixelRatio(ratio);
    frame.viewport.scale /= ratio;
    m_frame = std::move(frame);
}

void PointMapView::onFrameFinished()
{
    adoptFrame(m_watcher.result());
    update();
    if (m_frameDirty)
        requestFrame();
    else if (m_frame.generation == m_generation)
        Q_EMIT frameRendered();
}

const MapFrame &PointMapView::renderNow()
{
    m_watcher.waitForFinished();
    m_frameDirty = false;
    adoptFrame(m_syncRenderer.render(deviceRequest()));
    update();
    Q_EMIT frameRendered();
    return m_frame;
}

void PointMapView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_data && event->oldSize().isValid() && !event->oldSize().isEmpty()) {
        // Keep the same layout point centred and the same share of the layout visible.
        MapViewport v = m_viewport;
        v.scale *= std::min(double(width()) / event->oldSize().width(), double(height()) / event->oldSize().height());
        setViewport(v);
    } else if (m_data) {
        fitToView();
    }
}

void PointMapView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRgb background = palette().color(QPalette::Base).rgb();
    painter.fillRect(rect(), QColor(background));
    if (!m_frame.image.isNull()) {
        if (m_frame.viewport == m_viewport && m_frame.image.deviceIndependentSize().toSize() == size()) {
            painter.drawImage(QPointF(0, 0), m_frame.image);
        } else {
            // The last frame, moved and scaled to where its layout now appears.
            const QSizeF frameSize = m_frame.image.deviceIndependentSize();
            const QSize frameSizeI = frameSize.toSize();
            const double left = m_viewport.toScreenX(m_frame.viewport.toDataX(0, frameSizeI), size());
            const double top = m_viewport.toScreenY(m_frame.viewport.toDataY(0, frameSizeI), size());
            const double ratio = m_viewport.scale / m_frame.viewport.scale;
            if (ratio == 1.0) { // a pan: a plain blit, much cheaper than a scaled one
                painter.drawImage(QPointF(std::round(left), std::round(top)), m_frame.image);
            } else {
                painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
                painter.drawImage(
                    QRectF(left, top, frameSize.width() * ratio, frameSize.height() * ratio), m_frame.image);
            }
        }
    } else if (!m_data) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No map yet."));
    }
    paintOverlay(painter, size(), m_viewport);

    // The hovered point's ring and the selection tool in progress belong to the screen, not to exports.
    painter.setRenderHint(QPainter::Antialiasing);
    if (m_hovered >= 0 && m_data) {
        const QPointF p(m_viewport.toScreenX(m_data->x[std::size_t(m_hovered)], size()),
            m_viewport.toScreenY(m_data->y[std::size_t(m_hovered)], size()));
        painter.setPen(QPen(QColor(30, 30, 30), 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(p, 6, 6);
    }
    const QColor toolColor = palette().color(QPalette::Highlight);
    QColor fill = toolColor;
    fill.setAlpha(40);
    if (m_drag == Drag::RubberBand) {
        painter.setPen(QPen(toolColor, 1, Qt::DashLine));
        painter.setBrush(fill);
        painter.drawRect(QRectF(m_pressPos, m_lastPos).normalized());
    } else if (m_drag == Drag::Lasso && m_lasso.size() > 1) {
        painter.setPen(QPen(toolColor, 1.5, Qt::DashLine));
        painter.setBrush(fill);
        painter.drawPolygon(m_lasso);
    }
}

std::vector<MapLabel> PointMapView::placedLabelsFor(QSize size, const MapViewport &viewport) const
{
    if (m_clusterLabels.isEmpty() || !m_layout || m_layout->anchors.empty())
        return {};
    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF metrics(bold);
    std::vector<MapLabelCandidate> candidates;
    for (const PointMapLayout::Anchor &a : m_layout->anchors) {
        const QString text = m_clusterLabels.value(a.cluster);
        if (text.isEmpty())
            continue;
        const QPointF anchor(viewport.toScreenX(a.x, size), viewport.toScreenY(a.y, size));
        const QSizeF box(metrics.horizontalAdvance(text) + 12, metrics.height() + 6); // room for padding
        candidates.push_back({ a.cluster, text, box, anchor, double(a.size) });
    }
    std::vector<MapLabel> labels;
    for (const PlacedMapLabel &p : placeMapLabels(candidates, QRectF(QPointF(0, 0), QSizeF(size)))) {
        const MapLabelCandidate &c = candidates[std::size_t(p.candidate)];
        labels.push_back({ c.cluster, c.text, p.rect });
    }
    return labels;
}
