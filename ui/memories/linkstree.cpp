#include "memories/linkstree.h"

#include "common/viewsizing.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLocale>

namespace {
// Enough rows to show a typical memory's links at once; a heavily linked one scrolls inside the tree.
constexpr int VisibleRows = 12;
} // namespace

LinksTree::LinksTree(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("linksTree"));
    setColumnCount(ColumnCount);
    setHeaderLabels({ tr("Direction"), tr("Type"), tr("Strength"), tr("Archetype"), tr("Other memory") });
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setWordWrap(false);
    header()->setStretchLastSection(true);
    setToolTip(tr("Double-click a link to open the memory on the other end."));
    connect(this, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) { activate(item); });
    ViewSizing::fitHeightToRows(this, header(), 0, VisibleRows);
}

void LinksTree::setLinks(const QList<MemoryLink> &outgoing, const QList<MemoryLink> &incoming)
{
    clear();
    for (const MemoryLink &link : outgoing)
        addLink(link, true);
    for (const MemoryLink &link : incoming)
        addLink(link, false);
    for (int column = 0; column < OtherMemory; ++column)
        resizeColumnToContents(column);
    ViewSizing::fitHeightToRows(this, header(), topLevelItemCount(), VisibleRows);
}

void LinksTree::addLink(const MemoryLink &link, bool outgoing)
{
    auto *item = new QTreeWidgetItem(this);
    item->setText(Direction, outgoing ? tr("Outgoing") : tr("Incoming"));
    item->setText(Type, link.linkType);
    item->setText(Strength, QLocale().toString(link.strength, 'f', 2));
    item->setTextAlignment(Strength, Qt::AlignRight | Qt::AlignVCenter);
    const bool known = link.archetype && *link.archetype >= 0 && *link.archetype < Archetypes::Count;
    item->setText(Archetype, known ? Archetypes::name(*link.archetype) : QString());
    item->setText(OtherMemory, link.otherSummary);
    item->setToolTip(OtherMemory, link.otherSummary);
    item->setToolTip(Type, tr("Origin: %1").arg(link.origin));
    item->setData(Direction, OtherIdRole, outgoing ? link.targetId : link.sourceId);
}

QUuid LinksTree::otherIdAt(int row) const
{
    const QTreeWidgetItem *item = topLevelItem(row);
    return item ? item->data(Direction, OtherIdRole).toUuid() : QUuid();
}

void LinksTree::keyPressEvent(QKeyEvent *event)
{
    // Double-click is the mouse path; Enter gives keyboard users the same navigation.
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && currentItem()) {
        activate(currentItem());
        event->accept();
        return;
    }
    QTreeWidget::keyPressEvent(event);
}

void LinksTree::activate(const QTreeWidgetItem *item)
{
    const QUuid id = item ? item->data(Direction, OtherIdRole).toUuid() : QUuid();
    if (!id.isNull())
        Q_EMIT linkActivated(id);
}
