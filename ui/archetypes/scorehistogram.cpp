#include "archetypes/scorehistogram.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <numeric>

namespace {
qint64 sum(const ScoreHistogram::Bins &bins)
{
    return std::accumulate(bins.cbegin(), bins.cend(), qint64(0));
}
} // namespace

ScoreHistogram::ScoreHistogram(QWidget *parent)
    : QWidget(parent)
    , m_color(Qt::darkGray)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ScoreHistogram::setTitle(const QString &title)
{
    m_title = title;
    update();
}

void ScoreHistogram::setNote(const QString &note)
{
    m_note = note;
    update();
}

void ScoreHistogram::setColor(const QColor &color)
{
    m_color = color;
    update();
}

void ScoreHistogram::setBins(const Bins &bins, const std::optional<Box> &box)
{
    m_bins = bins;
    m_box = box;
    m_comparison.reset();
    update();
}

void ScoreHistogram::setComparison(const Bins &bins, const QString &label, const QString &mainLabel)
{
    m_comparison = bins;
    m_comparisonLabel = label;
    m_mainLabel = mainLabel;
    update();
}

void ScoreHistogram::clear()
{
    m_bins = {};
    m_box.reset();
    m_comparison.reset();
    m_note.clear();
    update();
}

qint64 ScoreHistogram::total() const
{
    return sum(m_bins);
}

QSize ScoreHistogram::sizeHint() const
{
    return { 320, 200 };
}

QSize ScoreHistogram::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    return { 180, 6 * line + 40 };
}

void ScoreHistogram::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int line = fm.height();
    QRect area = rect().adjusted(6, 4, -8, -4);

    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(area.left(), area.top(), area.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(bold).elidedText(m_title, Qt::ElideRight, area.width()));
    p.setFont(font());
    area.setTop(area.top() + line + 2);
    if (!m_note.isEmpty()) {
        p.setPen(QColor(0x9a, 0x4d, 0x00));
        p.drawText(QRect(area.left(), area.top(), area.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
            fm.elidedText(m_note, Qt::ElideRight, area.width()));
        area.setTop(area.top() + line + 2);
    }
    if (m_comparison) {
        // Legend: a filled square for the main bins, an outlined one for the comparison.
        const int sq = line - 4;
        int x = area.left();
        p.fillRect(QRect(x, area.top() + 2, sq, sq), m_color);
        x += sq + 4;
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QPoint(x, area.top() + fm.ascent()), m_mainLabel);
        x += fm.horizontalAdvance(m_mainLabel) + 12;
        p.setPen(QPen(palette().color(QPalette::WindowText), 1.5));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRect(x, area.top() + 2, sq, sq));
        x += sq + 4;
        p.drawText(QPoint(x, area.top() + fm.ascent()), m_comparisonLabel);
        area.setTop(area.top() + line + 2);
    }

    const int axisHeight = line + 4;
    const int boxHeight = m_box ? line : 0;
    const QRect plot(area.left(), area.top(), area.width(), area.height() - axisHeight - boxHeight - 4);
    if (plot.height() < 10 || plot.width() < 40)
        return;

    const qint64 mainTotal = sum(m_bins);
    const qint64 otherTotal = m_comparison ? sum(*m_comparison) : 0;
    double top = 0;
    for (std::size_t i = 0; i < m_bins.size(); ++i) {
        if (mainTotal > 0)
            top = std::max(top, double(m_bins[i]) / double(mainTotal));
        if (otherTotal > 0)
            top = std::max(top, double((*m_comparison)[i]) / double(otherTotal));
    }
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    const double binWidth = double(plot.width()) / double(m_bins.size());
    if (top > 0) {
        for (std::size_t i = 0; i < m_bins.size(); ++i) {
            const double x = plot.left() + binWidth * double(i);
            if (mainTotal > 0) {
                const double h = double(m_bins[i]) / double(mainTotal) / top * plot.height();
                p.fillRect(QRectF(x + 1, plot.bottom() - h, binWidth - 2, h), m_color);
            }
            if (otherTotal > 0) {
                const double h = double((*m_comparison)[i]) / double(otherTotal) / top * plot.height();
                p.setPen(QPen(palette().color(QPalette::WindowText), 1.5));
                p.setBrush(Qt::NoBrush);
                p.drawRect(QRectF(x + 1, plot.bottom() - h, binWidth - 2, h));
            }
        }
    } else {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter, tr("No values"));
    }

    const auto xOf = [&](double v) { return plot.left() + std::clamp(v, 0.0, 1.0) * plot.width(); };
    if (m_box && mainTotal > 0) {
        const double y = plot.bottom() + 4 + boxHeight / 2.0;
        const double half = boxHeight / 2.0 - 2;
        p.setPen(QPen(palette().color(QPalette::WindowText), 1.2));
        p.drawLine(QPointF(xOf(m_box->min), y), QPointF(xOf(m_box->max), y));
        p.drawLine(QPointF(xOf(m_box->min), y - half), QPointF(xOf(m_box->min), y + half));
        p.drawLine(QPointF(xOf(m_box->max), y - half), QPointF(xOf(m_box->max), y + half));
        QColor fill = m_color.lighter(150);
        p.setBrush(fill);
        p.drawRect(QRectF(QPointF(xOf(m_box->q1), y - half), QPointF(xOf(m_box->q3), y + half)));
        p.setPen(QPen(palette().color(QPalette::WindowText), 2.5));
        p.drawLine(QPointF(xOf(m_box->median), y - half), QPointF(xOf(m_box->median), y + half));
    }

    // Axis labels at 0, 0.5 and 1; the outer two inside the plot's edges so none is clipped.
    const QLocale locale;
    p.setPen(palette().color(QPalette::WindowText));
    const int labelTop = plot.bottom() + boxHeight + 6;
    const QRect labels(plot.left(), labelTop, plot.width(), line);
    p.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, locale.toString(0.0, 'f', 0));
    p.drawText(labels, Qt::AlignHCenter | Qt::AlignVCenter, locale.toString(0.5, 'f', 1));
    p.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, locale.toString(1.0, 'f', 0));
}
