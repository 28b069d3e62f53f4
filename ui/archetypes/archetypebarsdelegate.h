#pragma once

#include <QStyledItemDelegate>

// Paints a list of per-archetype values in [0, 1] (ClusterListModel::MeansRole) as eight small bars,
// M to F, so a cluster's archetype profile fits in one narrow column; the tooltip carries the numbers.
class ArchetypeBarsDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ArchetypeBarsDelegate(int role, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_role;
};
