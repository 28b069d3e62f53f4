#include "memories/filterchip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QToolButton>

FilterChip::FilterChip(const QString &label, QWidget *parent)
    : QFrame(parent)
    , m_label(new QLabel(label, this))
    , m_remove(new QToolButton(this))
{
    setObjectName(QStringLiteral("filterChip"));
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Click to change this condition"));
    m_label->setTextFormat(Qt::PlainText); // values a user typed are never markup
    m_remove->setObjectName(QStringLiteral("removeChip"));
    m_remove->setText(QStringLiteral("×"));
    m_remove->setAutoRaise(true);
    m_remove->setCursor(Qt::ArrowCursor);
    m_remove->setToolTip(tr("Remove this condition"));
    m_remove->setAccessibleName(tr("Remove %1").arg(label));
    // Colours from the palette, so the chip follows light and dark themes.
    const QPalette p = palette();
    const QColor fill = p.color(QPalette::Highlight).lighter(p.color(QPalette::Window).lightness() > 128 ? 185 : 60);
    setStyleSheet(QStringLiteral("QFrame#filterChip { background: %1; border: 1px solid %2; border-radius: 11px; }"
                                 "QToolButton#removeChip { border: none; padding: 0 2px; font-weight: bold; }")
                      .arg(fill.name(), p.color(QPalette::Highlight).name()));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(9, 1, 3, 1);
    layout->setSpacing(2);
    layout->addWidget(m_label);
    layout->addWidget(m_remove);
    connect(m_remove, &QToolButton::clicked, this, &FilterChip::removeRequested);
}

QString FilterChip::text() const
{
    return m_label->text();
}

void FilterChip::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        Q_EMIT editRequested();
    QFrame::mouseReleaseEvent(event);
}
