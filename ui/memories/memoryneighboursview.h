#pragma once

#include "db/records.h"

#include <QTreeWidget>

// The memories nearest to one memory by stored embedding (cosine), best first. Activating a row
// (double-click or Enter) reports it so the caller can navigate there.
class MemoryNeighboursView : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column { Similarity, Summary, Created, ColumnCount };
    enum Role { IdRole = Qt::UserRole };

    explicit MemoryNeighboursView(QWidget *parent = nullptr);

    void setNeighbours(const QList<SimilarMemory> &neighbours);
    QUuid idAt(int row) const;
    QUuid selectedId() const;

Q_SIGNALS:
    void neighbourActivated(const QUuid &id);

protected:
    void keyPressEvent(QKeyEvent *event) override;
};
