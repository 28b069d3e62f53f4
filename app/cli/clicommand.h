#pragma once

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <cmath>
#include <functional>

class CliContext;

// The exit codes scripts branch on; --help and sextant-cli(1) list them.
namespace CliExit {
constexpr int Done = 0;
constexpr int Failed = 1;
constexpr int Usage = 2;
constexpr int Refused = 3; // the database refused the role (permission denied, row-level security)
constexpr int Cancelled = 130; // Ctrl+C: the task was cancelled and its transaction rolled back
} // namespace CliExit

// Translation context of the command line's strings.
struct Cli
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
public:
    // A statistic for --json: a number, or null where there is none (a suppressed group's NaN, an undefined κ).
    static QJsonValue jsonNumber(double value) { return std::isfinite(value) ? QJsonValue(value) : QJsonValue(); }
};

struct CliArgument
{
    QString name; // "FILE"
    QString description;
};

// One subcommand: its help text (for --help and the man page, from the same fields) and its body. The body
// runs on the main thread; slow work goes through CliContext::runTask, which shows progress and handles Ctrl+C.
struct CliCommand
{
    enum class Workspace {
        None, // needs no workspace (demo --output)
        Existing, // the workspace must exist and be current (a missing file is an error)
        Any, // the body opens it itself (status, migrate)
    };

    QString name;
    QString summary; // one line for the command list
    QString description; // a paragraph
    QList<CliArgument> arguments;
    QList<QCommandLineOption> options;
    QString example;
    Workspace workspace = Workspace::Existing;
    bool needsGui = false; // paints (PNG, PDF): runs with a QApplication on the offscreen platform
    std::function<int(CliContext &)> run;
};

// Every subcommand, in the order of the help text. Each group lives in its own file.
QList<CliCommand> cliCommands();
QList<CliCommand> workspaceCommands(); // status, migrate
QList<CliCommand> demoCommands(); // demo
QList<CliCommand> memoryCommands(); // import, export
QList<CliCommand> matchingCommands(); // match
QList<CliCommand> reviewCommands(); // review-export
QList<CliCommand> fairnessCommands(); // bias-scan, fairness-report
QList<CliCommand> mapCommands(); // map
QList<CliCommand> aiCommands(); // embed, evaluate
