#pragma once

#include <QStyledItemDelegate>

// Draws TaskListModel's Progress column as a progress bar (the style's own, so it matches every
// other bar in the window); a task that reports no progress shows no bar.
class TaskProgressDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // A little taller than a text row, so the bar's own text fits inside its frame.
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};
