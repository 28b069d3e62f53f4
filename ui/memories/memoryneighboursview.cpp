#include "memories/memoryneighboursview.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLocale>

MemoryNeighboursView::MemoryNeighboursView(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("memoryNeighbours"));
    setColumnCount(ColumnCount);
    setHeaderLabels({ tr("Similarity"), tr("Summary"), tr("Created") });
    setRootIsDecorated(false);
    setAlternatingRowColors(true);
    setUniformRowHeights(true);
    header()->setSectionResizeMode(Similarity, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(Summary, QHeaderView::Stretch);
    header()->setSectionResizeMode(Created, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(false);
    setToolTip(tr("Double-click a memory to open it."));
    connect(this, &QTreeWidget::itemActivated, this,
        [this](QTreeWidgetItem *item) { Q_EMIT neighbourActivated(item->data(0, IdRole).toUuid()); });
}

void MemoryNeighboursView::setNeighbours(const QList<SimilarMemory> &neighbours)
{
    clear();
    QList<QTreeWidgetItem *> items;
    for (const SimilarMemory &n : neighbours) {
        auto *item = new QTreeWidgetItem;
        item->setText(Similarity, QLocale().toString(n.similarity, 'f', 3));
        item->setTextAlignment(Similarity, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(Summary, n.row.summary);
        item->setToolTip(Summary, n.row.summary);
        item->setText(Created, QLocale().toString(n.row.createdAt.toLocalTime(), QLocale::ShortFormat));
        item->setData(0, IdRole, n.row.id);
        items << item;
    }
    addTopLevelItems(items);
}

QUuid MemoryNeighboursView::idAt(int row) const
{
    const QTreeWidgetItem *item = topLevelItem(row);
    return item ? item->data(0, IdRole).toUuid() : QUuid();
}

QUuid MemoryNeighboursView::selectedId() const
{
    const QTreeWidgetItem *item = currentItem();
    return item ? item->data(0, IdRole).toUuid() : QUuid();
}

void MemoryNeighboursView::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && currentItem()) {
        Q_EMIT neighbourActivated(currentItem()->data(0, IdRole).toUuid());
        return;
    }
    QTreeWidget::keyPressEvent(event);
}
