#include "archetypes/archetypestatecard.h"

#include "archetypes/archetypeformat.h"
#include "archetypes/archetypepalette.h"
#include "core/archetypes.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <climits>

ArchetypeStateCard::ArchetypeStateCard(int archetype, QWidget *parent)
    : QWidget(parent)
    , m_archetype(archetype)
{
    setObjectName(QStringLiteral("stateCard%1").arg(archetype));
    setCursor(Qt::PointingHandCursor);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setAttribute(Qt::WA_Hover);
}

void ArchetypeStateCard::setChange(const ArchetypeChange &change, int windowDays)
{
    m_change = change;
    m_windowDays = windowDays;
    m_loaded = true;
    QStringList lines;
    lines << tr("%1 — %2").arg(Archetypes::name(m_archetype), Archetypes::title(m_archetype));
    for (int m = 0; m < 4; ++m) {
        const double now = change.now[std::size_t(m)];
        lines << (change.hasBefore
                ? tr("%1: %2 (%3 in %n days)", nullptr, windowDays)
                      .arg(ArchetypeFormat::metricTitle(m_archetype, m), ArchetypeFormat::score(now, 3),
                          ArchetypeFormat::signedScore(now - change.before[std::size_t(m)], 3))
                : tr("%1: %2").arg(ArchetypeFormat::metricTitle(m_archetype, m), ArchetypeFormat::score(now, 3)));
    }
    lines << tr("Influence: %1").arg(ArchetypeFormat::score(change.influenceNow, 3));
    lines << tr("%Ln evaluations in the window", nullptr, int(std::min<qint64>(change.evaluations, INT_MAX)));
    if (!change.hasBefore)
        lines << tr("No state from before the window, so no change to show.");
    setToolTip(lines.join(QLatin1Char('\n')));
    updateGeometry();
    update();
}

void ArchetypeStateCard::setMovedMost(bool movedMost)
{
    m_movedMost = movedMost;
    update();
}

void ArchetypeStateCard::setSelected(bool selected)
{
    m_selected = selected;
    update();
}

int ArchetypeStateCard::rowHeight() const
{
    return fontMetrics().height() + 3;
}

QSize ArchetypeStateCard::sizeHint() const
{
    return { 290, rowHeight() * 7 + 14 };
}

QSize ArchetypeStateCard::minimumSizeHint() const
{
    return { 230, rowHeight() * 7 + 14 };
}

void ArchetypeStateCard::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        Q_EMIT chooseRequested(m_archetype);
    QWidget::mouseReleaseEvent(event);
}

