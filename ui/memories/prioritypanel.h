#pragma once

#include "core/memory.h"

#include <QGroupBox>

class QLabel;
class QTableWidget;

// Explains a memory's priority: the stored value, an operator's override, the decay applied since
// the last access (or the last decay pass), and how each archetype's priority contributes through its weight.
class PriorityPanel : public QGroupBox
{
    Q_OBJECT
public:
    enum Column { ArchetypeColumn, ArchetypePriority, Weight, Contribution, ColumnCount };

    explicit PriorityPanel(QWidget *parent = nullptr);

    // `now` is the moment the decay is computed for; `lastDecayPass` when a maintenance decay pass last
    // wrote the stored priority (invalid: never), so only the decay since then (or since the last
    // access, if later) is applied on top of it.
    void setDetail(const MemoryDetail &detail, const QDateTime &now, const QDateTime &lastDecayPass = {});
    void clear();

    QString summaryText() const;

private:
    // Fills the per-archetype table and returns the sum of the contributions.
    double fillArchetypes(const QList<Evaluation> &evaluations);

    QLabel *m_summary;
    QTableWidget *m_table;
};
