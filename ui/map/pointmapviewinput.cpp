// PointMapView: hit-testing, selection and mouse/keyboard interaction.
#include "compute/pointindex.h"
#include "map/pointmapview.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace {
constexpr double ClickSlop = 4.0; // pixels a press may move and still be a click
}

int PointMapView::pointAt(QPointF screenPos, double radiusPixels) const
{
    if (!m_index)
        return -1;
    const QSize s = size();
    return m_index->nearest(float(m_viewport.toDataX(screenPos.x(), s)), float(m_viewport.toDataY(screenPos.y(), s)),
        float(radiusPixels / m_viewport.scale));
}

std::vector<int> PointMapView::pointsInRect(const QRectF &screenRect) const
{
    if (!m_index)
        return {};
    const QSize s = size();
    const QRectF r = screenRect.normalized();
    return m_index->inRect(float(m_viewport.toDataX(r.left(), s)), float(m_viewport.toDataY(r.bottom(), s)),
        float(m_viewport.toDataX(r.right(), s)), float(m_viewport.toDataY(r.top(), s)));
}

std::vector<int> PointMapView::pointsInPolygon(const QPolygonF &screenPolygon) const
{
    if (!m_index)
        return {};
    const QSize s = size();
    std::vector<compute::Point2> polygon;
    polygon.reserve(std::size_t(screenPolygon.size()));
    for (const QPointF &p : screenPolygon)
        polygon.push_back({ float(m_viewport.toDataX(p.x(), s)), float(m_viewport.toDataY(p.y(), s)) });
    return m_index->inPolygon(polygon);
}

void PointMapView::highlightIds(const QSet<QString> &ids)
{
    m_highlight.clear();
    if (m_data && !ids.isEmpty()) {
        if (m_indexOfId.isEmpty()) {
            m_indexOfId.reserve(m_data->ids.size());
            for (int i = 0; i < m_data->ids.size(); ++i)
                m_indexOfId.insert(m_data->ids.at(i), i);
        }
        for (const QString &id : ids) {
            const auto it = m_indexOfId.constFind(id);
            if (it != m_indexOfId.constEnd())
                m_highlight.push_back(it.value());
        }
        std::sort(m_highlight.begin(), m_highlight.end());
    }
    recolor();
    requestFrame();
}

void PointMapView::setSelectedIndices(std::vector<int> indices)
{
    const int n = m_data ? int(m_data->size()) : 0;
    indices.erase(
        std::remove_if(indices.begin(), indices.end(), [n](int i) { return i < 0 || i >= n; }), indices.end());
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    if (indices == m_selection)
        return;
    m_selection = std::move(indices);
    recolor();
    requestFrame();
    Q_EMIT selectionChanged(selectedIds());
}

QStringList PointMapView::selectedIds() const
{
    QStringList ids;
    if (!m_data || m_data->ids.isEmpty())
        return ids;
    ids.reserve(qsizetype(m_selection.size()));
    for (int i : m_selection)
        ids.append(m_data->ids.at(i));
    return ids;
}

void PointMapView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_pressPos = m_lastPos = event->position();
    const Qt::KeyboardModifiers mods = event->modifiers();
    if ((mods & Qt::AltModifier) || m_tool == Tool::Lasso)
        m_drag = Drag::Lasso;
    else if ((mods & Qt::ShiftModifier) || m_tool == Tool::RubberBand)
        m_drag = Drag::RubberBand;
    else
        m_drag = Drag::Pan;
    m_lasso = QPolygonF { m_pressPos };
    QToolTip::hideText();
}

void PointMapView::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    switch (m_drag) {
    case Drag::None:
        updateHover(pos, event->globalPosition().toPoint());
        return;
    case Drag::Pan:
        // A click may wobble a few pixels without moving the map.
        if (m_lastPos == m_pressPos && (pos - m_pressPos).manhattanLength() <= ClickSlop)
            return;
        panBy(pos - m_lastPos);
        m_lastPos = pos;
        return;
    case Drag::Lasso:
        if (QLineF(m_lasso.last(), pos).length() >= 2.0)
            m_lasso.append(pos);
        break;
    case Drag::RubberBand:
        break;
    }
    m_lastPos = pos;
    update();
}

void PointMapView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_drag == Drag::None) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    finishDrag(event->position());
}

void PointMapView::finishDrag(QPointF pos)
{
    const Drag drag = m_drag;
    m_drag = Drag::None;
    const bool click = (pos - m_pressPos).manhattanLength() <= ClickSlop;
    if (click) {
        const int index = pointAt(pos);
        setSelectedIndices(index >= 0 ? std::vector<int> { index } : std::vector<int> {});
        if (index >= 0)
            Q_EMIT pointClicked(index, m_data && !m_data->ids.isEmpty() ? m_data->ids.at(index) : QString());
    } else if (drag == Drag::RubberBand) {
        setSelectedIndices(pointsInRect(QRectF(m_pressPos, pos)));
    } else if (drag == Drag::Lasso) {
        m_lasso.append(pos);
        setSelectedIndices(pointsInPolygon(m_lasso));
    }
    m_lasso.clear();
    update();
}

void PointMapView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        event->ignore();
        return;
    }
    zoomAt(event->position(), std::pow(1.0015, delta)); // one notch (120) ≈ ×1.2
    event->accept();
}

void PointMapView::keyPressEvent(QKeyEvent *event)
{
    const QPointF centre(width() / 2.0, height() / 2.0);
    switch (event->key()) {
    case Qt::Key_Home:
    case Qt::Key_0:
        fitToView();
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomAt(centre, 1.25);
        break;
    case Qt::Key_Minus:
        zoomAt(centre, 0.8);
        break;
    case Qt::Key_Escape:
        m_drag = Drag::None;
        m_lasso.clear();
        setSelectedIndices({});
        update();
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

void PointMapView::leaveEvent(QEvent *event)
{
    if (m_hovered >= 0) {
        m_hovered = -1;
        Q_EMIT hoveredChanged(-1);
        update();
    }
    QWidget::leaveEvent(event);
}

void PointMapView::updateHover(QPointF pos, QPoint globalPos)
{
    const int index = pointAt(pos);
    if (index == m_hovered)
        return;
    m_hovered = index;
    Q_EMIT hoveredChanged(index);
    update();
    if (index < 0) {
        QToolTip::hideText();
        return;
    }
    QString text;
    if (m_tooltipProvider) {
        text = m_tooltipProvider(index);
    } else {
        if (!m_data->ids.isEmpty())
            text = m_data->ids.at(index);
        if (!m_data->cluster.empty()) {
            const int cluster = m_data->cluster[std::size_t(index)];
            const QString label = m_clusterLabels.value(cluster);
            const QString line = cluster < 0 ? tr("Noise (no cluster)")
                : label.isEmpty()            ? tr("Cluster %1").arg(cluster)
                                             : tr("Cluster %1: %2").arg(cluster).arg(label);
            text = text.isEmpty() ? line : text + QLatin1Char('\n') + line;
        }
    }
    QToolTip::showText(globalPos, text, this);
}
