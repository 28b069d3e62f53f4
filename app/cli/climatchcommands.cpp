// match: a match run on the workspace, as the Matches page starts it.
#include "cli/clicommand.h"
#include "cli/clicontext.h"
#include "matching/matchservice.h"

#include <QElapsedTimer>
#include <QJsonArray>

namespace {
// The ids of a repeatable option; the sentence for the first one that is not an id.
Result<QList<QUuid>> idsOf(const QStringList &values, const QString &option)
{
    QList<QUuid> ids;
    for (const QString &value : values) {
        const QUuid id = QUuid::fromString(value);
        if (id.isNull())
            return makeError(Error::InvalidInput,
                Cli::tr("%1 needs an id such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427, "
                        "not “%2”.")
                    .arg(option, value));
        ids.append(id);
    }
    return ids;
}

int match(CliContext &context)
{
    if (!context.positional().isEmpty())
        return context.usage(
            Cli::tr("match takes no arguments; name jobs with --job or a freelancer with --freelancer."));
    const Result<QList<QUuid>> jobs = idsOf(context.values(QStringLiteral("job")), QStringLiteral("--job"));
    if (!jobs)
        return context.usage(jobs.error().message);
    const Result<QList<QUuid>> freelancers
        = idsOf(context.values(QStringLiteral("freelancer")), QStringLiteral("--freelancer"));
    if (!freelancers)
        return context.usage(freelancers.error().message);
    if (!jobs->isEmpty() && !freelancers->isEmpty())
        return context.usage(Cli::tr("Match jobs (--job) or one freelancer (--freelancer), not both."));
    if (freelancers->size() > 1)
        return context.usage(Cli::tr("A freelancer run takes one --freelancer."));

    MatchRunRequest request;
    if (!freelancers->isEmpty()) {
        request.scope = MatchScope::Freelancer;
        request.ids = *freelancers;
    } else if (jobs->size() == 1) {
        request.scope = MatchScope::Job;
        request.ids = *jobs;
    } else if (!jobs->isEmpty()) {
        request.scope = MatchScope::Jobs;
        request.ids = *jobs;
    }
    if (context.isSet(QStringLiteral("version"))) {
        request.versionId = QUuid::fromString(context.value(QStringLiteral("version")));
        if (request.versionId.isNull())
            return context.usage(Cli::tr("--version needs the id of a matching version (the Model registry page)."));
    }

    const MatchService service(context.worker());
    const QString actor = context.actor();
    QElapsedTimer timer;
    timer.start();
    const Result<MatchRunRecord> run = context.runTask<MatchRunRecord>(Cli::tr("Match"),
        [&service, request, actor](TaskControl &control) { return service.run(request, actor, control); });
    if (!run)
        return context.fail(run.error());
    const double seconds = timer.elapsed() / 1000.0;
    return context.succeed(Cli::tr("Match run %1 (version %2): %3 queries, %4 pairs scored, %5 proposals written in "
                                   "%6 s.")
                               .arg(run->id.toString(QUuid::WithoutBraces), run->modelVersion)
                               .arg(run->queries)
                               .arg(run->pairsScored)
                               .arg(run->proposals)
                               .arg(seconds, 0, 'f', 1),
        { { QStringLiteral("run"), run->id.toString(QUuid::WithoutBraces) },
            { QStringLiteral("scope"), scopeKey(run->scope) }, { QStringLiteral("version"), run->modelVersion },
            { QStringLiteral("status"), run->status }, { QStringLiteral("queries"), run->queries },
            { QStringLiteral("pairs_scored"), run->pairsScored }, { QStringLiteral("proposals"), run->proposals },
            { QStringLiteral("timings"), run->timings }, { QStringLiteral("seconds"), seconds } });
}
} // namespace

QList<CliCommand> matchingCommands()
{
    CliCommand command;
    command.name = QStringLiteral("match");
    command.summary = Cli::tr("Propose freelancers for open jobs (a match run).");
    command.description = Cli::tr(
        "Runs the matching engine with the active matching version (or --version): for every open job by default, "
        "for the jobs named with --job, or open jobs for one --freelancer. The run is recorded with its counts and "
        "timings; its proposals replace the earlier ones of the same jobs only when the run completes, so Ctrl+C "
        "leaves the earlier proposals current.");
    command.options = {
        QCommandLineOption(
            QStringLiteral("job"), Cli::tr("Match this job (repeat for several)."), QStringLiteral("id")),
        QCommandLineOption(
            QStringLiteral("freelancer"), Cli::tr("Find open jobs for this freelancer."), QStringLiteral("id")),
        QCommandLineOption(QStringLiteral("version"), Cli::tr("Use this matching version instead of the active one."),
            QStringLiteral("id")),
    };
    command.example = QStringLiteral("sextant-cli match --profile production --json");
    command.run = match;
    return { command };
}
