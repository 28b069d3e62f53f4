#include "archetypes/archetypebarsdelegate.h"

#include <QApplication>
#include <QPainter>

#include <cmath>

namespace {
constexpr int BarWidth = 7;
constexpr int Gap = 2;
} // namespace

ArchetypeBarsDelegate::ArchetypeBarsDelegate(int role, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_role(role)
{
}

void ArchetypeBarsDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    (widget ? widget->style() : QApplication::style())
        ->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const QVariantList values = index.data(m_role).toList();
    if (values.isEmpty())
        return;
    const QRect area = option.rect.adjusted(4, 3, -4, -3);
    const QColor bar = option.state & QStyle::State_Selected ? option.palette.highlightedText().color()
                                                             : option.palette.highlight().color();
    QColor track = option.palette.mid().color();
    track.setAlpha(60);
    painter->save();
    for (int i = 0; i < values.size(); ++i) {
        const QRect slot(area.left() + i * (BarWidth + Gap), area.top(), BarWidth, area.height());
        painter->fillRect(slot, track);
        const double v = values[i].toDouble();
        if (!std::isfinite(v))
            continue;
        const int h = int(std::lround(std::clamp(v, 0.0, 1.0) * slot.height()));
        painter->fillRect(QRect(slot.left(), slot.bottom() - h + 1, BarWidth, h), bar);
    }
    painter->restore();
}

QSize ArchetypeBarsDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    return { 8 + 8 * (BarWidth + Gap), base.height() };
}
