#pragma once

#include <QProcess>
#include <QRegularExpression>
#include <QStringList>

#include <cstdio>

// The hand-written baseline of a database bench: milliseconds the shell itself reports for `statements` run
// together (psql's \timing "Time: x ms", sqlite3's .timer "Run Time: real x"), rows sent away; −1 if the shell
// failed or timed fewer statements than it was given (what it printed goes to stderr, prefixed by `who`).
inline double shellTimedMs(bool postgres, const QString &target, const QStringList &statements, const char *who)
{
    QProcess shell;
    QString script = postgres ? QStringLiteral("\\timing on\n") : QStringLiteral(".timer on\n");
    for (const QString &s : statements)
        script += s + QLatin1String(";\n");
    if (postgres)
        shell.start(QStringLiteral("psql"),
            { QStringLiteral("-q"), QStringLiteral("-X"), QStringLiteral("-o"), QStringLiteral("/dev/null"), target });
    else
        shell.start(QStringLiteral("sqlite3"), { target });
    shell.write(script.toUtf8());
    shell.closeWriteChannel();
    if (!shell.waitForFinished(600000))
        return -1;
    // psql's -o sends the rows away but prints \timing on stdout; sqlite3 prints both there.
    const QString output = QString::fromUtf8(shell.readAllStandardOutput());
    static const QRegularExpression psqlTime(QStringLiteral("^Time: ([0-9.]+) ms"), QRegularExpression::MultilineOption);
    static const QRegularExpression sqliteTime(
        QStringLiteral("^Run Time: real ([0-9.]+)"), QRegularExpression::MultilineOption);
    double ms = 0;
    qsizetype found = 0;
    QRegularExpressionMatchIterator it = (postgres ? psqlTime : sqliteTime).globalMatch(output);
    while (it.hasNext()) {
        const double v = it.next().captured(1).toDouble();
        ms += postgres ? v : v * 1000.0;
        ++found;
    }
    if (found != statements.size())
        std::fprintf(stderr, "%s: the shell timed %lld of %lld statements:\n%s\n%s\n", who, qlonglong(found),
            qlonglong(statements.size()), qPrintable(output), shell.readAllStandardError().constData());
    return found == statements.size() ? ms : -1;
}
