// sextant-cli: the composition root of the command line. Finds the subcommand, builds the application object it
// needs (a QApplication on the offscreen platform only for the painting ones), parses the options, opens the
// workspace and runs the command's body.
#include "cli/clicommand.h"
#include "cli/clicontext.h"
#include "cli/clihelp.h"
#include "cli/cliinterrupt.h"
#include "common/language.h"
#include "window/uisettings.h"
#include "workspace/workspacesession.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTextStream>

#include <memory>

#include <unistd.h>

QList<CliCommand> cliCommands()
{
    return workspaceCommands() + demoCommands() + memoryCommands() + aiCommands() + mapCommands() + matchingCommands()
        + reviewCommands() + fairnessCommands();
}

namespace {
QtMessageHandler qtHandler = nullptr;

// Qt's SQL classes print their own lines when a statement meets a closed connection ("QSqlQuery::exec: database
// not open") on top of the sentence the command prints about the lost server; a script's stderr gets the
// sentence only. QT_LOGGING_RULES (any rule) lets everything through again, for a person debugging.
void quietSqlDriver(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && (message.startsWith(QLatin1String("QSqlQuery::"))
            || message.startsWith(QLatin1String("QSqlDatabase")) || message.startsWith(QLatin1String("QPSQL"))))
        return;
    if (qtHandler)
        qtHandler(type, context, message);
}

void setIdentity()
{
    // The window's name: the same settings (profiles, language) and the same data folder (the demo workspace).
    QCoreApplication::setApplicationName(QStringLiteral("sextant"));
    QCoreApplication::setOrganizationName(QStringLiteral("sextant"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SEXTANT_VERSION));
}

const CliCommand *findCommand(const QList<CliCommand> &commands, const QString &name)
{
    for (const CliCommand &command : commands) {
        if (command.name == name)
            return &command;
    }
    return nullptr;
}

int writeManPage(const QList<CliCommand> &commands, const QString &path)
{
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        QTextStream(stderr) << Cli::tr("Cannot write the man page to “%1”.").arg(path) << '\n';
        return CliExit::Failed;
    }
    file.write(CliHelp::manPage(commands).toUtf8());
    return file.error() == QFileDevice::NoError ? CliExit::Done : CliExit::Failed;
}

// The window generates the demo workspace on first use; so does the command line, with progress.
Result<void> ensureDemo(CliContext &context)
{
    const QString path = context.workspace().file;
    if (!context.workspace().isDefaultDemo || QFileInfo::exists(path))
        return {};
    const Result<DemoSummary> made
        = context.runTask<DemoSummary>(Cli::tr("Generate the demo workspace"), [path](TaskControl &control) {
              return WorkspaceSession::createDemoFile(path, DemoSpec(), [&control](int percent, const QString &stage) {
                  control.setProgress(percent / 100.0);
                  control.setStatus(stage);
                  return !control.isCancelled();
              });
          });
    if (!made)
        return made.error();
    return {};
}

int runCommand(const CliCommand &command, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(CliHelp::globalOptions());
    parser.addOptions(command.options);
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << parser.errorText() << '\n' << Cli::tr("Try `sextant-cli %1 --help`.").arg(command.name) << '\n';
        return CliExit::Usage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << CliHelp::command(command);
        return CliExit::Done;
    }
    CliContext context(command, parser);
    if (command.workspace != CliCommand::Workspace::None) {
        Result<CliWorkspace> workspace = CliWorkspace::fromOptions(parser);
        if (!workspace)
            return context.usage(workspace.error().message);
        context.setWorkspace(*workspace);
    }
    CliInterrupt::install();
    if (command.workspace == CliCommand::Workspace::Existing) {
        Result<void> ready = ensureDemo(context);
        if (ready)
            ready = context.openWorkspace();
        if (!ready)
            return context.fail(ready.error());
    }
    return command.run(context);
}
} // namespace

int main(int argc, char *argv[])
{
    const QList<CliCommand> commands = cliCommands();
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    const CliCommand *command = findCommand(commands, first);

    std::unique_ptr<QCoreApplication> app;
    if (command && command->needsGui) {
        // Painting a PNG or a PDF needs fonts, and the report's charts are chart widgets rendered to images,
        // hence a QApplication, but never a display.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        // A cron job has no session, hence no runtime folder: take the one Qt would fall back on (it is made
        // private if missing) without Qt's warning on every night's stderr.
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
            qputenv("XDG_RUNTIME_DIR", QDir::tempPath().toLocal8Bit() + "/runtime-" + QByteArray::number(::getuid()));
        app = std::make_unique<QApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    setIdentity();
    // The services' diagnostics repeat the sentence the command prints (or are about the keychain, which a
    // script with PGPASSWORD does not use); QT_LOGGING_RULES still turns them back on.
    QLoggingCategory::setFilterRules(QStringLiteral("sextant.*.debug=false\nsextant.*.info=false\n"
                                                    "sextant.*.warning=false"));
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        qtHandler = qInstallMessageHandler(quietSqlDriver);
    QStringList arguments = QCoreApplication::arguments();
    if (first == QLatin1String("--man")) // the build's generator: English, whatever the settings say
        return writeManPage(commands, arguments.value(2));
    Language::install(app.get(), UiSettings::language());

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        out << "sextant-cli " << QCoreApplication::applicationVersion() << '\n';
        return CliExit::Done;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        const CliCommand *about = findCommand(commands, arguments.value(2));
        out << (about ? CliHelp::command(*about) : CliHelp::overview(commands));
        return CliExit::Done;
    }
    if (!command) {
        err << (first.isEmpty() ? Cli::tr("Name a command.") : Cli::tr("Unknown command “%1”.").arg(first)) << "\n\n"
            << CliHelp::overview(commands);
        return CliExit::Usage;
    }
    arguments.removeAt(1);
    return runCommand(*command, arguments);
}
