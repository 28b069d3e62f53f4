// bias-scan and fairness-report: the Fairness page's two tasks, for the nightly script.
#include "cli/clicommand.h"
#include "cli/clicontext.h"
#include "fairness/biasstore.h"
#include "fairness/fairnessexport.h"
#include "fairness/fairnessqueries.h"
#include "fairness/fairnessservice.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>

#include <cmath>

namespace {
enum class ReportFormat { Pdf, Html, Csv };

std::optional<ReportFormat> formatOf(const QString &option, const QString &path)
{
    QString name = option.toLower();
    if (name.isEmpty()) {
        name = QFileInfo(path).suffix().toLower();
        if (name == QLatin1String("htm"))
            name = QStringLiteral("html");
    }
    if (name == QLatin1String("pdf"))
        return ReportFormat::Pdf;
    if (name == QLatin1String("html"))
        return ReportFormat::Html;
    if (name == QLatin1String("csv"))
        return ReportFormat::Csv;
    return std::nullopt;
}

std::optional<QDate> dateOf(const QString &text)
{
    if (text.isEmpty())
        return QDate();
    const QDate date = QDate::fromString(text, Qt::ISODate);
    return date.isValid() ? std::optional<QDate>(date) : std::nullopt;
}

QJsonArray groupsJson(const FairnessReport &report)
{
    QJsonArray groups;
    for (const GroupOutcome &g : report.groups) {
        QJsonObject row { { QStringLiteral("group"), g.group }, { QStringLiteral("n"), g.n },
            { QStringLiteral("suppressed"), g.suppressed }, { QStringLiteral("reference"), g.isReference } };
        if (!g.suppressed) {
            row.insert(QStringLiteral("selected"), g.selected);
            row.insert(QStringLiteral("rate"), Cli::jsonNumber(g.rate));
            row.insert(QStringLiteral("impact_ratio"), Cli::jsonNumber(g.impactRatio));
            row.insert(QStringLiteral("four_fifths_flag"), g.fourFifthsFlag);
            row.insert(QStringLiteral("p_adjusted"), Cli::jsonNumber(g.pAdjusted));
        }
        groups.append(row);
    }
    return groups;
}

Result<void> writeReport(const FairnessReport &report, ReportFormat format, const QString &path)
{
    switch (format) {
    case ReportFormat::Pdf:
        return FairnessExport::writePdf(report, path);
    case ReportFormat::Html:
        return FairnessExport::writeHtml(report, path);
    case ReportFormat::Csv:
        return FairnessExport::writeCsv(report, path);
    }
    return {};
}

int fairnessReport(CliContext &context)
{
    if (context.positional().size() != 1)
        return context.usage(Cli::tr("fairness-report needs exactly one FILE (.pdf, .html or .csv)."));
    const QString path = context.positional().constFirst();
    const std::optional<ReportFormat> format = formatOf(context.value(QStringLiteral("format")), path);
    if (!format)
        return context.usage(Cli::tr("--format is pdf, html or csv; without it the FILE's extension decides."));

    FairnessRequest request;
    request.attributes = context.values(QStringLiteral("attribute"));
    if (request.attributes.isEmpty())
        request.attributes = { regionAttribute() };
    if (request.attributes.size() > 2)
        return context.usage(Cli::tr("Name one or two --attribute (two: their intersection)."));
    const std::optional<FairnessStage> stage = stageFromKey(context.value(QStringLiteral("stage")));
    if (!stage)
        return context.usage(
            Cli::tr("--stage is proposed, shown_top_k, approved_l1, final_decision, applied or hired."));
    request.stage = *stage;
    const std::optional<ReferenceGroup> reference = referenceFromKey(context.value(QStringLiteral("reference")));
    if (!reference)
        return context.usage(Cli::tr("--reference is highest_rate, largest or chosen."));
    request.reference = *reference;
    request.chosenGroup = context.value(QStringLiteral("group"));
    if ((request.reference == ReferenceGroup::Chosen) == request.chosenGroup.isEmpty())
        return context.usage(Cli::tr("--group names the reference group, with --reference chosen and only then."));
    const std::optional<QDate> from = dateOf(context.value(QStringLiteral("from")));
    const std::optional<QDate> to = dateOf(context.value(QStringLiteral("to")));
    if (!from || !to)
        return context.usage(Cli::tr("--from and --to take a date such as 2026-11-30."));
    request.from = *from;
    request.to = *to;
    bool ok = true;
    request.minGroupSize = context.value(QStringLiteral("min-group-size")).toInt(&ok);
    if (!ok || request.minGroupSize < 1)
        return context.usage(Cli::tr("--min-group-size needs a positive whole number."));
    request.topK = context.value(QStringLiteral("top-k")).toInt(&ok);
    if (!ok || request.topK < 1)
        return context.usage(Cli::tr("--top-k needs a positive whole number."));
    request.reviewer = context.value(QStringLiteral("reviewer"));
    if (Result<void> valid = FairnessQueries::validate(request); !valid)
        return context.usage(valid.error().message);

    const FairnessService service(context.worker());
    const QString actor = context.actor();
    const Result<FairnessReport> report = context.runTask<FairnessReport>(Cli::tr("Fairness report"),
        [&service, request, actor](TaskControl &control) { return service.buildReport(request, actor, control); });
    if (!report)
        return context.fail(report.error());
    if (Result<void> written = writeReport(*report, *format, path); !written)
        return context.fail(makeError(Error::Io,
            written.error().message + QLatin1Char(' ')
                + Cli::tr("The report was saved in the workspace as %1.")
                      .arg(report->id.toString(QUuid::WithoutBraces))));

    int flagged = 0;
    for (const GroupOutcome &g : report->groups)
        flagged += g.fourFifthsFlag && !g.suppressed ? 1 : 0;
    // A stage where every group is below the minimum size compares nothing; the summary says which stages do.
    QString text = report->groups.isEmpty()
        ? Cli::tr("Wrote the fairness report %1 to %2: at “%3” no group has at least %4 members, so nothing is "
                  "compared there.")
              .arg(report->id.toString(QUuid::WithoutBraces), path, stageLabel(request.stage))
              .arg(request.minGroupSize)
        : Cli::tr("Wrote the fairness report %1 to %2: %3 groups at “%4”, reference “%5”, %6 outside the "
                  "four-fifths band, %7 suppressed.")
              .arg(report->id.toString(QUuid::WithoutBraces), path)
              .arg(report->groups.size())
              .arg(stageLabel(request.stage), report->referenceGroup)
              .arg(flagged)
              .arg(report->suppressedGroups);
    for (const QString &sentence : report->summary)
        text += QLatin1String("\n  ") + sentence;
    return context.succeed(text,
        { { QStringLiteral("report"), report->id.toString(QUuid::WithoutBraces) }, { QStringLiteral("file"), path },
            { QStringLiteral("stage"), stageKey(request.stage) },
            { QStringLiteral("attributes"), QJsonArray::fromStringList(request.attributes) },
            { QStringLiteral("reference"), report->referenceGroup }, { QStringLiteral("total"), report->total },
            { QStringLiteral("flagged"), flagged }, { QStringLiteral("suppressed"), report->suppressedGroups },
            { QStringLiteral("groups"), groupsJson(*report) },
            { QStringLiteral("summary"), QJsonArray::fromStringList(report->summary) },
            { QStringLiteral("fingerprint"), report->dataFingerprint } });
}

int biasScan(CliContext &context)
{
    if (!context.positional().isEmpty())
        return context.usage(Cli::tr("bias-scan takes no arguments."));
    const QString entity = context.value(QStringLiteral("entity"));
    if (!entity.isEmpty() && entity != QLatin1String("job") && entity != QLatin1String("user")
        && entity != QLatin1String("review"))
        return context.usage(Cli::tr("--entity is job, user or review."));

    const FairnessService service(context.worker());
    QElapsedTimer timer;
    timer.start();
    const Result<int> written = context.runTask<int>(Cli::tr("Bias scan"),
        [&service, entity](TaskControl &control) { return service.scan(entity, false, control); });
    if (!written)
        return context.fail(written.error());
    const Result<QList<BiasScanItem>> flagged = context.read([entity](Repository &repository) {
        return BiasStore::queue(repository, entity, QString(), QStringLiteral("flagged"), 1000000);
    });
    if (!flagged)
        return context.fail(flagged.error());
    const double seconds = timer.elapsed() / 1000.0;
    return context.succeed(Cli::tr("Checked %1 texts with the word lists in %2 s; %3 are flagged for review.")
                               .arg(*written)
                               .arg(seconds, 0, 'f', 1)
                               .arg(flagged->size()),
        { { QStringLiteral("checked"), *written }, { QStringLiteral("flagged"), qint64(flagged->size()) },
            { QStringLiteral("entity"), entity.isEmpty() ? QStringLiteral("all") : entity },
            { QStringLiteral("seconds"), seconds } });
}
} // namespace

