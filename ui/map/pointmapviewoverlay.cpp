// PointMapView: what is drawn over the points (cluster labels, legend, caption) and whole-view images.
#include "map/pointmappalette.h"
#include "map/pointmapview.h"

#include <QLinearGradient>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

void PointMapView::paintOverlay(QPainter &painter, QSize size, const MapViewport &viewport) const
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    for (const MapLabel &label : placedLabelsFor(size, viewport)) {
        const QRectF box = label.rect.adjusted(0.5, 0.5, -0.5, -0.5);
        painter.setPen(QPen(QColor(0, 0, 0, 60), 1));
        painter.setBrush(QColor(255, 255, 255, 215));
        painter.drawRoundedRect(box, 4, 4);
        // A stripe in the cluster's colour ties the label to its points.
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(clusterColor(label.cluster)));
        painter.drawRoundedRect(QRectF(box.left() + 2, box.top() + 3, 3, box.height() - 6), 1.5, 1.5);
        painter.setPen(QColor(32, 33, 36));
        painter.drawText(box.adjusted(6, 0, -2, 0), Qt::AlignCenter, label.text);
    }
    painter.setFont(font());
    paintLegend(painter, size);

    // Caption: how many points are shown and how, bottom right.
    if (m_data) {
        QString caption = tr("%Ln points", nullptr, int(m_data->size()));
        if (m_frame.mode == MapRenderMode::Density && !m_frame.image.isNull())
            caption += QStringLiteral(" · ") + tr("density view");
        if (!m_selection.empty())
            caption += QStringLiteral(" · ") + tr("%Ln selected", nullptr, int(m_selection.size()));
        const QFontMetrics metrics(font());
        const QRect text(0, 0, metrics.horizontalAdvance(caption) + 12, metrics.height() + 6);
        const QRect box = text.translated(size.width() - text.width() - 8, size.height() - text.height() - 8);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(255, 255, 255, 200));
        painter.drawRoundedRect(box, 4, 4);
        painter.setPen(QColor(70, 72, 76));
        painter.drawText(box, Qt::AlignCenter, caption);
    }
    painter.restore();
}

void PointMapView::paintLegend(QPainter &painter, QSize size) const
{
    if (!m_data)
        return;
    const QFontMetrics metrics(font());
    const int line = metrics.height();
    if (m_colorMode == MapColorMode::Value && !m_data->value.empty()) {
        // A ramp with its range, bottom left.
        const int rampWidth = 180;
        const QRect box(8, size.height() - 3 * line - 26, rampWidth + 16, 3 * line + 18);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(255, 255, 255, 215));
        painter.drawRoundedRect(box, 4, 4);
        painter.setPen(QColor(32, 33, 36));
        const QString title = m_legendTitle.isEmpty() ? tr("Value") : m_legendTitle;
        painter.drawText(QRect(box.left() + 8, box.top() + 6, rampWidth, line), Qt::AlignLeft, title);
        const QRect ramp(box.left() + 8, box.top() + 10 + line, rampWidth, 10);
        QLinearGradient gradient(ramp.topLeft(), ramp.topRight());
        for (int i = 0; i <= 16; ++i)
            gradient.setColorAt(i / 16.0, QColor(PointMapPalette::sequential(i / 16.0)));
        painter.fillRect(ramp, gradient);
        const QLocale locale;
        painter.drawText(QRect(ramp.left(), ramp.bottom() + 4, rampWidth, line), Qt::AlignLeft,
            locale.toString(double(m_valueMin), 'g', 3));
        painter.drawText(QRect(ramp.left(), ramp.bottom() + 4, rampWidth, line), Qt::AlignRight,
            locale.toString(double(m_valueMax), 'g', 3));
    } else if (m_colorMode == MapColorMode::Category && !m_data->categoryNames.isEmpty()) {
        // Swatches with names, top right; long lists end in "…".
        constexpr int MaxRows = 12;
        const int rows = std::min<int>(int(m_data->categoryNames.size()), MaxRows);
        int textWidth = metrics.horizontalAdvance(m_legendTitle);
        for (int i = 0; i < rows; ++i)
            textWidth = std::max(textWidth, metrics.horizontalAdvance(m_data->categoryNames.at(i)));
        const bool more = m_data->categoryNames.size() > MaxRows;
        const int height = (rows + (m_legendTitle.isEmpty() ? 0 : 1) + (more ? 1 : 0)) * line + 12;
        const QRect box(size.width() - textWidth - 40, 8, textWidth + 32, height);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(255, 255, 255, 215));
        painter.drawRoundedRect(box, 4, 4);
        int y = box.top() + 6;
        painter.setPen(QColor(32, 33, 36));
        if (!m_legendTitle.isEmpty()) {
            painter.drawText(QRect(box.left() + 8, y, textWidth + 20, line), Qt::AlignLeft, m_legendTitle);
            y += line;
        }
        for (int i = 0; i < rows; ++i, y += line) {
            painter.fillRect(QRect(box.left() + 8, y + line / 2 - 5, 10, 10), QColor(PointMapPalette::qualitative(i)));
            painter.drawText(
                QRect(box.left() + 24, y, textWidth + 4, line), Qt::AlignLeft, m_data->categoryNames.at(i));
        }
        if (more)
            painter.drawText(QRect(box.left() + 24, y, textWidth, line), Qt::AlignLeft, QStringLiteral("…"));
    }
}

QImage PointMapView::renderImage(QSize size) const
{
    if (size.isEmpty())
        size = this->size();
    // The same layout share as the widget shows, fitted to the requested size.
    MapViewport viewport = m_viewport;
    viewport.scale
        *= std::min(double(size.width()) / std::max(1, width()), double(size.height()) / std::max(1, height()));
    PointMapRenderer renderer;
    QImage image = renderer.render(makeRequest(size, viewport)).image;
    QPainter painter(&image);
    paintOverlay(painter, size, viewport);
    return image;
}

MapExportScene PointMapView::exportScene() const
{
    MapExportScene scene;
    scene.data = m_data;
    scene.colors = m_colors;
    scene.emphasis = m_emphasis;
    scene.viewport = m_viewport;
    scene.size = size();
    scene.background = palette().color(QPalette::Base).rgb();
    scene.labels = placedLabels();
    return scene;
}
