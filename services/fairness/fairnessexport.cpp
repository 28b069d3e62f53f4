// FairnessService's exports: CSV for a spreadsheet or a reference recomputation, HTML for a person (and for the
// PDF the UI prints from it). Strings only; no Gui.
#include "fairness/fairnessservice.h"

#include <cmath>

namespace {

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// Full precision, so a reference recomputation can compare to 1e-9; empty for undefined.
QString exact(double x)
{
    if (std::isnan(x))
        return QString();
    if (std::isinf(x))
        return x < 0 ? QStringLiteral("-inf") : QStringLiteral("inf");
    return QString::number(x, 'g', 17);
}

QString shown(double x, int decimals = 2)
{
    if (std::isnan(x))
        return QStringLiteral("–");
    if (std::isinf(x))
        return x < 0 ? QStringLiteral("−∞") : QStringLiteral("∞");
    return QString::number(x, 'f', decimals);
}

QString pShown(double p)
{
    if (std::isnan(p))
        return QStringLiteral("–");
    return p < 0.001 ? QStringLiteral("< 0.001") : QString::number(p, 'g', 2);
}

// The main stage first, then the side-by-side stages that are not the main one.
QList<const FairnessReport *> stagesOf(const FairnessReport &report)
{
    QList<const FairnessReport *> list { &report };
    for (const FairnessReport &s : report.stages)
        if (s.request.stage != report.request.stage)
            list << &s;
    return list;
}

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString spreadCells(const JobSpread &x, int decimals = 3)
{
    return QStringLiteral("<td>%1</td><td>%2</td><td>%3</td><td>%4</td>")
        .arg(shown(x.mean, decimals), shown(x.median, decimals), shown(x.worst, decimals))
        .arg(x.jobs);
}

// The per-job section: how many jobs were measured and why the others were not, the spreads, the named worst jobs.
QString perJobHtml(const FairnessReport &report)
{
    const PerJobRanking &p = report.ranking.perJob;
    const QString k = QString::number(report.request.topK);
    QString html = QStringLiteral("<h3>%1</h3>\n<p>%2</p>\n")
                       .arg(esc(FairnessService::tr("Per job")),
                           esc(FairnessService::tr("Each job's own ranking measured on its own: %n job(s) measured;", nullptr, p.measured)
                               + QLatin1Char(' ')
                               + FairnessService::tr("not measured: %1 with fewer than %2 ranked proposals, %3 without "
                                                     "a proposal of %4, %5 with nothing but %4.")
                                     .arg(p.fewerThanK)
                                     .arg(k)
                                     .arg(p.noProtected)
                                     .arg(report.ranking.protectedGroup)
                                     .arg(p.onlyProtected)));
    html += QStringLiteral("<table><tr>");
    for (const QString &h : { FairnessService::tr("Measure"), FairnessService::tr("Mean"), FairnessService::tr("Median"),
             FairnessService::tr("Worst"), FairnessService::tr("Jobs") })
        html += QStringLiteral("<th>%1</th>").arg(esc(h));
    html += QStringLiteral("</tr>\n");
    const auto row = [&](const QString &label, const JobSpread &x) {
        html += QStringLiteral("<tr><td>%1</td>%2</tr>\n").arg(esc(label), spreadCells(x));
    };
    row(FairnessService::tr("NDKL"), p.ndkl);
    row(FairnessService::tr("rND of %1").arg(report.ranking.protectedGroup), p.rnd);
    row(FairnessService::tr("skew@%1 of %2").arg(k, report.ranking.protectedGroup), p.protectedSkew);
    row(FairnessService::tr("Exposure/merit ratio of %1").arg(report.ranking.protectedGroup), p.protectedExposureToMerit);
    for (const GroupJobSpread &g : p.groups) {
        row(FairnessService::tr("skew@%1 of %2").arg(k, g.group), g.skewAtK);
        row(FairnessService::tr("Exposure of %1").arg(g.group), g.exposure);
        row(FairnessService::tr("Exposure/merit ratio of %1").arg(g.group), g.exposureToMerit);
    }
    html += QStringLiteral("</table>\n");
    if (p.protectedSkew.infinite > 0)
        html += QStringLiteral("<p class=\"muted\">%1</p>\n")
                    .arg(esc(FairnessService::tr("In %n job(s) %1 is absent from the top %2 (skew −∞); the mean leaves "
                                                 "them out, the median and the worst take them.",
                        nullptr, p.protectedSkew.infinite)
                                 .arg(report.ranking.protectedGroup, k)));
    html += QStringLiteral("<table><tr>");
    for (const QString &h : { FairnessService::tr("Job"), FairnessService::tr("Ranked"), FairnessService::tr("NDKL"),
             FairnessService::tr("rND"), FairnessService::tr("skew@%1").arg(k), FairnessService::tr("Exposure/merit ratio") })
        html += QStringLiteral("<th>%1</th>").arg(esc(h));
    html += QStringLiteral("</tr>\n");
    for (const JobRankingRow &j : p.worst)
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td></tr>\n")
                    .arg(esc(j.title.isEmpty() ? j.jobId : j.title))
                    .arg(j.ranked)
                    .arg(shown(j.ndkl, 3), shown(j.rnd, 3), shown(j.protectedSkew), shown(j.protectedExposureToMerit));
    html += QStringLiteral("</table>\n");
    if (p.withheld > 0)
        html += QStringLiteral("<p class=\"muted\">%1</p>\n")
                    .arg(esc(FairnessService::tr("%n measured job(s) not named: a group in them has fewer than %1 ranked "
                                                 "proposals there, and a named job's measures would tell those people's "
                                                 "attributes.",
                        nullptr, p.withheld)
                                 .arg(report.request.minGroupSize)));
    return html;
}

} // namespace

