#include "core/workspacepin.h"

namespace {
thread_local quint64 t_workspace = 0;
}

quint64 WorkspacePin::current()
{
    return t_workspace;
}

WorkspacePin::Scope::Scope(quint64 workspace)
    : m_previous(t_workspace)
{
    t_workspace = workspace;
}

WorkspacePin::Scope::~Scope()
{
    t_workspace = m_previous;
}
