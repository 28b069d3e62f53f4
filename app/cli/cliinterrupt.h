#pragma once

// Ctrl+C for the command line. The handler only sets a flag (nothing else is safe in a signal handler);
// CliContext polls it while a task runs and cancels the task through its TaskControl, so the task's
// transaction rolls back before the process exits with 130. A second Ctrl+C kills the process at once
// (the default action is restored after the first), in case a task stops polling.
namespace CliInterrupt {

void install(); // SIGINT and SIGTERM
bool requested();

} // namespace CliInterrupt
