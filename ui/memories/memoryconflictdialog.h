#pragma once

#include "memories/memoryedit.h"

#include <QDialog>

class QButtonGroup;
class QLabel;
class QTableWidget;

// Shown when a save found a newer version of the memory: the operator's change ("mine") beside what is
// stored now ("theirs"), field by field. Keep mine re-saves every field of the change on top of theirs;
// Take theirs writes nothing; Merge saves, of the fields that differ, those the operator chose as mine.
// Nothing is overwritten without this choice.
class MemoryConflictDialog : public QDialog
{
    Q_OBJECT
public:
    enum Resolution { KeepMine, TakeTheirs, Merge };
    enum Column { FieldColumn, MineColumn, TheirsColumn, ChoiceColumn, ColumnCount };

    MemoryConflictDialog(const MemoryEdit &mine, const MemoryDetail &theirs, QWidget *parent = nullptr);

    Resolution resolution() const { return m_resolution; }
    // The edit to save for the resolution, based on theirs' version; empty for Take theirs.
    MemoryEdit resolvedEdit() const;

    // The fields of the change whose value differs from theirs, in table order.
    QList<MemoryEdit::Field> differingFields() const { return m_fields; }
    // Per-field choice for Merge (true: mine). All mine at first.
    void setUseMine(MemoryEdit::Field field, bool mine);
    bool usesMine(MemoryEdit::Field field) const;
    QTableWidget *table() const { return m_table; }

    void choose(Resolution resolution); // as the buttons do

private:
    MemoryEdit m_mine;
    MemoryDetail m_theirs;
    QList<MemoryEdit::Field> m_fields;
    QList<MemoryEdit::Field> m_sameFields;
    QTableWidget *m_table;
    QList<QButtonGroup *> m_choices;
    Resolution m_resolution = TakeTheirs;
};
