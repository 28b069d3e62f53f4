#pragma once

#include <QStyledItemDelegate>

// Paints a memory's priority as one horizontal bar on [0, 1] stacked from its eight archetypes' weighted
// contributions (PriorityRowModel::ContributionRole), each in the archetype's colour, so which archetype carries
// a memory reads at a glance; the numbers are in the tooltip.
class ContributionBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ContributionBarDelegate(int role, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_role;
};
