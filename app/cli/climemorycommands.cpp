// import and export: memories in and out of a workspace as files (embed lives in cliaicommands.cpp).
#include "cli/clicommand.h"
#include "cli/clicontext.h"
#include "memories/memoryexport.h"
#include "memories/memoryimport.h"

#include <QFileInfo>

namespace {
constexpr int ProblemsShown = 20;

std::optional<ImportFormat> importFormat(const QString &name)
{
    if (name.isEmpty())
        return ImportFormat::Detect;
    if (name == QLatin1String("jsonl"))
        return ImportFormat::Jsonl;
    if (name == QLatin1String("csv"))
        return ImportFormat::Csv;
    if (name == QLatin1String("yaml"))
        return ImportFormat::Yaml;
    return std::nullopt;
}

QString problemLine(const ImportProblem &problem)
{
    const QString where = problem.row > 0 ? Cli::tr("line %1").arg(problem.row) : Cli::tr("file");
    return problem.field.isEmpty() ? QStringLiteral("  %1: %2").arg(where, problem.reason)
                                   : QStringLiteral("  %1, %2: %3").arg(where, problem.field, problem.reason);
}

int importMemories(CliContext &context)
{
    if (context.positional().size() != 1)
        return context.usage(Cli::tr("import needs exactly one FILE."));
    const QString path = context.positional().constFirst();
    const std::optional<ImportFormat> format = importFormat(context.value(QStringLiteral("format")));
    if (!format)
        return context.usage(Cli::tr("--format is jsonl, csv or yaml."));
    const QString mode = context.value(QStringLiteral("mode"));
    if (mode != QLatin1String("all") && mode != QLatin1String("valid"))
        return context.usage(Cli::tr("--mode is all (any problem writes nothing) or valid (skip bad rows)."));
    if (!QFileInfo(path).isFile())
        return context.fail(makeError(Error::NotFound, Cli::tr("There is no file %1 to import.").arg(path)));

    DatabaseWorker *worker = context.worker();
    Result<ImportPlan> plan = context.runTask<ImportPlan>(Cli::tr("Read"), [path, format, worker](TaskControl &) {
        Result<ImportPlan> read = MemoryImport::readMemoryFile(path, *format);
        if (!read)
            return read;
        return worker->runAndWait([plan = std::move(*read)](Repository &repository) mutable -> Result<ImportPlan> {
            if (Result<void> checked = MemoryImport::checkAgainstWorkspace(repository, plan); !checked)
                return checked.error();
            return std::move(plan);
        });
    });
    if (!plan)
        return context.fail(plan.error());
    const bool allOrNothing = mode == QLatin1String("all");
    if (!plan->problems.isEmpty()) {
        context.err() << Cli::tr("%1 has %2 rows that cannot be imported:").arg(path).arg(plan->invalidRows) << '\n';
        for (qsizetype i = 0; i < plan->problems.size() && i < ProblemsShown; ++i)
            context.err() << problemLine(plan->problems.at(i)) << '\n';
        if (plan->problems.size() > ProblemsShown)
            context.err() << Cli::tr("  … and %1 more.").arg(plan->problems.size() - ProblemsShown) << '\n';
        if (allOrNothing)
            return context.fail(makeError(Error::InvalidInput,
                Cli::tr("Nothing was imported. Fix those rows, or add --mode valid to import the others.")));
    }

    ImportOptions options;
    options.mode = allOrNothing ? ImportMode::AllOrNothing : ImportMode::ValidRowsOnly;
    options.actor = context.actor();
    const qsizetype rows = plan->valid.size();
    Result<ImportResult> imported = context.runTask<ImportResult>(
        Cli::tr("Import"),
        [worker, plan = std::move(*plan), options](TaskControl &control) mutable {
            options.progress = [&control](qsizetype done, qsizetype total) {
                control.setProgress(total > 0 ? double(done) / double(total) : 1.0);
                return !control.isCancelled(); // false rolls the whole import back
            };
            return worker->runAndWait([&plan, &options](Repository &repository) {
                return MemoryImport::applyImport(repository, std::move(plan), options);
            });
        },
        rows, Cli::tr("%1 rows/s"));
    if (!imported)
        return context.fail(imported.error());
    return context.succeed(Cli::tr("Imported %1 memories, %2 evaluations and %3 links from %4; %5 rows skipped.")
                               .arg(imported->memories)
                               .arg(imported->evaluations)
                               .arg(imported->links)
                               .arg(path)
                               .arg(imported->skippedRows),
        { { QStringLiteral("file"), path }, { QStringLiteral("memories"), qint64(imported->memories) },
            { QStringLiteral("evaluations"), qint64(imported->evaluations) },
            { QStringLiteral("links"), qint64(imported->links) },
            { QStringLiteral("skipped_rows"), qint64(imported->skippedRows) } });
}

int exportMemories(CliContext &context)
{
    if (context.positional().size() != 1)
        return context.usage(Cli::tr("export needs exactly one FILE."));
    const QString path = context.positional().constFirst();
    ExportOptions options;
    const QString format = context.value(QStringLiteral("format"));
    if (format.isEmpty())
        options.format
            = path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? ExportFormat::Csv : ExportFormat::Jsonl;
    else if (format == QLatin1String("jsonl") || format == QLatin1String("csv"))
        options.format = format == QLatin1String("csv") ? ExportFormat::Csv : ExportFormat::Jsonl;
    else
        return context.usage(Cli::tr("--format is jsonl or csv."));
    options.withEmbeddings = context.isSet(QStringLiteral("with-embeddings"));
    options.includeArchived = !context.isSet(QStringLiteral("without-archived"));

    const Result<WorkspaceCounts> counts = context.read([](Repository &repository) { return repository.counts(); });
    if (!counts)
        return context.fail(counts.error());
    const qint64 total = options.includeArchived ? counts->memories : counts->memories - counts->archivedMemories;
    DatabaseWorker *worker = context.worker();
    const Result<ExportResult> exported = context.runTask<ExportResult>(
        Cli::tr("Export"),
        [worker, path, options, total](TaskControl &control) mutable {
            options.progress = [&control, total](qsizetype done) {
                control.setProgress(total > 0 ? double(done) / double(total) : 1.0);
                return !control.isCancelled(); // false: no file is left behind
            };
            return worker->runAndWait([&path, &options](Repository &repository) {
                return MemoryExport::exportToFile(repository, path, options);
            });
        },
        total, Cli::tr("%1 rows/s"));
    if (!exported)
        return context.fail(exported.error());
    return context.succeed(
        Cli::tr("Exported %1 memories to %2 (%3 bytes).").arg(exported->memories).arg(path).arg(exported->bytes),
        { { QStringLiteral("file"), path }, { QStringLiteral("memories"), qint64(exported->memories) },
            { QStringLiteral("bytes"), exported->bytes } });
}
} // namespace

