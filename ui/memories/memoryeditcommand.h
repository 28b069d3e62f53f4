#pragma once

#include "memories/memoryedit.h"

#include <QUndoCommand>

class MemoryEditStack;

// One operator edit on the undo stack. redo() saves the edit, undo() saves its inverse (the values
// the memory held before); both go through MemoryEditStack, asynchronously and with the version check,
// so an undo after someone else changed the memory is a conflict like any other save.
class MemoryEditCommand : public QUndoCommand
{
public:
    MemoryEditCommand(MemoryEditStack *owner, MemoryEdit forward, MemoryEdit backward);

    void redo() override;
    void undo() override;

    const MemoryEdit &forward() const { return m_forward; }
    const MemoryEdit &backward() const { return m_backward; }

private:
    MemoryEditStack *m_owner;
    MemoryEdit m_forward;
    MemoryEdit m_backward;
};
