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
    parser.addOptions({ workspace, reset, generate, output, seed, screenshot });
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
    return line;
}
