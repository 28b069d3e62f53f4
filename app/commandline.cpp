#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>

namespace {
[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "%s\n", qPrintable(message));
    std::exit(2);
}
} // namespace

CommandLine CommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "CommandLine", "Sextant: operator console for EUMAS memories and 8thDegree matching."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspace(QStringLiteral("workspace"),
        QCoreApplication::translate("CommandLine", "Open this SQLite workspace file."), QStringLiteral("file"));
    const QCommandLineOption reset(
        QStringLiteral("reset-demo"), QCoreApplication::translate("CommandLine", "Recreate the demo workspace."));
    const QCommandLineOption generate(QStringLiteral("generate-demo"),
        QCoreApplication::translate(
            "CommandLine", "Write a demo workspace with this many memories to --output and exit."),
        QStringLiteral("memories"));
    const QCommandLineOption output(QStringLiteral("output"),
        QCoreApplication::translate("CommandLine", "File for --generate-demo."), QStringLiteral("file"));
    const QCommandLineOption seed(QStringLiteral("seed"),
        QCoreApplication::translate("CommandLine", "Seed of the demo generator."), QStringLiteral("number"),
        QStringLiteral("20261121"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QCoreApplication::translate("CommandLine", "Save a screenshot once a memory is shown, then quit."),
        QStringLiteral("png"));
    const QCommandLineOption connect(QStringLiteral("connect"),
        QCoreApplication::translate("CommandLine",
            "Open this PostgreSQL workspace instead of the demo: a postgresql:// URI or \"host=… user=…\". "
            "Without a password in it, PGPASSWORD is used."),
        QStringLiteral("connection"));
    const QCommandLineOption migrate(QStringLiteral("migrate"),
        QCoreApplication::translate(
            "CommandLine", "Apply the pending migrations to the --connect workspace without asking, then exit."));
    const QCommandLineOption publish(QStringLiteral("publish-demo"),
        QCoreApplication::translate("CommandLine",
            "Write the demo data set (6,000 memories, 2,000 freelancers, 420 jobs; --seed applies) into the "
            "--connect database, which must be empty, then exit. Add --migrate to create the schema first."));
    parser.addOptions({ workspace, reset, generate, output, seed, screenshot, connect, migrate, publish });
    parser.process(arguments);

    CommandLine line;
    line.workspace = parser.value(workspace);
    line.resetDemo = parser.isSet(reset);
    line.output = parser.value(output);
    line.screenshot = parser.value(screenshot);
    bool ok = true;
    line.seed = parser.value(seed).toULongLong(&ok);
    if (!ok)
        fail(QCoreApplication::translate("CommandLine", "--seed needs a whole number."));
    if (parser.isSet(generate)) {
        line.generateMemories = parser.value(generate).toInt(&ok);
        if (!ok || line.generateMemories <= 0)
            fail(QCoreApplication::translate("CommandLine", "--generate-demo needs a positive count."));
        if (line.output.isEmpty())
            fail(QCoreApplication::translate("CommandLine", "--generate-demo needs --output FILE."));
    }
    if (parser.isSet(connect)) {
        if (parser.isSet(workspace))
            fail(QCoreApplication::translate("CommandLine", "Use either --workspace or --connect, not both."));
        Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(parser.value(connect));
        if (!settings)
            fail(settings.error().message);
        if (settings->password.isEmpty())
            settings->password = qEnvironmentVariable("PGPASSWORD");
        line.postgres = *settings;
    }
    line.migrate = parser.isSet(migrate);
    if (line.migrate && !line.postgres)
        fail(QCoreApplication::translate("CommandLine", "--migrate needs --connect CONNECTION."));
    line.publishDemo = parser.isSet(publish);
    if (line.publishDemo && !line.postgres)
        fail(QCoreApplication::translate("CommandLine", "--publish-demo needs --connect CONNECTION."));
    return line;
}
