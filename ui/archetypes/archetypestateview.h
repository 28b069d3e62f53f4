#pragma once

#include "archetypes/archetypechanges.h"

#include <QWidget>

#include <array>

class ArchetypeDashboardService;
class ArchetypeStateCard;
class QComboBox;
class QLabel;

// State: the eight archetypes as small multiples — four metrics and influence now, the change over the chosen
// window (7, 14, 30 or 90 days) — with the one that moved most drawn heavier and named in a sentence above.
class ArchetypeStateView : public QWidget
{
    Q_OBJECT
public:
    explicit ArchetypeStateView(ArchetypeDashboardService *service, QWidget *parent = nullptr);

    void load();
    int windowDays() const;
    void setWindowDays(int days);
    int movedMost() const { return m_movedMost; } // −1 until loaded or when nothing moved
    QString headline() const;
    ArchetypeStateCard *card(int archetype) const { return m_cards.at(std::size_t(archetype)); }
    void setSelectedArchetype(int archetype);

Q_SIGNALS:
    void loaded(bool ok);
    void archetypeChosen(int archetype);
    void busyChanged(bool busy);

private:
    void show(const ArchetypeOverview &overview);

    ArchetypeDashboardService *m_service;
    QComboBox *m_window;
    QLabel *m_headline;
    QLabel *m_error;
    std::array<ArchetypeStateCard *, 8> m_cards {};
    int m_movedMost = -1;
    quint64 m_generation = 0;
};
