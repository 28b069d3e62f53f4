#include "cli/cliinterrupt.h"

#include <csignal>

namespace {
volatile std::sig_atomic_t interrupted = 0;

extern "C" void onInterrupt(int signal)
{
    interrupted = 1;
    std::signal(signal, SIG_DFL);
}
} // namespace

namespace CliInterrupt {

void install()
{
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

bool requested()
{
    return interrupted != 0;
}

} // namespace CliInterrupt
