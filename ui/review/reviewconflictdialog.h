#pragma once

#include "review/reviewrecords.h"

#include <QDialog>

class QLabel;
class QTextBrowser;

// Decisions that could no longer apply when they reached the database (the item was decided at level 2
// meanwhile, or its lease was taken over), each with both decisions side by side. Non-modal: the operator
// keeps reviewing while it is open, and later conflicts are added to it.
class ReviewConflictDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ReviewConflictDialog(QWidget *parent = nullptr);

    void addConflict(const ReviewConflict &conflict);
    int conflictCount() const { return int(m_conflicts.size()); }
    QString text() const;

private:
    QList<ReviewConflict> m_conflicts;
    QLabel *m_heading;
    QTextBrowser *m_list;
};
