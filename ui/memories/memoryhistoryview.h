#pragma once

#include "db/records.h"

#include <QTreeWidget>

// The audit history of one memory, newest first: when, who, what, and the values before and after.
class MemoryHistoryView : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column { Time, Actor, Action, Details, ColumnCount };

    explicit MemoryHistoryView(QWidget *parent = nullptr);

    void setEntries(const QList<AuditEntry> &entries);
    static QString actionText(const QString &action); // "edit_tags" → "Edited tags"
};
