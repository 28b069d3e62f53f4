#include "cli/cliworkspace.h"

#include "cli/clicommand.h"
#include "core/secretstore.h"
#include "db/connectionprofile.h"
#include "workspace/workspacesession.h"

#include <QCommandLineParser>
#include <QCoroTask>
#include <QFile>
#include <QTextStream>

#include <termios.h>
#include <unistd.h>

#include <cstdio>

QString CliWorkspace::displayName() const
{
    return postgres ? postgres->displayName() : file;
}

QList<QCommandLineOption> CliWorkspace::options()
{
    return {
        QCommandLineOption(
            QStringLiteral("workspace"), Cli::tr("Work on this SQLite workspace file."), QStringLiteral("file")),
        QCommandLineOption(QStringLiteral("profile"),
            Cli::tr("Work on the PostgreSQL workspace of this saved connection profile (File → Connect in the "
                    "window)."),
            QStringLiteral("name")),
        QCommandLineOption(QStringLiteral("connect"),
            Cli::tr("Work on this PostgreSQL workspace: a postgresql:// URI or \"host=… port=… dbname=… user=…\". "
                    "It must not hold a password."),
            QStringLiteral("connection")),
    };
}

Result<CliWorkspace> CliWorkspace::fromOptions(const QCommandLineParser &parser)
{
    const int ways = int(parser.isSet(QStringLiteral("workspace"))) + int(parser.isSet(QStringLiteral("profile")))
        + int(parser.isSet(QStringLiteral("connect")));
    if (ways > 1)
        return makeError(Error::InvalidInput, Cli::tr("Name one workspace: --workspace, --profile or --connect."));
    CliWorkspace workspace;
    if (parser.isSet(QStringLiteral("connect"))) {
        const QString text = parser.value(QStringLiteral("connect"));
        Result<PostgresSettings> settings = PostgresSettings::fromConnectionString(text);
        if (!settings)
            return makeError(Error::InvalidInput, settings.error().message);
        if (!settings->password.isEmpty() || text.contains(QLatin1String("password="), Qt::CaseInsensitive))
            return makeError(Error::InvalidInput,
                Cli::tr("The connection string holds a password, which other users of this computer could read in "
                        "the process list. Remove it: sextant-cli takes the password from the keychain, from "
                        "PGPASSWORD or from a prompt."));
        workspace.postgres = *settings;
    } else if (parser.isSet(QStringLiteral("profile"))) {
        const QString name = parser.value(QStringLiteral("profile"));
        for (const ConnectionProfile &profile : ConnectionProfileStore().load()) {
            if (profile.name == name) {
                workspace.postgres = profile.settings;
                workspace.secretKey = profile.secretKey();
            }
        }
        if (!workspace.postgres)
            return makeError(
                Error::InvalidInput, Cli::tr("There is no saved connection profile called “%1”.").arg(name));
    } else if (parser.isSet(QStringLiteral("workspace"))) {
        workspace.file = parser.value(QStringLiteral("workspace"));
    } else {
        workspace.file = WorkspaceSession::defaultDemoPath();
        workspace.isDefaultDemo = true;
    }
    if (workspace.postgres && workspace.secretKey.isEmpty())
        workspace.secretKey = ConnectionProfile { QString(), *workspace.postgres }.secretKey();
    return workspace;
}

QString storedPassword(const CliWorkspace &workspace)
{
    SecretStore secrets;
    const Result<QString> saved = QCoro::waitFor(secrets.read(workspace.secretKey));
    if (saved && !saved->isEmpty())
        return *saved;
    return qEnvironmentVariable("PGPASSWORD");
}

QString promptPassword(const QString &displayName)
{
    if (!::isatty(STDIN_FILENO))
        return QString();
    QTextStream err(stderr);
    err << Cli::tr("Password for %1: ").arg(displayName);
    err.flush();
    termios saved {};
    const bool canHide = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (canHide) {
        termios hidden = saved;
        hidden.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden);
    }
    QFile in;
    QString password;
    if (in.open(stdin, QIODevice::ReadOnly)) {
        QByteArray line = in.readLine();
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1); // only the line end: spaces may belong to the password
        password = QString::fromLocal8Bit(line);
    }
    if (canHide)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    err << '\n';
    return password;
}
