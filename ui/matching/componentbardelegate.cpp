#include "matching/componentbardelegate.h"

#include "matching/matchcandidatemodel.h"

#include <QApplication>
#include <QLocale>
#include <QPainter>

void ComponentBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant value = index.data(MatchCandidateModel::ComponentRole);
    if (!value.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const QLocale locale;
    const QVariant weight = index.data(MatchCandidateModel::WeightRole);
    const QString weightText = weight.isValid() ? QStringLiteral("×%1").arg(locale.toString(weight.toDouble(), 'f', 2)) : QString();
    const QFontMetrics metrics(opt.font);
    const int weightWidth = weightText.isEmpty() ? 0 : metrics.horizontalAdvance(weightText) + 4;
    const QRect area = opt.rect.adjusted(3, 3, -3 - weightWidth, -3);
    const double fraction = qBound(0.0, value.toDouble(), 1.0);

    painter->save();
    const QPalette &palette = opt.palette;
    painter->setPen(Qt::NoPen);
    painter->setBrush(palette.color(QPalette::Mid).lighter(130));
    painter->drawRect(area);
    QColor fill = palette.color(QPalette::Highlight);
    // A weak component stands out: under a third of the scale the bar turns to the warning colour.
    if (fraction < 1.0 / 3.0)
        fill = QColor(0xd9, 0x7a, 0x2b);
    painter->setBrush(fill);
    painter->drawRect(QRect(area.topLeft(), QSize(int(area.width() * fraction), area.height())));
    painter->setPen(fraction > 0.55 ? palette.color(QPalette::HighlightedText) : palette.color(QPalette::Text));
    painter->drawText(area.adjusted(4, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, locale.toString(fraction, 'f', 2));
    if (!weightText.isEmpty()) {
        painter->setPen(palette.color(QPalette::PlaceholderText));
        painter->drawText(opt.rect.adjusted(0, 0, -3, 0), Qt::AlignVCenter | Qt::AlignRight, weightText);
    }
    painter->restore();
}

QSize ComponentBarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QFontMetrics metrics(option.font);
    size.setWidth(qMax(size.width(), metrics.horizontalAdvance(QStringLiteral("0.00 ×0.00")) + 40));
    return size;
}