QList<CliCommand> memoryCommands()
{
    CliCommand importCommand;
    importCommand.name = QStringLiteral("import");
    importCommand.summary = Cli::tr("Import memories from JSONL, CSV or EUMAS YAML.");
    importCommand.description = Cli::tr(
        "Reads and checks every row of FILE first (ids already in the workspace and links to unknown memories are "
        "problems too), lists the rows that cannot be imported on stderr, then writes the memories with their "
        "evaluations and links in one transaction. Ctrl+C rolls the whole import back.");
    importCommand.arguments = { { QStringLiteral("FILE"),
        Cli::tr("A .jsonl/.ndjson, .csv or .yaml/.yml file in the shapes export writes.") } };
    importCommand.options = {
        QCommandLineOption(QStringLiteral("format"),
            Cli::tr("jsonl, csv or yaml; by the file's extension when left out."), QStringLiteral("format")),
        QCommandLineOption(QStringLiteral("mode"),
            Cli::tr("all: any problem writes nothing; valid: import the valid rows and skip the rest."),
            QStringLiteral("mode"), QStringLiteral("all")),
    };
    importCommand.example = QStringLiteral("sextant-cli import --workspace team.sqlite memories.jsonl");
    importCommand.run = importMemories;

    CliCommand exportCommand;
    exportCommand.name = QStringLiteral("export");
    exportCommand.summary = Cli::tr("Export memories to JSONL or CSV.");
    exportCommand.description = Cli::tr(
        "Writes every memory, one per line (JSONL: with its evaluations and outgoing links; CSV: the memory's "
        "columns), in the shapes import reads back. The file appears only when the export is complete.");
    exportCommand.arguments = { { QStringLiteral("FILE"), Cli::tr("Where to write; replaced if it exists.") } };
    exportCommand.options = {
        QCommandLineOption(QStringLiteral("format"), Cli::tr("jsonl or csv; by the file's extension when left out."),
            QStringLiteral("format")),
        QCommandLineOption(QStringLiteral("with-embeddings"), Cli::tr("Include the embedding vectors (JSONL).")),
        QCommandLineOption(QStringLiteral("without-archived"), Cli::tr("Leave archived memories out.")),
    };
    exportCommand.example = QStringLiteral("sextant-cli export --profile production nightly.jsonl");
    exportCommand.run = exportMemories;
    return { importCommand, exportCommand };
}
