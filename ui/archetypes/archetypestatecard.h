#pragma once

#include "archetypes/archetypechanges.h"

#include <QWidget>

// One of the State view's small multiples: an archetype's four metrics and its influence as bars in [0, 1],
// each with its value now, a tick where it stood at the start of the window and the signed change. The
// archetype that moved most is drawn with a heavy border in its colour and says so. Click: chooseRequested.
class ArchetypeStateCard : public QWidget
{
    Q_OBJECT
public:
    explicit ArchetypeStateCard(int archetype, QWidget *parent = nullptr);

    void setChange(const ArchetypeChange &change, int windowDays);
    void setMovedMost(bool movedMost);
    void setSelected(bool selected);
    bool isMovedMost() const { return m_movedMost; }
    int archetype() const { return m_archetype; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void chooseRequested(int archetype);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    int rowHeight() const;

    int m_archetype;
    ArchetypeChange m_change;
    int m_windowDays = 14;
    bool m_movedMost = false;
    bool m_selected = false;
    bool m_loaded = false;
};