QList<CliCommand> fairnessCommands()
{
    CliCommand scan;
    scan.name = QStringLiteral("bias-scan");
    scan.summary = Cli::tr("Check job, profile and review texts for biased wording.");
    scan.description = Cli::tr(
        "Checks the texts of jobs, freelancer profiles and reviews (or one --entity type) with the built-in word "
        "lists and writes one bias report per text, flagged or clean, for the Fairness page's review queue. The "
        "reports are written a hundred at a time: after Ctrl+C the texts already checked keep their new report.");
    scan.options = {
        QCommandLineOption(
            QStringLiteral("entity"), Cli::tr("job, user or review; all three when left out."), QStringLiteral("type")),
    };
    scan.example = QStringLiteral("sextant-cli bias-scan --entity job --workspace team.sqlite");
    scan.run = biasScan;

    CliCommand report;
    report.name = QStringLiteral("fairness-report");
    report.summary = Cli::tr("Outcome and ranking fairness report as PDF, HTML or CSV.");
    report.description = Cli::tr(
        "Counts the outcomes of the matching pipeline per group of an attribute (the freelancer's region or an "
        "audit attribute such as age_band or gender) at one stage beside the others, compares each group with "
        "the reference group (selection rate, impact ratio with the four-fifths rule, parity difference, "
        "Fisher or chi-square with Holm's correction, equal opportunity), adds the ranking exposure, saves the "
        "report in the workspace and writes it to FILE. Groups smaller than --min-group-size are suppressed. On "
        "a server only reviewers and administrators may read audit attributes.");
    report.arguments = { { QStringLiteral("FILE"), Cli::tr("Where to write: .pdf, .html or .csv.") } };
    report.options = {
        QCommandLineOption(QStringLiteral("attribute"),
            Cli::tr("region or an audit attribute; twice for an intersection. Default: region."),
            QStringLiteral("name")),
        QCommandLineOption(QStringLiteral("stage"),
            Cli::tr("proposed, shown_top_k, approved_l1, final_decision, applied or hired."), QStringLiteral("stage"),
            QStringLiteral("approved_l1")),
        QCommandLineOption(QStringLiteral("reference"), Cli::tr("highest_rate, largest or chosen (with --group)."),
            QStringLiteral("rule"), QStringLiteral("highest_rate")),
        QCommandLineOption(
            QStringLiteral("group"), Cli::tr("The reference group for --reference chosen."), QStringLiteral("label")),
        QCommandLineOption(
            QStringLiteral("from"), Cli::tr("Proposals made on or after this day."), QStringLiteral("date")),
        QCommandLineOption(
            QStringLiteral("to"), Cli::tr("Proposals made on or before this day."), QStringLiteral("date")),
        QCommandLineOption(QStringLiteral("min-group-size"), Cli::tr("Suppress groups with fewer people."),
            QStringLiteral("n"), QStringLiteral("30")),
        QCommandLineOption(QStringLiteral("top-k"), Cli::tr("The positions that count as shown."), QStringLiteral("k"),
            QStringLiteral("10")),
        QCommandLineOption(
            QStringLiteral("reviewer"), Cli::tr("Only this reviewer's decisions."), QStringLiteral("name")),
        QCommandLineOption(QStringLiteral("format"),
            Cli::tr("pdf, html or csv; by the FILE's extension when left out."), QStringLiteral("format")),
    };
    report.example = QStringLiteral("sextant-cli fairness-report --profile production --attribute age_band "
                                    "--from 2026-11-01 nightly-fairness.pdf");
    report.needsGui = true;
    report.run = fairnessReport;
    return { scan, report };
}