void ArchetypeStateCard::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor colour = ArchetypePalette::color(m_archetype);
    const QFontMetrics fm = fontMetrics();
    const int row = rowHeight();

    QRectF frame = QRectF(rect()).adjusted(1.5, 1.5, -1.5, -1.5);
    p.setBrush(m_selected ? palette().color(QPalette::AlternateBase) : palette().color(QPalette::Base));
    p.setPen(QPen(m_movedMost ? colour : palette().color(QPalette::Mid), m_movedMost ? 3.0 : 1.0));
    p.drawRoundedRect(frame, 4, 4);

    const QRect inner = rect().adjusted(8, 5, -8, -5);
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    // The archetype's colour, darkened on a light card and lightened on a dark one, so the title reads on both.
    p.setPen(palette().color(QPalette::Base).lightness() < 128 ? colour.lighter(150) : colour.darker(120));
    const QString badge = m_movedMost ? tr("moved most") : QString();
    const int badgeWidth = badge.isEmpty() ? 0 : fm.horizontalAdvance(badge) + 12;
    const QRect titleRect(inner.left(), inner.top(), inner.width() - badgeWidth, row);
    p.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(bold).elidedText(tr("%1 — %2").arg(Archetypes::name(m_archetype), Archetypes::title(m_archetype)),
            Qt::ElideRight, titleRect.width()));
    if (!badge.isEmpty()) {
        const QRect badgeRect(inner.right() - badgeWidth + 1, inner.top() + 1, badgeWidth, row - 2);
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawRoundedRect(badgeRect, 3, 3);
        p.setFont(font());
        p.setPen(Qt::white);
        p.drawText(badgeRect, Qt::AlignCenter, badge);
    }
    p.setFont(font());
    if (!m_loaded)
        return;

    // Columns: name | bar | value | change. The numbers take their text's width; the name is elided.
    const QString widestValue = ArchetypeFormat::score(0.888);
    const QString widestChange = ArchetypeFormat::signedScore(-0.888);
    const int valueWidth = fm.horizontalAdvance(widestValue) + 6;
    const int changeWidth = fm.horizontalAdvance(widestChange) + 6;
    // The names get what they need first (bold, as the emphasised one is drawn); the bar takes the rest, 40 to 90.
    QFont boldRow = font();
    boldRow.setBold(true);
    int widestName = QFontMetrics(boldRow).horizontalAdvance(tr("Influence"));
    for (int m = 0; m < 4; ++m)
        widestName = std::max(
            widestName, QFontMetrics(boldRow).horizontalAdvance(ArchetypeFormat::metricTitle(m_archetype, m)));
    const int barWidth = std::clamp(inner.width() - widestName - valueWidth - changeWidth - 12, 40, 90);
    const int nameWidth = inner.width() - barWidth - valueWidth - changeWidth - 8;

    auto drawRow = [&](int index, const QString &name, double now, double before, bool hasBefore, bool emphasise) {
        const int y = inner.top() + row * (index + 1) + 2;
        p.setPen(palette().color(QPalette::WindowText));
        QFont f = font();
        f.setBold(emphasise);
        p.setFont(f);
        p.drawText(QRect(inner.left(), y, nameWidth, row), Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(f).elidedText(name, Qt::ElideRight, nameWidth));
        const QRectF bar(inner.left() + nameWidth + 4, y + 3, barWidth, row - 6);
        p.setPen(Qt::NoPen);
        p.setBrush(palette().color(QPalette::Midlight));
        p.drawRect(bar);
        p.setBrush(colour);
        p.drawRect(QRectF(bar.left(), bar.top(), bar.width() * std::clamp(now, 0.0, 1.0), bar.height()));
        if (hasBefore) {
            const double x = bar.left() + bar.width() * std::clamp(before, 0.0, 1.0);
            p.setPen(QPen(palette().color(QPalette::WindowText), 2));
            p.drawLine(QPointF(x, bar.top() - 2), QPointF(x, bar.bottom() + 2));
        }
        p.setPen(palette().color(QPalette::WindowText));
        const int valueLeft = int(bar.right()) + 4;
        p.drawText(
            QRect(valueLeft, y, valueWidth, row), Qt::AlignRight | Qt::AlignVCenter, ArchetypeFormat::score(now));
        const double delta = now - before;
        if (hasBefore && std::abs(delta) >= 0.005)
            p.setPen(delta > 0 ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xb0, 0x00, 0x20));
        else
            p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRect(valueLeft + valueWidth, y, changeWidth, row), Qt::AlignRight | Qt::AlignVCenter,
            hasBefore ? ArchetypeFormat::signedScore(delta) : QStringLiteral("–"));
    };
    const int most = m_change.hasBefore ? ArchetypeChanges::largestMetricChange(m_change) : -1;
    for (int m = 0; m < 4; ++m) {
        drawRow(m, ArchetypeFormat::metricTitle(m_archetype, m), m_change.now[std::size_t(m)],
            m_change.before[std::size_t(m)], m_change.hasBefore, m_movedMost && m == most);
    }
    drawRow(4, tr("Influence"), m_change.influenceNow, m_change.influenceBefore, m_change.hasBefore, false);
    p.setFont(font());
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(QRect(inner.left(), inner.top() + row * 6 + 2, inner.width(), row), Qt::AlignLeft | Qt::AlignVCenter,
        fm.elidedText(
            tr("%Ln evaluations in the window", nullptr, int(std::min<qint64>(m_change.evaluations, INT_MAX))),
            Qt::ElideRight, inner.width()));
}
