// status and migrate: what a workspace holds and bringing its schema up to date.
#include "cli/clicommand.h"
#include "cli/clicontext.h"
#include "db/migrator.h"
#include "workspace/workspacesession.h"
#include "workspace/workspacestatus.h"

#include <QJsonArray>

namespace {
QJsonObject countsJson(const WorkspaceCounts &c)
{
    return { { QStringLiteral("memories"), c.memories }, { QStringLiteral("archived_memories"), c.archivedMemories },
        { QStringLiteral("evaluations"), c.evaluations }, { QStringLiteral("links"), c.links },
        { QStringLiteral("freelancers"), c.freelancers }, { QStringLiteral("jobs"), c.jobs },
        { QStringLiteral("open_jobs"), c.openJobs }, { QStringLiteral("matches"), c.matches },
        { QStringLiteral("match_reviews"), c.matchReviews }, { QStringLiteral("bias_reports"), c.biasReports } };
}

QString line(const QString &label, qint64 value)
{
    return QStringLiteral("  %1 %2\n").arg(label + QLatin1Char(':'), -34).arg(value);
}

// A server's schema may be behind: probe() reads it without changing anything, so status can say what is pending.
Result<WorkspaceStatus> serverStatus(CliContext &context)
{
    Result<ConnectionReport> probe
        = PostgresWorkspace::probe(context.serverSettings(), QStringLiteral("sextant-cli-probe"));
    if (!probe && context.promptAfter(probe.error()))
        probe = PostgresWorkspace::probe(context.serverSettings(), QStringLiteral("sextant-cli-probe"));
    if (!probe)
        return probe.error();
    if (!probe->planError.isEmpty())
        return makeError(Error::SchemaTooNew, probe->planError);
    if (!probe->plan.isEmpty()) {
        WorkspaceStatus status;
        status.schemaVersion = probe->schemaVersion;
        status.latestVersion = probe->latestVersion;
        for (const Migration &step : probe->plan.steps)
            status.pendingMigrations.append(step.name);
        return status;
    }
    if (Result<void> opened = context.openWorkspace(); !opened)
        return opened.error();
    return context.read([](Repository &repository) { return WorkspaceStatusReader::read(repository); });
}

int status(CliContext &context)
{
    if (!context.positional().isEmpty())
        return context.usage(Cli::tr("status takes no arguments."));
    Result<WorkspaceStatus> found = makeError(Error::Internal, QString());
    if (context.workspace().postgres) {
        found = serverStatus(context);
    } else {
        Result<void> opened = context.openWorkspace(); // a file's schema is brought up to date as it opens
        found = opened ? context.read([](Repository &repository) { return WorkspaceStatusReader::read(repository); })
                       : Result<WorkspaceStatus>(opened.error());
    }
    if (!found)
        return context.fail(found.error());

    const WorkspaceStatus &s = *found;
    QString text = Cli::tr("Workspace: %1").arg(context.workspace().displayName()) + QLatin1Char('\n');
    text += (s.pendingMigrations.isEmpty()
                    ? Cli::tr("Schema version: %1 (current)").arg(s.schemaVersion)
                    : Cli::tr("Schema version: %1 of %2; pending migrations: %3 (run `sextant-cli migrate`)")
                          .arg(s.schemaVersion)
                          .arg(s.latestVersion)
                          .arg(s.pendingMigrations.join(QLatin1String(", "))))
        + QLatin1Char('\n');
    if (s.pendingMigrations.isEmpty()) {
        text += Cli::tr("Rows:") + QLatin1Char('\n') + line(Cli::tr("Memories"), s.counts.memories)
            + line(Cli::tr("Archived memories"), s.counts.archivedMemories)
            + line(Cli::tr("Evaluations"), s.counts.evaluations) + line(Cli::tr("Links"), s.counts.links)
            + line(Cli::tr("Freelancers"), s.counts.freelancers) + line(Cli::tr("Jobs"), s.counts.jobs)
            + line(Cli::tr("Open jobs"), s.counts.openJobs) + line(Cli::tr("Proposed matches"), s.counts.matches)
            + line(Cli::tr("Match reviews"), s.counts.matchReviews)
            + line(Cli::tr("Bias reports"), s.counts.biasReports);
        text += Cli::tr("Pending work:") + QLatin1Char('\n')
            + line(Cli::tr("Memories without an embedding"), s.memoriesWithoutEmbedding)
            + line(Cli::tr("Memories without an evaluation"), s.memoriesWithoutEvaluation)
            + line(Cli::tr("Open jobs without proposals"), s.openJobsWithoutProposals)
            + line(Cli::tr("Proposals without a review"), s.proposalsWithoutReview)
            + line(Cli::tr("Match runs still running"), s.runningMatchRuns);
    }
    text.chop(1);
    return context.succeed(text,
        { { QStringLiteral("workspace"), context.workspace().displayName() },
            { QStringLiteral("schema_version"), s.schemaVersion },
            { QStringLiteral("latest_version"), s.latestVersion },
            { QStringLiteral("pending_migrations"), QJsonArray::fromStringList(s.pendingMigrations) },
            { QStringLiteral("counts"), countsJson(s.counts) },
            { QStringLiteral("pending"),
                QJsonObject { { QStringLiteral("memories_without_embedding"), s.memoriesWithoutEmbedding },
                    { QStringLiteral("memories_without_evaluation"), s.memoriesWithoutEvaluation },
                    { QStringLiteral("open_jobs_without_proposals"), s.openJobsWithoutProposals },
                    { QStringLiteral("proposals_without_review"), s.proposalsWithoutReview },
                    { QStringLiteral("running_match_runs"), s.runningMatchRuns } } } });
}

int migrate(CliContext &context)
{
    if (!context.positional().isEmpty())
        return context.usage(Cli::tr("migrate takes no arguments."));
    if (!context.workspace().postgres) {
        // SQLite workspaces migrate as they open; opening is all there is to do.
        if (Result<void> opened = context.openWorkspace(); !opened)
            return context.fail(opened.error());
        const Result<int> version = context.read([](Repository &repository) { return repository.schemaVersion(); });
        if (!version)
            return context.fail(version.error());
        return context.succeed(
            Cli::tr("%1 is up to date at schema version %2.").arg(context.workspace().displayName()).arg(*version),
            { { QStringLiteral("schema_version"), *version }, { QStringLiteral("applied"), QJsonArray() } });
    }
    Result<MigrationPlan> applied = WorkspaceSession::migratePostgres(context.serverSettings());
    if (!applied && context.promptAfter(applied.error()))
        applied = WorkspaceSession::migratePostgres(context.serverSettings());
    if (!applied)
        return context.fail(applied.error());
    QString text;
    QJsonArray names;
    for (const Migration &step : applied->steps) {
        text += Cli::tr("Applied: %1").arg(step.name) + QLatin1Char('\n');
        names.append(step.name);
    }
    const QString where = context.workspace().displayName();
    text += applied->isEmpty()
        ? Cli::tr("%1 is up to date at schema version %2.").arg(where).arg(applied->currentVersion)
        : Cli::tr("%1 is now at schema version %2.").arg(where).arg(applied->targetVersion);
    return context.succeed(text,
        { { QStringLiteral("schema_version"), applied->isEmpty() ? applied->currentVersion : applied->targetVersion },
            { QStringLiteral("applied"), names } });
}
} // namespace