QString FairnessService::toCsv(const FairnessReport &report)
{
    QStringList lines { QStringLiteral(
        "stage,attribute,group,n,selected,rate,rate_low,rate_high,impact_ratio,impact_low,"
        "impact_high,four_fifths_flag,parity_difference,p_value,p_adjusted,test,"
        "equal_opportunity_difference,reference,impact_boot_low,impact_boot_high,"
        "jobs_mean,jobs_median,jobs_worst,jobs,jobs_infinite") };
    const QString attribute = report.request.attributes.join(QLatin1Char('+'));
    for (const FairnessReport *s : stagesOf(report)) {
        for (const GroupOutcome &g : s->groups) {
            QStringList f { stageKey(s->request.stage), csvField(attribute), csvField(g.group) };
            if (g.suppressed) {
                // Not even the exact n: with the other groups' sizes it would narrow who is in the group.
                f << QString() << QStringLiteral("suppressed");
                for (int i = 0; i < 15; ++i)
                    f << QString();
            } else {
                f << QString::number(g.n) << QString::number(g.selected) << exact(g.rate) << exact(g.rateLow) << exact(g.rateHigh)
                  << exact(g.impactRatio) << exact(g.impactLow) << exact(g.impactHigh)
                  << (g.fourFifthsFlag ? QStringLiteral("1") : QStringLiteral("0")) << exact(g.parityDifference)
                  << exact(g.pValue) << exact(g.pAdjusted) << g.test
                  << (g.equalOpportunityDiff ? exact(*g.equalOpportunityDiff) : QString())
                  << (g.isReference ? QStringLiteral("1") : QStringLiteral("0")) << exact(g.bootstrapLow)
                  << exact(g.bootstrapHigh);
            }
            for (int i = 0; i < 5; ++i) // the per-job columns
                f << QString();
            lines << f.join(QLatin1Char(','));
        }
    }
    // The per-job ranking measures: one row per measure (stage ranking_per_job, the measure in the group column),
    // with only the last five columns filled; job counts without a spread fill only `jobs`.
    const PerJobRanking &p = report.ranking.perJob;
    const auto spreadRow = [&](const QString &measure, const JobSpread &x) {
        QStringList f { QStringLiteral("ranking_per_job"), csvField(attribute), csvField(measure) };
        for (int i = 0; i < 17; ++i)
            f << QString();
        f << exact(x.mean) << exact(x.median) << exact(x.worst) << QString::number(x.jobs) << QString::number(x.infinite);
        lines << f.join(QLatin1Char(','));
    };
    const auto countRow = [&](const QString &measure, int jobs) {
        QStringList f { QStringLiteral("ranking_per_job"), csvField(attribute), csvField(measure) };
        for (int i = 0; i < 20; ++i)
            f << QString();
        f << QString::number(jobs) << QString();
        lines << f.join(QLatin1Char(','));
    };
    countRow(QStringLiteral("measured"), p.measured);
    countRow(QStringLiteral("not_measured_fewer_than_k"), p.fewerThanK);
    countRow(QStringLiteral("not_measured_no_protected"), p.noProtected);
    countRow(QStringLiteral("not_measured_only_protected"), p.onlyProtected);
    spreadRow(QStringLiteral("ndkl"), p.ndkl);
    spreadRow(QStringLiteral("rnd:") + report.ranking.protectedGroup, p.rnd);
    spreadRow(QStringLiteral("skew_at_k:") + report.ranking.protectedGroup, p.protectedSkew);
    spreadRow(QStringLiteral("exposure_to_merit:") + report.ranking.protectedGroup, p.protectedExposureToMerit);
    for (const GroupJobSpread &g : p.groups) {
        spreadRow(QStringLiteral("group_skew_at_k:") + g.group, g.skewAtK);
        spreadRow(QStringLiteral("group_exposure:") + g.group, g.exposure);
        spreadRow(QStringLiteral("group_exposure_to_merit:") + g.group, g.exposureToMerit);
    }
    return lines.join(QLatin1String("\r\n")) + QLatin1String("\r\n");
}

