#include "cli/clicontext.h"

#include "cli/cliinterrupt.h"
#include "db/sqliteworkspace.h"
#include "fairness/fairnessqueries.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTimer>

#include <unistd.h>

namespace {
const QString ConnectionName = QStringLiteral("sextant-cli");

// The part of a translated "%1 … (%2)." template between its placeholders: what every sentence made from it
// contains, whatever fills them.
QString middleOf(const QString &pattern)
{
    const qsizetype first = pattern.indexOf(QLatin1String("%1"));
    const qsizetype second = pattern.indexOf(QLatin1String("%2"));
    if (first < 0 || second < first)
        return pattern;
    return pattern.mid(first + 2, second - first - 2);
}

// The server asked for a password that was not given, or refused the one given.
bool wantsPassword(const Error &error)
{
    return error.message.contains(QLatin1String("password authentication failed"))
        || error.message.contains(QLatin1String("no password supplied"))
        || error.message.contains(QLatin1String("fe_sendauth"));
}
} // namespace

CliContext::CliContext(const CliCommand &command, const QCommandLineParser &parser, QObject *parent)
    : QObject(parent)
    , m_command(command)
    , m_parser(parser)
    , m_json(parser.isSet(QStringLiteral("json")))
    , m_out(stdout)
    , m_err(stderr)
{
}

CliContext::~CliContext()
{
    m_runner.cancelAll();
    m_runner.waitForDone();
    m_worker.close();
}

QString CliContext::actor() const
{
    if (m_workspace.postgres)
        return m_workspace.postgres->user;
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("sextant-cli") : user;
}

PostgresSettings CliContext::serverSettings()
{
    if (!m_passwordResolved && m_workspace.postgres) {
        m_workspace.postgres->password = storedPassword(m_workspace);
        m_passwordResolved = true;
    }
    return m_workspace.postgres.value_or(PostgresSettings());
}

Result<void> CliContext::openWorkspace()
{
    if (!m_workspace.postgres) {
        if (!QFileInfo::exists(m_workspace.file))
            return makeError(Error::NotFound,
                Cli::tr("There is no workspace file %1. Create one with `sextant-cli demo --output %1` or in the "
                        "window (File → New Workspace).")
                    .arg(m_workspace.file));
        return openWith(std::nullopt);
    }
    Result<void> opened = openWith(serverSettings());
    if (!opened && promptAfter(opened.error()))
        opened = openWith(*m_workspace.postgres);
    if (!opened && opened.error().code == Error::Conflict) // the schema is behind; the window's hint names a dialog
        return makeError(Error::Conflict,
            opened.error().message + QLatin1Char(' ') + Cli::tr("From the command line: `sextant-cli migrate`."));
    return opened;
}

bool CliContext::promptAfter(const Error &error)
{
    if (!m_workspace.postgres || !serverSettings().password.isEmpty() || !wantsPassword(error))
        return false;
    const QString typed = promptPassword(m_workspace.postgres->displayName());
    m_workspace.postgres->password = typed;
    return !typed.isEmpty();
}

Result<void> CliContext::openWith(const std::optional<PostgresSettings> &settings)
{
    DatabaseWorker::Opener opener;
    if (settings) {
        opener = [settings = *settings] {
            return PostgresWorkspace::open(settings, ConnectionName, PostgresWorkspace::Migrations::RequireCurrent);
        };
    } else {
        opener = [file = m_workspace.file] {
            return SqliteWorkspace::open(file, ConnectionName, SqliteWorkspace::Mode::ExistingOnly);
        };
    }
    QFuture<Result<void>> opening = m_worker.open(std::move(opener));
    opening.waitForFinished();
    if (opening.resultCount() == 0)
        return makeError(Error::Database, Cli::tr("The workspace could not be opened."));
    Result<void> opened = opening.result();
    if (opened)
        m_runner.setWorkspace(m_worker.generation());
    return opened;
}

bool CliContext::waitUntil(const std::function<bool()> &done)
{
    QEventLoop loop;
    QTimer poll;
    bool interrupted = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (CliInterrupt::requested()) {
            interrupted = true;
            loop.quit();
        } else if (done()) {
            loop.quit();
        }
    });
    poll.start(20);
    if (!done())
        loop.exec();
    return !interrupted;
}

TaskInfo CliContext::waitFor(quint64 id, qint64 units, const QString &unitsPerSecond)
{
    const bool terminal = ::isatty(STDERR_FILENO) && !m_json;
    CliProgress progress(terminal ? CliProgress::Style::Bar : CliProgress::Style::JsonLines, m_err);
    progress.setUnits(units, unitsPerSecond);

    QEventLoop loop;
    TaskInfo final = m_runner.task(id);
    bool ended = !final.isActive();
    const auto changed = QObject::connect(&m_runner, &TaskRunner::taskChanged, &loop, [&](const TaskInfo &info) {
        if (info.id == id && info.isActive())
            progress.update(info);
    });
    const auto finished = QObject::connect(&m_runner, &TaskRunner::taskFinished, &loop, [&](const TaskInfo &info) {
        if (info.id != id)
            return;
        final = info;
        ended = true;
        loop.quit();
    });
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (CliInterrupt::requested() && !m_runner.task(id).cancelRequested)
            m_runner.cancel(id); // the job sees it through TaskControl and rolls back
    });
    poll.start(20);
    if (!ended)
        loop.exec();
    QObject::disconnect(changed);
    QObject::disconnect(finished);
    progress.finish(final);
    return final;
}

int CliContext::usage(const QString &message)
{
    m_err << message << '\n' << Cli::tr("Try `sextant-cli %1 --help`.").arg(m_command.name) << '\n';
    m_err.flush();
    return CliExit::Usage;
}

int CliContext::fail(const Error &error)
{
    const int code = exitCodeFor(error);
    m_err << error.message << '\n';
    m_err.flush();
    return code;
}

int CliContext::succeed(const QString &sentence, QJsonObject summary)
{
    if (m_json) {
        summary.insert(QStringLiteral("ok"), true);
        summary.insert(QStringLiteral("command"), m_command.name);
        m_out << QString::fromUtf8(QJsonDocument(summary).toJson(QJsonDocument::Compact)) << '\n';
    } else {
        m_out << sentence << '\n';
    }
    m_out.flush();
    return CliExit::Done;
}

// Error carries no SQLSTATE, so a refusal is told by the sentences the services make of SQLSTATE 42501
// (Repository::queryError, FairnessQueries::refusedSentence) and by the server's own wording of a refusal,
// whatever code the service wrapped it in (a probe reports a refused schema read as a plan error).
int CliContext::exitCodeFor(const Error &error)
{
    if (error.code == Error::Cancelled)
        return CliExit::Cancelled;
    if (error.code == Error::InvalidInput && error.message.isEmpty())
        return CliExit::Usage;
    static const QString repositoryRefusal
        = middleOf(Repository::tr("%1 was refused: your database role is not allowed to do this (%2)."));
    const QString &text = error.message;
    if (text.contains(repositoryRefusal) || text == FairnessQueries::refusedSentence()
        || text.contains(QLatin1String("permission denied")) || text.contains(QLatin1String("row-level security"))
        || text.contains(QLatin1String("must be owner")))
        return CliExit::Refused;
    return CliExit::Failed;
}
