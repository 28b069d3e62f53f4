#pragma once

#include <QStyledItemDelegate>

// Draws a match component as a bar: its value in 0..1 as the filled length with the number on it, and the
// version's weight of that component as a small "×0.35" at the right, so one glance shows what a
// component is worth and how much it counts. Reads MatchCandidateModel::ComponentRole and WeightRole.
class ComponentBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};
