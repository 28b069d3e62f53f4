// embed and evaluate: the two AI jobs, with the endpoint the window was set to (Settings → AI).
#include "ai/aiendpoint.h"
#include "ai/openaiclient.h"
#include "archetypes/archetypeevaluator.h"
#include "archetypes/bulkevaluation.h"
#include "archetypes/promptlibrary.h"
#include "cli/clicommand.h"
#include "cli/clicontext.h"
#include "core/secretstore.h"
#include "memories/bulkembedding.h"

#include <QCoroTask>
#include <QSettings>

namespace {
// The window's AI configuration, or the offline embedder when `offline`. The API key comes from the keychain
// entry the window saved, else OPENAI_API_KEY: never from the command line.
void configure(AiEndpoint &endpoint, SecretStore &secrets, bool offline)
{
    QSettings settings;
    AiEndpoint::Config config = AiEndpoint::Config::load(settings);
    if (offline)
        config.provider = AiEndpoint::Provider::Offline;
    QString key;
    if (config.provider == AiEndpoint::Provider::OpenAi) {
        const Result<QString> stored = QCoro::waitFor(secrets.read(config.openai.secretKey()));
        key = stored && !stored->isEmpty() ? *stored : qEnvironmentVariable("OPENAI_API_KEY");
    }
    endpoint.configure(std::move(config), key);
}

int embed(CliContext &context)
{
    if (!context.positional().isEmpty())
        return context.usage(Cli::tr("embed takes no arguments."));
    bool ok = true;
    const int chunk = context.value(QStringLiteral("chunk")).toInt(&ok);
    if (!ok || chunk < 1 || chunk > 4096)
        return context.usage(Cli::tr("--chunk needs a whole number from 1 to 4096."));

    SecretStore secrets;
    AiEndpoint endpoint(context.worker(), &secrets);
    configure(endpoint, secrets, context.isSet(QStringLiteral("offline")));
    Embedder *embedder = endpoint.embedder();
    const QString model = embedder->modelName();

    BulkEmbedding bulk(context.runner(), context.worker());
    bulk.setChunkSize(chunk);
    std::optional<BulkEmbedding::Summary> summary;
    QObject::connect(
        &bulk, &BulkEmbedding::finished, &context, [&summary](const BulkEmbedding::Summary &done) { summary = done; });
    endpoint.acquire();
    bulk.start(embedder);
    context.follow(bulk.taskId()); // the service ends its task and emits finished() in one step
    endpoint.release();
    if (!summary)
        return context.fail(makeError(Error::Cancelled, Cli::tr("Cancelled.")));
    if (!summary->error.isEmpty())
        return context.fail(makeError(Error::Io,
            summary->error + QLatin1Char(' ')
                + Cli::tr("%1 memories were embedded before it; a rerun continues with the rest.")
                      .arg(summary->embedded)));
    if (summary->cancelled)
        return context.fail(makeError(Error::Cancelled,
            Cli::tr("Cancelled after %1 of %2 memories; they keep their embeddings, and a rerun continues with the "
                    "rest.")
                .arg(summary->embedded)
                .arg(summary->total)));
    const double seconds = summary->elapsedMs / 1000.0;
    return context.succeed(Cli::tr("Embedded %1 memories with %2 (%3) in %4 s; none lacks an embedding from it now.")
                               .arg(summary->embedded)
                               .arg(model, endpoint.description())
                               .arg(seconds, 0, 'f', 1),
        { { QStringLiteral("embedded"), summary->embedded }, { QStringLiteral("model"), model },
            { QStringLiteral("endpoint"), endpoint.description() }, { QStringLiteral("seconds"), seconds } });
}

int evaluate(CliContext &context)
{
    if (!context.positional().isEmpty())
        return context.usage(Cli::tr("evaluate takes no arguments."));
    bool ok = true;
    const int inFlight = context.value(QStringLiteral("in-flight")).toInt(&ok);
    if (!ok || inFlight < 1 || inFlight > 64)
        return context.usage(Cli::tr("--in-flight needs a whole number from 1 to 64."));

    SecretStore secrets;
    AiEndpoint endpoint(context.worker(), &secrets);
    configure(endpoint, secrets, false);
    OpenAiClient *client = endpoint.client();
    if (!client)
        return context.fail(makeError(Error::InvalidInput,
            Cli::tr("Evaluating memories needs a chat model: set an OpenAI-compatible endpoint in the window "
                    "(Settings → AI). The offline embedder cannot evaluate.")));
    const Result<PromptTemplate> prompt
        = PromptLibrary().find(QStringLiteral("archetype-evaluation"), QString::fromLatin1(PromptLibrary::PerMemory));
    if (!prompt)
        return context.fail(prompt.error());
    ArchetypeEvaluator evaluator(*client, *prompt, context.value(QStringLiteral("model")));

    BulkEvaluation bulk(*context.worker(), evaluator, context.runner());
    BulkEvaluationOptions options;
    options.inFlight = inFlight;
    options.actor = context.actor();
    std::optional<BulkEvaluationSummary> summary;
    QObject::connect(
        &bulk, &BulkEvaluation::finished, &context, [&summary](const BulkEvaluationSummary &done) { summary = done; });
    endpoint.acquire();
    // The coroutine starts at once and runs until its first wait; the task object keeps it alive. The service ends
    // its task and emits finished() in one step, so following the task to its end is waiting for the summary.
    [[maybe_unused]] QCoro::Task<BulkEvaluationSummary> running = bulk.run(options);
    context.follow(bulk.taskId());
    endpoint.release();
    if (!summary)
        return context.fail(makeError(Error::Cancelled, Cli::tr("Cancelled.")));
    const QString counts = Cli::tr("%1 of %2 memories evaluated with %3 (prompt %4), %5 failed validation twice, "
                                   "%6 requests, %7 + %8 tokens")
                               .arg(summary->evaluated)
                               .arg(summary->total)
                               .arg(evaluator.model(), evaluator.promptVersion())
                               .arg(summary->failed)
                               .arg(summary->requests)
                               .arg(summary->promptTokens)
                               .arg(summary->completionTokens);
    if (summary->error)
        return context.fail(
            makeError(summary->error->code, summary->error->message + QLatin1Char('\n') + counts + QLatin1Char('.')));
    if (summary->cancelled)
        return context.fail(makeError(Error::Cancelled,
            Cli::tr("Cancelled: %1. Every memory evaluated so far is kept; a rerun continues with the rest.")
                .arg(counts)));
    return context.succeed(counts + QLatin1Char('.'),
        { { QStringLiteral("total"), summary->total }, { QStringLiteral("evaluated"), summary->evaluated },
            { QStringLiteral("failed"), summary->failed }, { QStringLiteral("requests"), summary->requests },
            { QStringLiteral("prompt_tokens"), summary->promptTokens },
            { QStringLiteral("completion_tokens"), summary->completionTokens },
            { QStringLiteral("model"), evaluator.model() },
            { QStringLiteral("prompt_version"), evaluator.promptVersion() },
            { QStringLiteral("seconds"), summary->elapsedMs / 1000.0 } });
}
} // namespace