QList<CliCommand> workspaceCommands()
{
    CliCommand statusCommand;
    statusCommand.name = QStringLiteral("status");
    statusCommand.summary = Cli::tr("Schema version, row counts and pending work.");
    statusCommand.description = Cli::tr(
        "Prints the workspace's schema version (and the migrations a server still needs), how many rows each part "
        "holds, and the work still waiting: memories without an embedding or an evaluation, open jobs without "
        "proposals, proposals nobody has reviewed, match runs still marked running. Reads only.");
    statusCommand.example = QStringLiteral("sextant-cli status --profile production --json");
    statusCommand.workspace = CliCommand::Workspace::Any;
    statusCommand.run = status;

    CliCommand migrateCommand;
    migrateCommand.name = QStringLiteral("migrate");
    migrateCommand.summary = Cli::tr("Apply pending schema migrations.");
    migrateCommand.description = Cli::tr(
        "Brings the workspace's schema up to date, all pending steps in one transaction: a failure leaves the "
        "database as it was. Needs a role that may create tables (an administrator). A workspace file is brought "
        "up to date whenever it is opened.");
    migrateCommand.example = QStringLiteral("PGPASSWORD=… sextant-cli migrate --connect \"host=db.example.org "
                                            "dbname=sextant user=sextant_owner\"");
    migrateCommand.workspace = CliCommand::Workspace::Any;
    migrateCommand.run = migrate;
    return { statusCommand, migrateCommand };
}
