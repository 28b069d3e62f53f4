#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

// One active filter condition as a rounded chip: its label, click to edit, × to remove.
class FilterChip : public QFrame
{
    Q_OBJECT
public:
    explicit FilterChip(const QString &label, QWidget *parent = nullptr);

    QString text() const;

Q_SIGNALS:
    void editRequested();
    void removeRequested();

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QLabel *m_label;
    QToolButton *m_remove;
};