QList<CliCommand> aiCommands()
{
    CliCommand embedCommand;
    embedCommand.name = QStringLiteral("embed");
    embedCommand.summary = Cli::tr("Embed the memories that lack an embedding.");
    embedCommand.description = Cli::tr(
        "Embeds every memory that has no embedding from the current model: the OpenAI-compatible endpoint the "
        "window was set to (Settings → AI; API key from the keychain or OPENAI_API_KEY), or the offline "
        "embedder. Works in chunks, each written in one transaction: after Ctrl+C or an error every memory is "
        "either embedded or untouched, and a rerun continues where the last one stopped.");
    embedCommand.options = {
        QCommandLineOption(QStringLiteral("offline"), Cli::tr("Use the offline embedder whatever the settings say.")),
        QCommandLineOption(QStringLiteral("chunk"), Cli::tr("Memories per request and transaction."),
            QStringLiteral("n"), QStringLiteral("128")),
    };
    embedCommand.example = QStringLiteral("sextant-cli embed --profile production");
    embedCommand.run = embed;

    CliCommand evaluateCommand;
    evaluateCommand.name = QStringLiteral("evaluate");
    evaluateCommand.summary = Cli::tr("Evaluate the memories that lack archetype evaluations.");
    evaluateCommand.description = Cli::tr(
        "Asks the chat model of the endpoint the window was set to (Settings → AI; API key from the keychain or "
        "OPENAI_API_KEY) for the archetype evaluations of every unarchived memory that lacks them for this model "
        "and prompt version, a few at a time. Each memory is written in its own transaction: after Ctrl+C or an "
        "error every memory is either fully evaluated or untouched, and a rerun continues with the rest. Answers "
        "that fail validation twice are recorded as failures for the Archetypes page.");
    evaluateCommand.options = {
        QCommandLineOption(QStringLiteral("model"), Cli::tr("The chat model; the endpoint's setting when left out."),
            QStringLiteral("model")),
        QCommandLineOption(QStringLiteral("in-flight"), Cli::tr("Memories evaluated at the same time."),
            QStringLiteral("n"), QStringLiteral("4")),
    };
    evaluateCommand.example
        = QStringLiteral("OPENAI_API_KEY=… sextant-cli evaluate --profile production --in-flight 8");
    evaluateCommand.run = evaluate;
    return { embedCommand, evaluateCommand };
}
