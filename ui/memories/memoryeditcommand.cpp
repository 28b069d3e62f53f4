#include "memories/memoryeditcommand.h"
#include "memories/memoryeditstack.h"

MemoryEditCommand::MemoryEditCommand(MemoryEditStack *owner, MemoryEdit forward, MemoryEdit backward)
    : QUndoCommand(forward.describe())
    , m_owner(owner)
    , m_forward(std::move(forward))
    , m_backward(std::move(backward))
{
}

void MemoryEditCommand::redo()
{
    m_owner->apply(m_forward);
}

void MemoryEditCommand::undo()
{
    m_owner->apply(m_backward);
}
