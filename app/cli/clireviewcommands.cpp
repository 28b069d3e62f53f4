// review-export: the review decisions in force, and the reviewers' agreement, as files for an audit or a notebook.
#include "cli/clicommand.h"
#include "cli/clicontext.h"
#include "review/reviewagreement.h"
#include "review/reviewqueries.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

namespace {
// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString id(const QUuid &uuid)
{
    return uuid.toString(QUuid::WithoutBraces);
}

QString decisionsCsv(const QList<ReviewRecord> &decisions)
{
    QString text = QStringLiteral("decision_id,match_id,level,reviewer,decision,reason_code,note,decided_at\r\n");
    for (const ReviewRecord &r : decisions) {
        const QStringList fields { id(r.id), id(r.matchId), QString::number(r.level), csvField(r.reviewer),
            decisionKey(r.decision), csvField(r.reasonCode), csvField(r.note),
            r.decidedAt.toUTC().toString(Qt::ISODateWithMs) };
        text += fields.join(QLatin1Char(',')) + QLatin1String("\r\n");
    }
    return text;
}

QString decisionsJsonl(const QList<ReviewRecord> &decisions)
{
    QString text;
    for (const ReviewRecord &r : decisions) {
        const QJsonObject row { { QStringLiteral("decision_id"), id(r.id) },
            { QStringLiteral("match_id"), id(r.matchId) }, { QStringLiteral("level"), r.level },
            { QStringLiteral("reviewer"), r.reviewer }, { QStringLiteral("decision"), decisionKey(r.decision) },
            { QStringLiteral("reason_code"), r.reasonCode }, { QStringLiteral("note"), r.note },
            { QStringLiteral("decided_at"), r.decidedAt.toUTC().toString(Qt::ISODateWithMs) } };
        text += QString::fromUtf8(QJsonDocument(row).toJson(QJsonDocument::Compact)) + QLatin1Char('\n');
    }
    return text;
}

// The whole file or none of it: written beside and renamed when complete.
Result<void> writeFile(const QString &path, const QString &text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(Error::Io, Cli::tr("Could not write %1: %2").arg(path, file.errorString()));
    file.write(text.toUtf8());
    if (!file.commit())
        return makeError(Error::Io, Cli::tr("Could not write %1: %2").arg(path, file.errorString()));
    return {};
}

QString twoPlaces(double value)
{
    return std::isfinite(value) ? QString::number(value, 'f', 2) : Cli::tr("undefined");
}

int reviewExport(CliContext &context)
{
    if (context.positional().size() != 1)
        return context.usage(Cli::tr("review-export needs exactly one FILE."));
    const QString path = context.positional().constFirst();
    QString format = context.value(QStringLiteral("format"));
    if (format.isEmpty())
        format = QFileInfo(path).suffix().toLower() == QLatin1String("jsonl") ? QStringLiteral("jsonl")
                                                                              : QStringLiteral("csv");
    if (format != QLatin1String("csv") && format != QLatin1String("jsonl"))
        return context.usage(Cli::tr("--format is csv or jsonl."));
    const QString agreementPath = context.value(QStringLiteral("agreement"));
    if (!agreementPath.isEmpty() && QFileInfo(agreementPath).absoluteFilePath() == QFileInfo(path).absoluteFilePath())
        return context.usage(Cli::tr("--agreement needs a file of its own."));

    const Result<QList<ReviewRecord>> decisions
        = context.read([](Repository &repository) { return ReviewQueries::decisionsInForce(repository); });
    if (!decisions)
        return context.fail(decisions.error());
    const QString text = format == QLatin1String("csv") ? decisionsCsv(*decisions) : decisionsJsonl(*decisions);
    if (Result<void> written = writeFile(path, text); !written)
        return context.fail(written.error());

    int approved = 0, rejected = 0, flagged = 0;
    for (const ReviewRecord &r : *decisions) {
        approved += r.decision == ReviewDecision::Approve ? 1 : 0;
        rejected += r.decision == ReviewDecision::Reject ? 1 : 0;
        flagged += r.decision == ReviewDecision::Flag ? 1 : 0;
    }
    QString sentence = Cli::tr("Wrote %1 decisions in force to %2 (%3 approved, %4 rejected, %5 flagged).")
                           .arg(decisions->size())
                           .arg(path)
                           .arg(approved)
                           .arg(rejected)
                           .arg(flagged);
    QJsonObject summary { { QStringLiteral("file"), path }, { QStringLiteral("decisions"), qint64(decisions->size()) },
        { QStringLiteral("approved"), approved }, { QStringLiteral("rejected"), rejected },
        { QStringLiteral("flagged"), flagged } };

    if (!agreementPath.isEmpty()) {
        // The bootstrap intervals take a moment on a large workspace: a task, so Ctrl+C works.
        const QList<ReviewRecord> input = *decisions;
        const Result<AgreementReport> agreement = context.runTask<AgreementReport>(Cli::tr("Agreement"),
            [input](TaskControl &) -> Result<AgreementReport> { return ReviewAgreement::compute(input); });
        if (!agreement)
            return context.fail(agreement.error());
        if (Result<void> written = writeFile(agreementPath, ReviewAgreement::csv(*agreement)); !written)
            return context.fail(written.error());
        sentence += QLatin1Char('\n')
            + Cli::tr("Wrote the agreement of %1 doubly reviewed items to %2: Fleiss' κ %3, Krippendorff's α %4.")
                  .arg(agreement->items)
                  .arg(agreementPath, twoPlaces(agreement->fleissKappa), twoPlaces(agreement->alpha));
        summary.insert(QStringLiteral("agreement"),
            QJsonObject { { QStringLiteral("file"), agreementPath }, { QStringLiteral("items"), agreement->items },
                { QStringLiteral("fleiss_kappa"), Cli::jsonNumber(agreement->fleissKappa) },
                { QStringLiteral("krippendorff_alpha"), Cli::jsonNumber(agreement->alpha) } });
    }
    return context.succeed(sentence, summary);
}
} // namespace

QList<CliCommand> reviewCommands()
{
    CliCommand command;
    command.name = QStringLiteral("review-export");
    command.summary = Cli::tr("Export the review decisions in force (and the reviewers' agreement).");
    command.description = Cli::tr(
        "Writes every level-1 and level-2 review decision in force (undone decisions left out), oldest first: "
        "decision id, proposal (match) id, level, reviewer, decision, reason code, note and time (UTC). With "
        "--agreement it also writes the agreement report as CSV: Fleiss' kappa and Krippendorff's alpha with "
        "bootstrap intervals, the pairwise agreement and each reviewer's counts. Reads only; each file appears "
        "only when complete.");
    command.arguments = { { QStringLiteral("FILE"), Cli::tr("Where to write the decisions (.csv or .jsonl).") } };
    command.options = {
        QCommandLineOption(QStringLiteral("format"), Cli::tr("csv or jsonl; by the FILE's extension when left out."),
            QStringLiteral("format")),
        QCommandLineOption(QStringLiteral("agreement"), Cli::tr("Also write the agreement report (CSV) here."),
            QStringLiteral("file")),
    };
    command.example = QStringLiteral("sextant-cli review-export --profile production decisions.csv --agreement "
                                     "agreement.csv");
    command.run = reviewExport;
    return { command };
}
