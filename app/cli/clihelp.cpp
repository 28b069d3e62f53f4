#include "cli/clihelp.h"

#include "cli/cliworkspace.h"

#include <QDate>
#include <QStringList>

namespace {
constexpr int Width = 79;
constexpr int OptionColumn = 28;

QString exitStatus()
{
    return Cli::tr("0 done; 1 failed (a missing file, a wrong connection string, a server that does not answer, "
                   "bad data); 2 usage error; 3 refused by the database (the role lacks the privilege); 130 "
                   "cancelled with Ctrl+C (the running transaction was rolled back).");
}

QString progressText()
{
    return Cli::tr("Progress goes to stderr: on a terminal one line with a bar, the rate and the time left; "
                   "otherwise, and always with --json, one JSON object per line and step "
                   "({\"event\":\"progress\",\"percent\":42,…}, ending with {\"event\":\"finished\"}, \"failed\" "
                   "or \"cancelled\"). The result goes to stdout: a sentence, or with --json one JSON object.");
}

QString passwordText()
{
    return Cli::tr("A server's password never comes from the command line (a connection string with a password "
                   "is refused): it is taken from the keychain entry the window saved for the same user, host "
                   "and database, then from PGPASSWORD, and when the server still asks, from a prompt on the "
                   "terminal that does not echo.");
}

QString workspaceText()
{
    return Cli::tr("Without --workspace, --profile or --connect the subcommands work on the demo workspace the "
                   "window opens, which is generated on first use.");
}

QString optionNames(const QCommandLineOption &option)
{
    QStringList names;
    // A one-letter name is a short option only beside a long one (-h, --help); alone it is written as parsed, --k.
    const bool hasShort = option.names().size() > 1;
    for (const QString &name : option.names())
        names.append(name.size() == 1 && hasShort ? QLatin1String("-") + name : QLatin1String("--") + name);
    QString text = names.join(QLatin1String(", "));
    if (!option.valueName().isEmpty())
        text += QLatin1String(" <") + option.valueName() + QLatin1Char('>');
    return text;
}

QString optionDescription(const QCommandLineOption &option)
{
    QString text = option.description();
    if (!option.defaultValues().isEmpty())
        text += QLatin1Char(' ') + Cli::tr("Default: %1.").arg(option.defaultValues().join(QLatin1String(", ")));
    return text;
}

// Words of `text` in lines of at most `width` characters, each line after the first indented by `indent`.
QString wrap(const QString &text, int indent, int width = Width)
{
    QStringList lines;
    QString line;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && indent + line.size() + 1 + word.size() > width) {
            lines.append(line);
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    lines.append(line);
    return lines.join(QLatin1Char('\n') + QString(indent, QLatin1Char(' ')));
}

QString optionTable(const QList<QCommandLineOption> &options)
{
    QString text;
    for (const QCommandLineOption &option : options) {
        if (option.flags() & QCommandLineOption::HiddenFromHelp)
            continue;
        QString names = QLatin1String("  ") + optionNames(option);
        names = names.size() + 2 > OptionColumn ? names + QLatin1Char('\n') + QString(OptionColumn, QLatin1Char(' '))
                                                : names.leftJustified(OptionColumn);
        text += names + wrap(optionDescription(option), OptionColumn) + QLatin1Char('\n');
    }
    return text;
}

QString synopsis(const CliCommand &command)
{
    QString text = QStringLiteral("sextant-cli %1 [options]").arg(command.name);
    for (const CliArgument &argument : command.arguments)
        text += QLatin1Char(' ') + argument.name;
    return text;
}

// troff: a backslash is \e, a line starting with . or ' needs \&, a hyphen in an option is \-, and a character
// outside ASCII (→, “”, …) is named by its code point, \[u2192], so the page reads the same whatever troff's input
// encoding.
QString roff(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        if (c == QLatin1Char('\\'))
            out += QLatin1String("\\e");
        else if (c == QLatin1Char('-'))
            out += QLatin1String("\\-");
        else if (c.unicode() > 127)
            out += QStringLiteral("\\[u%1]").arg(
                QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
        else
            out += c;
    }
    if (out.startsWith(QLatin1Char('.')) || out.startsWith(QLatin1Char('\'')))
        out.prepend(QLatin1String("\\&"));
    return out;
}

QString manOptions(const QList<QCommandLineOption> &options)
{
    QString text;
    for (const QCommandLineOption &option : options) {
        if (option.flags() & QCommandLineOption::HiddenFromHelp)
            continue;
        text += QLatin1String(".TP\n.B ") + roff(optionNames(option)) + QLatin1Char('\n')
            + roff(optionDescription(option)) + QLatin1Char('\n');
    }
    return text;
}
} // namespace