QString FairnessService::toHtml(const FairnessReport &report)
{
    const FairnessRequest &r = report.request;
    QString html = QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title>"
                                  "<style>body{font-family:sans-serif;font-size:10pt}table{border-collapse:collapse;"
                                  "margin-bottom:12pt}td,th{border:1px solid #999;padding:2pt 5pt;text-align:right}"
                                  "td:first-child,th:first-child{text-align:left}.flag{color:#a00;font-weight:bold}"
                                  ".muted{color:#777}</style></head><body>\n")
                       .arg(esc(tr("Fairness report")));
    html += QStringLiteral("<h1>%1</h1>\n").arg(esc(tr("Fairness report: %1 by %2").arg(stageLabel(r.stage), r.attributes.join(QStringLiteral(" × ")))));
    const QString period = r.from.isValid() || r.to.isValid()
        ? tr("%1 to %2").arg(r.from.isValid() ? r.from.toString(Qt::ISODate) : tr("the start"),
              r.to.isValid() ? r.to.toString(Qt::ISODate) : tr("today"))
        : tr("all time");
    html += QStringLiteral("<p>%1<br>%2<br>%3<br>%4</p>\n")
                .arg(esc(tr("Built by %1 on %2 (UTC).").arg(report.createdBy, report.createdAt.toUTC().toString(Qt::ISODate))),
                    esc(tr("Period: %1. Reference group: %2 (%3). Minimum group size: %4. k = %5.")
                            .arg(period, report.referenceGroup.isEmpty() ? tr("none") : report.referenceGroup, referenceKey(r.reference))
                            .arg(r.minGroupSize)
                            .arg(r.topK)),
                    esc(r.reviewer.isEmpty() ? tr("Decisions of every reviewer.") : tr("Decisions of %1 only.").arg(r.reviewer)),
                    esc(tr("Data fingerprint (sha256 of the counts): %1").arg(report.dataFingerprint)));
    html += QStringLiteral("<h2>%1</h2>\n<ul>\n").arg(esc(tr("Summary")));
    for (const QString &line : report.summary)
        html += QStringLiteral("<li>%1</li>\n").arg(esc(line));
    html += QStringLiteral("</ul>\n");

    for (const FairnessReport *s : stagesOf(report)) {
        html += QStringLiteral("<h2>%1</h2>\n<table><tr>").arg(esc(stageLabel(s->request.stage)));
        for (const QString &h : { tr("Group"), tr("n"), tr("Selected"), tr("Rate"), tr("95 % CI"), tr("Ratio"),
                 tr("95 % CI"), tr("Bootstrap 95 %"), tr("Parity diff."), tr("p (Holm)"), tr("Equal opp. diff.") })
            html += QStringLiteral("<th>%1</th>").arg(esc(h));
        html += QStringLiteral("</tr>\n");
        for (const GroupOutcome &g : s->groups) {
            const QString name = esc(g.group) + (g.isReference ? esc(tr(" (reference)")) : QString());
            if (g.suppressed) {
                html += QStringLiteral("<tr class=\"muted\"><td>%1</td><td colspan=\"10\">%2</td></tr>\n")
                            .arg(name, esc(tr("suppressed (n < %1)").arg(s->request.minGroupSize)));
                continue;
            }
            html += QStringLiteral("<tr%1><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6–%7</td><td>%8</td>"
                                   "<td>%9–%10</td><td>%11–%12</td><td>%13</td><td>%14</td><td>%15</td></tr>\n")
                        .arg(g.fourFifthsFlag ? QStringLiteral(" class=\"flag\"") : QString(), name)
                        .arg(g.n)
                        .arg(g.selected)
                        .arg(shown(g.rate), shown(g.rateLow), shown(g.rateHigh), shown(g.impactRatio),
                            shown(g.impactLow), shown(g.impactHigh), shown(g.bootstrapLow), shown(g.bootstrapHigh),
                            shown(g.parityDifference), pShown(g.pAdjusted),
                            g.equalOpportunityDiff ? shown(*g.equalOpportunityDiff) : QStringLiteral("–"));
        }
        html += QStringLiteral("</table>\n");
    }

    const RankingSummary &k = report.ranking;
    html += QStringLiteral("<h2>%1</h2>\n<p>%2</p>\n<table><tr>")
                .arg(esc(tr("Ranking fairness")),
                    esc(tr("Current proposals of %n jobs, pooled by position. NDKL %1; rND of %2: %3.", nullptr, k.jobs)
                            .arg(shown(k.ndkl, 3), k.protectedGroup, shown(k.rnd, 3))));
    for (const QString &h : { tr("Group"), tr("Ranked"), tr("Exposure"), tr("Merit (mean score)"), tr("Exposure/merit ratio"),
             tr("skew@%1").arg(r.topK) })
        html += QStringLiteral("<th>%1</th>").arg(esc(h));
    html += QStringLiteral("</tr>\n");
    for (const RankingFairness &g : k.groups)
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td></tr>\n")
                    .arg(esc(g.group))
                    .arg(g.items)
                    .arg(shown(g.exposure, 3), shown(g.merit, 3), shown(g.exposureToMerit), shown(g.skewAtK));
    html += QStringLiteral("</table>\n");
    html += perJobHtml(report);
    html += QStringLiteral("<h2>%1</h2>\n<p class=\"muted\">%2</p>\n</body></html>\n")
                .arg(esc(tr("Definitions")),
                    esc(tr(
                        "Rates with Wilson (1927) score intervals; ratios to the reference with the Katz et al. (1978) "
                        "log interval and a percentile bootstrap (2,000 resamples, seeded from the counts); the "
                        "four-fifths rule (29 CFR 1607.4(D)) with the fair band 0.8–1.25; Fisher's "
                        "exact test where an expected count is below 5, else Pearson's χ², Holm (1979) across groups; "
                        "equal opportunity after Hardt, Price & Srebro (2016) with hiring as the outcome. Exposure "
                        "1/log2(1 + rank) after Singh & Joachims (2018); skew@k and NDKL after Geyik, Ambler & "
                        "Kenthapadi (2019); rND after Yang & Stoyanovich (2017), cut every 10 positions (every 2 in "
                        "rankings shorter than 20). Groups under the minimum size are suppressed.")));
    return html;
}
