#pragma once

#include "cli/clicommand.h"
#include "cli/cliprogress.h"
#include "cli/cliworkspace.h"
#include "core/result.h"
#include "db/databaseworker.h"
#include "tasks/taskrunner.h"

#include <QCommandLineParser>
#include <QFuture>
#include <QJsonObject>
#include <QTextStream>

#include <optional>

// What a subcommand's body works with: its parsed options, the open workspace (a DatabaseWorker with one
// connection), a TaskRunner for the slow part, and the two output streams. Lives on the main thread.
//
// Output contract: stdout carries the result (a sentence, or with --json one JSON object), stderr carries
// progress (CliProgress) and error sentences.
class CliContext : public QObject
{
    Q_OBJECT
public:
    CliContext(const CliCommand &command, const QCommandLineParser &parser, QObject *parent = nullptr);
    ~CliContext() override;

    const CliCommand &command() const { return m_command; }
    QString value(const QString &option) const { return m_parser.value(option); }
    bool isSet(const QString &option) const { return m_parser.isSet(option); }
    QStringList values(const QString &option) const { return m_parser.values(option); }
    QStringList positional() const { return m_parser.positionalArguments(); }
    bool json() const { return m_json; }
    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }

    const CliWorkspace &workspace() const { return m_workspace; }
    void setWorkspace(const CliWorkspace &workspace) { m_workspace = workspace; }
    // For a server: the stored password (keychain, PGPASSWORD) filled in, or a prompt after the server asked.
    // Opens m_workspace on the worker. SQLite: an existing file only (schema brought up to date); PostgreSQL:
    // the schema must be current (`migrate` applies what is pending).
    Result<void> openWorkspace();
    // The server settings with the password found the same way, for bodies that connect themselves.
    PostgresSettings serverSettings();
    DatabaseWorker *worker() { return &m_worker; }
    TaskRunner *runner() { return &m_runner; }
    // Who the audit log names: the database role on a server, the OS user for a file.
    QString actor() const;

    // Runs `job` on the task runner and waits, showing its progress; Ctrl+C cancels it through its TaskControl
    // and waits for the job to return (so its transaction is rolled back): Error::Cancelled. A job that had
    // already finished its work when Ctrl+C came returns its result: what it wrote is kept, and said so.
    template<typename T>
    Result<T> runTask(const QString &name, std::function<Result<T>(TaskControl &)> job, qint64 units = 0,
        const QString &unitsPerSecond = QString())
    {
        // The runner delivers no result for a task it marks cancelled, so the job keeps its own; the runner's
        // queued finish orders this write before the read below.
        auto kept = std::make_shared<std::optional<Result<T>>>();
        const quint64 id = m_runner.run(
            name, QString(),
            [job = std::move(job), kept](TaskControl &control) -> Result<void> {
                Result<T> value = job(control);
                Result<void> status = value.ok() ? Result<void>() : Result<void>(value.error());
                *kept = std::move(value);
                return status;
            },
            this, [](Result<void>) {});
        const TaskInfo final = waitFor(id, units, unitsPerSecond);
        if (*kept)
            return std::move(**kept);
        if (final.state == TaskInfo::Cancelled)
            return makeError(Error::Cancelled, Cli::tr("Cancelled; nothing of this run was kept."));
        return makeError(Error::Internal,
            final.errorMessage.isEmpty() ? Cli::tr("The task ended without a result.") : final.errorMessage);
    }
    // One quick call on the workspace's connection, waited for without a progress line (Ctrl+C: Cancelled).
    template<typename F> auto read(F f) -> std::invoke_result_t<F, Repository &>
    {
        using R = std::invoke_result_t<F, Repository &>;
        QFuture<R> future = m_worker.run(std::move(f), DatabaseWorker::Lane::Background);
        if (!waitUntil([&future] { return future.isFinished(); }))
            return R(makeError(Error::Cancelled, Cli::tr("Cancelled.")));
        if (future.resultCount() == 0)
            return R(makeError(Error::Database, Cli::tr("The workspace was closed.")));
        return future.takeResult();
    }
    // After a server refused to connect for want of a password that was not given: asks on the terminal and
    // keeps the answer for the next try. False when there is nothing to ask or nobody to ask.
    bool promptAfter(const Error &error);
    // Spins the event loop until `done` returns true, polling Ctrl+C; false when interrupted.
    bool waitUntil(const std::function<bool()> &done);
    // Shows the progress of a task already on the runner (one a service began itself) until it ends; Ctrl+C
    // cancels it, and this still waits for it to end.
    TaskInfo follow(quint64 id, qint64 units = 0, const QString &unitsPerSecond = QString())
    {
        return waitFor(id, units, unitsPerSecond);
    }

    // A usage mistake: the sentence and a pointer to --help on stderr; returns CliExit::Usage.
    int usage(const QString &message);
    // The error's sentence on stderr; returns its exit code (Refused, Cancelled or Failed).
    int fail(const Error &error);
    // The result: `sentence` on stdout, or with --json `summary` (plus "ok": true) as one line. Returns Done.
    int succeed(const QString &sentence, QJsonObject summary);

    static int exitCodeFor(const Error &error);

private:
    TaskInfo waitFor(quint64 id, qint64 units, const QString &unitsPerSecond);
    Result<void> openWith(const std::optional<PostgresSettings> &settings);

    const CliCommand &m_command;
    const QCommandLineParser &m_parser;
    bool m_json = false;
    QTextStream m_out;
    QTextStream m_err;
    CliWorkspace m_workspace;
    bool m_passwordResolved = false;
    DatabaseWorker m_worker;
    TaskRunner m_runner;
};