namespace CliHelp {

QList<QCommandLineOption> globalOptions()
{
    QList<QCommandLineOption> options = CliWorkspace::options();
    options.append(QCommandLineOption(QStringLiteral("json"),
        Cli::tr("Progress as JSON lines on stderr and the result as one JSON object on stdout.")));
    options.append(QCommandLineOption({ QStringLiteral("h"), QStringLiteral("help") }, Cli::tr("Show this help.")));
    return options;
}

QString overview(const QList<CliCommand> &commands)
{
    QString text = Cli::tr("Usage: sextant-cli <command> [options]") + QLatin1String("\n\n")
        + wrap(Cli::tr("Sextant without its window: the workspace's nightly and scripted work. `sextant-cli "
                       "<command> --help` describes one command."),
            0)
        + QLatin1String("\n\n") + Cli::tr("Commands:") + QLatin1Char('\n');
    for (const CliCommand &command : commands)
        text += QLatin1String("  ") + command.name.leftJustified(18) + wrap(command.summary, 20) + QLatin1Char('\n');
    text += QLatin1Char('\n') + Cli::tr("Options of every command:") + QLatin1Char('\n') + optionTable(globalOptions());
    text += optionTable({ QCommandLineOption(QStringLiteral("version"), Cli::tr("Show the version.")) });
    text += QLatin1Char('\n') + wrap(workspaceText(), 0) + QLatin1String("\n\n") + wrap(passwordText(), 0)
        + QLatin1String("\n\n") + wrap(progressText(), 0) + QLatin1String("\n\n") + Cli::tr("Exit status:")
        + QLatin1Char('\n') + QLatin1String("  ") + wrap(exitStatus(), 2) + QLatin1Char('\n');
    return text;
}

QString command(const CliCommand &command)
{
    QString text = Cli::tr("Usage: %1").arg(synopsis(command)) + QLatin1String("\n\n") + wrap(command.description, 0)
        + QLatin1Char('\n');
    if (!command.arguments.isEmpty()) {
        text += QLatin1Char('\n') + Cli::tr("Arguments:") + QLatin1Char('\n');
        for (const CliArgument &argument : command.arguments)
            text += QString(QLatin1String("  ") + argument.name).leftJustified(OptionColumn)
                + wrap(argument.description, OptionColumn) + QLatin1Char('\n');
    }
    if (!command.options.isEmpty())
        text += QLatin1Char('\n') + Cli::tr("Options:") + QLatin1Char('\n') + optionTable(command.options);
    text += QLatin1Char('\n') + Cli::tr("Options of every command:") + QLatin1Char('\n') + optionTable(globalOptions());
    if (!command.example.isEmpty())
        text += QLatin1Char('\n') + Cli::tr("Example:") + QLatin1Char('\n') + QLatin1String("  ") + command.example
            + QLatin1Char('\n');
    text += QLatin1Char('\n') + Cli::tr("Exit status:") + QLatin1Char('\n') + QLatin1String("  ")
        + wrap(exitStatus(), 2) + QLatin1Char('\n');
    return text;
}

QString manPage(const QList<CliCommand> &commands)
{
    QString text = QStringLiteral(".TH SEXTANT-CLI 1 \"%1\" \"sextant-cli %2\" \"User Commands\"\n")
                       .arg(QDate::currentDate().toString(Qt::ISODate), QStringLiteral(SEXTANT_VERSION));
    text += QLatin1String(".SH NAME\nsextant\\-cli \\- ")
        + roff(Cli::tr("Sextant's workspace work from the command line")) + QLatin1Char('\n');
    text += QLatin1String(".SH SYNOPSIS\n.B sextant\\-cli\n.I command\n[\\fIoptions\\fR]\n");
    text += QLatin1String(".SH DESCRIPTION\n")
        + roff(Cli::tr("Sextant without its window: the workspace's nightly and scripted work.")) + QLatin1Char('\n')
        + QLatin1String(".PP\n") + roff(workspaceText()) + QLatin1Char('\n');
    text += QLatin1String(".SH COMMANDS\n");
    for (const CliCommand &command : commands) {
        text += QLatin1String(".SS ") + roff(command.name) + QLatin1Char('\n') + QLatin1String(".B ")
            + roff(synopsis(command)) + QLatin1String("\n.PP\n") + roff(command.description) + QLatin1Char('\n');
        for (const CliArgument &argument : command.arguments)
            text += QLatin1String(".TP\n.I ") + roff(argument.name) + QLatin1Char('\n') + roff(argument.description)
                + QLatin1Char('\n');
        text += manOptions(command.options);
        if (!command.example.isEmpty())
            text += QLatin1String(".PP\n") + roff(Cli::tr("Example:")) + QLatin1String("\n.RS\n.EX\n")
                + roff(command.example) + QLatin1String("\n.EE\n.RE\n");
    }
    text += QLatin1String(".SH OPTIONS\n") + roff(Cli::tr("Every command takes these:")) + QLatin1Char('\n')
        + manOptions(globalOptions())
        + manOptions({ QCommandLineOption(QStringLiteral("version"), Cli::tr("Show the version.")) });
    text += QLatin1String(".SH PASSWORDS\n") + roff(passwordText()) + QLatin1Char('\n');
    text += QLatin1String(".SH PROGRESS AND OUTPUT\n") + roff(progressText()) + QLatin1Char('\n');
    text += QLatin1String(".SH EXIT STATUS\n") + roff(exitStatus()) + QLatin1Char('\n');
    text += QLatin1String(".SH SEE ALSO\n.BR sextant (1)\n");
    return text;
}

} // namespace CliHelp
