// demo: a generated demo workspace, as a new file or published into an empty server database.
#include "cli/clicommand.h"
#include "cli/clicontext.h"
#include "demo/demopublisher.h"
#include "workspace/workspacesession.h"

#include <QElapsedTimer>
#include <QFileInfo>

namespace {
DemoGenerator::Progress progressOf(TaskControl &control)
{
    return [&control](int percent, const QString &stage) {
        control.setProgress(percent / 100.0);
        control.setStatus(stage);
        return !control.isCancelled();
    };
}

QJsonObject summaryJson(const DemoSummary &s, double seconds)
{
    return { { QStringLiteral("memories"), s.memories }, { QStringLiteral("evaluations"), s.evaluations },
        { QStringLiteral("links"), s.links }, { QStringLiteral("freelancers"), s.freelancers },
        { QStringLiteral("jobs"), s.jobs }, { QStringLiteral("matches"), s.matches },
        { QStringLiteral("reviews"), s.reviews }, { QStringLiteral("bias_reports"), s.biasReports },
        { QStringLiteral("seconds"), seconds } };
}

QString counted(const char *text, qint64 n)
{
    return QCoreApplication::translate("Cli", text, nullptr, int(n));
}

int demo(CliContext &context)
{
    if (!context.positional().isEmpty())
        return context.usage(Cli::tr("demo takes no arguments; name the file with --output."));
    DemoSpec spec;
    bool ok = true;
    spec.seed = context.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        return context.usage(Cli::tr("--seed needs a whole number."));
    spec.memories = context.value(QStringLiteral("memories")).toInt(&ok);
    if (!ok || spec.memories <= 0)
        return context.usage(Cli::tr("--memories needs a positive whole number."));

    const QString output = context.value(QStringLiteral("output"));
    const bool publish = context.isSet(QStringLiteral("publish"));
    if (publish == !output.isEmpty())
        return context.usage(Cli::tr("Choose one: --output FILE writes a demo workspace file, --publish writes the "
                                     "demo data set into the --connect or --profile server database."));
    if (publish && !context.workspace().postgres)
        return context.usage(Cli::tr("--publish needs a server: --connect CONNECTION or --profile NAME."));
    if (!output.isEmpty() && QFileInfo::exists(output) && !context.isSet(QStringLiteral("force")))
        return context.fail(
            makeError(Error::Conflict, Cli::tr("%1 exists already; add --force to replace it.").arg(output)));

    QElapsedTimer timer;
    timer.start();
    Result<DemoSummary> summary = makeError(Error::Internal, QString());
    QString where = output;
    if (!publish) {
        summary = context.runTask<DemoSummary>(Cli::tr("Generate"), [output, spec](TaskControl &control) {
            return WorkspaceSession::createDemoFile(output, spec, progressOf(control));
        });
    } else {
        const PostgresSettings settings = context.serverSettings();
        where = settings.displayName();
        const auto migrations = context.isSet(QStringLiteral("migrate"))
            ? PostgresWorkspace::Migrations::Apply
            : PostgresWorkspace::Migrations::RequireCurrent;
        summary = context.runTask<DemoSummary>(Cli::tr("Publish"), [settings, spec, migrations](TaskControl &control) {
            Result<std::unique_ptr<Repository>> repository
                = PostgresWorkspace::open(settings, QStringLiteral("sextant-cli-publish"), migrations);
            if (!repository)
                return Result<DemoSummary>(repository.error());
            return DemoPublisher::publish(**repository, spec, progressOf(control));
        });
    }
    if (!summary)
        return context.fail(summary.error());
    const double seconds = timer.elapsed() / 1000.0;
    return context.succeed(Cli::tr("Wrote %1, %2, %3 and %4 to %5 in %6 s.")
                               .arg(counted(QT_TRANSLATE_N_NOOP("Cli", "%n memories"), summary->memories),
                                   counted(QT_TRANSLATE_N_NOOP("Cli", "%n evaluations"), summary->evaluations),
                                   counted(QT_TRANSLATE_N_NOOP("Cli", "%n jobs"), summary->jobs),
                                   counted(QT_TRANSLATE_N_NOOP("Cli", "%n freelancers"), summary->freelancers), where)
                               .arg(seconds, 0, 'f', 1),
        summaryJson(*summary, seconds));
}
} // namespace

QList<CliCommand> demoCommands()
{
    CliCommand command;
    command.name = QStringLiteral("demo");
    command.summary = Cli::tr("Generate a demo workspace file or publish the demo data to a server.");
    command.description
        = Cli::tr("Generates the deterministic demo data set: memories with evaluations and links, freelancers, jobs, "
                  "proposals, reviews and bias reports. With --output it writes a new SQLite workspace file (written "
                  "beside it and renamed when complete); with --publish it writes the data set into the --connect or "
                  "--profile database, which must be empty, in one transaction.");
    command.options = {
        QCommandLineOption(
            QStringLiteral("output"), Cli::tr("Write a new workspace file here."), QStringLiteral("file")),
        QCommandLineOption(QStringLiteral("force"), Cli::tr("Replace the --output file if it exists.")),
        QCommandLineOption(QStringLiteral("publish"), Cli::tr("Write into the server database instead.")),
        QCommandLineOption(QStringLiteral("migrate"), Cli::tr("With --publish: create the schema first.")),
        QCommandLineOption(
            QStringLiteral("memories"), Cli::tr("How many memories."), QStringLiteral("count"), QStringLiteral("6000")),
        QCommandLineOption(QStringLiteral("seed"), Cli::tr("Seed of the generator."), QStringLiteral("number"),
            QStringLiteral("20261121")),
    };
    command.example = QStringLiteral("sextant-cli demo --output /tmp/demo.sqlite --memories 300");
    command.workspace = CliCommand::Workspace::Any;
    command.run = demo;
    return { command };
}
