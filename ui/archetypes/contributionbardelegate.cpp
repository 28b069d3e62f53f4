#include "archetypes/contributionbardelegate.h"

#include "archetypes/archetypepalette.h"

#include <QApplication>
#include <QPainter>

#include <cmath>

ContributionBarDelegate::ContributionBarDelegate(int role, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_role(role)
{
}

void ContributionBarDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    (widget ? widget->style() : QApplication::style())
        ->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const QVariantList values = index.data(m_role).toList();
    const QRect area = option.rect.adjusted(4, 4, -4, -4);
    if (values.isEmpty() || area.width() <= 0)
        return;
    painter->save();
    QColor track = option.palette.mid().color();
    track.setAlpha(50);
    painter->fillRect(area, track);
    double x = area.left();
    for (int a = 0; a < values.size(); ++a) {
        const double v = values[a].toDouble();
        if (!std::isfinite(v) || v <= 0)
            continue;
        const double w = std::min(v, 1.0) * area.width();
        const QRectF segment(x, area.top(), std::min(w, area.right() + 1 - x), area.height());
        painter->fillRect(segment, ArchetypePalette::color(a));
        x += w;
        if (x >= area.right())
            break;
    }
    painter->restore();
}
