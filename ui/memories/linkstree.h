#pragma once

#include "core/memory.h"

#include <QTreeWidget>

// The links of one memory, outgoing first, then incoming. Activating a row (double-click or Enter)
// reports the memory on the other end so the caller can navigate to it.
class LinksTree : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column { Direction, Type, Strength, Archetype, OtherMemory, ColumnCount };
    enum Role { OtherIdRole = Qt::UserRole };

    explicit LinksTree(QWidget *parent = nullptr);

    void setLinks(const QList<MemoryLink> &outgoing, const QList<MemoryLink> &incoming);
    int linkCount() const { return topLevelItemCount(); }
    QUuid otherIdAt(int row) const;

Q_SIGNALS:
    void linkActivated(const QUuid &otherId);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void addLink(const MemoryLink &link, bool outgoing);
    void activate(const QTreeWidgetItem *item);
};
