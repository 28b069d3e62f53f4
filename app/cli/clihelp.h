#pragma once

#include "cli/clicommand.h"

// The help of sextant-cli, written once: --help prints it as text, --man as a troff man page (sextant-cli.1,
// generated at build time), so the two cannot disagree.
namespace CliHelp {

QList<QCommandLineOption> globalOptions(); // the workspace options, --json, --help
QString overview(const QList<CliCommand> &commands);
QString command(const CliCommand &command);
QString manPage(const QList<CliCommand> &commands);

} // namespace CliHelp
