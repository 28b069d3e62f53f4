#pragma once

#include <QtGlobal>

// Which open workspace the code running on this thread belongs to. The task runner pins each task to the
// workspace that was open when the task started; the database worker refuses a pinned call once another
// workspace has been opened, so a job that read workspace A can never write its result into B.
// 0 means "not pinned" (the UI thread, tests, the command line).
namespace WorkspacePin {

quint64 current();

// Pins the calling thread for its lifetime (the task runner wraps each job in one).
class Scope
{
public:
    explicit Scope(quint64 workspace);
    ~Scope();
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

private:
    quint64 m_previous;
};

} // namespace WorkspacePin
