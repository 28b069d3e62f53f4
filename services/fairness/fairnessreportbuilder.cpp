#include "fairness/fairnessreportbuilder.h"

#include "compute/fairnessbootstrap.h"
#include "compute/fairnessstats.h"
#include "compute/rankingfairness.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

using FairnessQueries::GroupCount;

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("FairnessReportBuilder", text, nullptr, n);
}

QString number(double x)
{
    return std::isnan(x) ? QStringLiteral("–") : QString::number(x, 'f', 2);
}

QString interval(double low, double high)
{
    if (std::isnan(low) || std::isnan(high))
        return tr("no interval");
    return tr("95 % CI %1–%2").arg(number(low), number(high));
}

QString pText(double p)
{
    if (std::isnan(p))
        return QStringLiteral("–");
    return p < 0.001 ? QStringLiteral("p < 0.001") : QStringLiteral("p = %1").arg(QString::number(p, 'g', 2));
}

bool labelled(FairnessStage stage)
{
    return stage != FairnessStage::Proposed && stage != FairnessStage::Hired;
}

void suppress(GroupOutcome &g)
{
    g.suppressed = true;
    g.selected = -1;
    g.rate = g.rateLow = g.rateHigh = NaN;
    g.impactRatio = g.impactLow = g.impactHigh = g.bootstrapLow = g.bootstrapHigh = NaN;
    g.parityDifference = g.pValue = g.pAdjusted = NaN;
}

// The compared group with the lowest ratio (the largest gap), or null.
const GroupOutcome *largestGap(const FairnessReport &report)
{
    const GroupOutcome *worst = nullptr;
    for (const GroupOutcome &g : report.groups)
        if (!g.suppressed && !g.isReference && !std::isnan(g.impactRatio)
            && (!worst || g.impactRatio < worst->impactRatio))
            worst = &g;
    return worst;
}

const GroupOutcome *find(const FairnessReport &report, const QString &group)
{
    for (const GroupOutcome &g : report.groups)
        if (g.group == group)
            return &g;
    return nullptr;
}

QString stageSentence(const FairnessReport &s)
{
    const QString stage = stageLabel(s.request.stage);
    QString sentence;
    const GroupOutcome *reference = find(s, s.referenceGroup);
    const GroupOutcome *worst = largestGap(s);
    if (!reference) {
        sentence = tr("%1: no group has at least %2 members, so nothing is compared.").arg(stage).arg(s.request.minGroupSize);
    } else if (!worst) {
        sentence = tr("%1: only %2 is large enough to report; there is no group to compare it with.").arg(stage, reference->group);
    } else if (worst->fourFifthsFlag) {
        const QString side = worst->impactRatio < 0.8 ? tr("below four-fifths") : tr("above the fair band's 1.25");
        sentence = tr("%1: %2 at %3 (%4) against %5 for %6, ratio %7 (%8), %9")
                       .arg(stage, worst->group, number(worst->rate), interval(worst->rateLow, worst->rateHigh),
                           number(reference->rate), reference->group, number(worst->impactRatio),
                           interval(worst->impactLow, worst->impactHigh), side);
        sentence += worst->pAdjusted < 0.05
            ? tr(" (Holm-adjusted %1).").arg(pText(worst->pAdjusted))
            : tr(", but not significant (Holm-adjusted %1): it may be chance.").arg(pText(worst->pAdjusted));
    } else {
        sentence = tr("%1: no group outside the fair band 0.8–1.25; the lowest ratio is %2 (%3) for %4 against %5.")
                       .arg(stage, number(worst->impactRatio), interval(worst->impactLow, worst->impactHigh),
                           worst->group, reference->group);
    }
    if (s.suppressedGroups > 0)
        sentence += QLatin1Char(' ')
            + tr("%n group(s) suppressed (fewer than %1 members).", s.suppressedGroups).arg(s.request.minGroupSize);
    return sentence;
}

} // namespace

namespace FairnessReportBuilder {

Result<FairnessReport> evaluate(const FairnessRequest &request, FairnessStage stage, const QList<GroupCount> &counts)
{
    FairnessReport report;
    report.request = request;
    report.request.stage = stage;
    QList<GroupCount> eligible;
    for (const GroupCount &c : counts) {
        report.total += c.n;
        if (c.n >= request.minGroupSize && c.n > 0)
            eligible << c;
    }
    const GroupCount *reference = nullptr;
    for (const GroupCount &c : eligible) {
        if (!reference) {
            reference = &c;
            continue;
        }
        switch (request.reference) {
        case ReferenceGroup::HighestRate:
            if (double(c.selected) * double(reference->n) > double(reference->selected) * double(c.n))
                reference = &c;
            break;
        case ReferenceGroup::Largest:
            if (c.n > reference->n)
                reference = &c;
            break;
        case ReferenceGroup::Chosen:
            break;
        }
    }
    if (request.reference == ReferenceGroup::Chosen) {
        reference = nullptr;
        for (const GroupCount &c : eligible)
            if (c.group == request.chosenGroup)
                reference = &c;
        if (!reference)
            return makeError(Error::InvalidInput,
                tr("The reference group \"%1\" has fewer than %2 members at this stage (or none), so it cannot be "
                   "compared with.")
                    .arg(request.chosenGroup)
                    .arg(request.minGroupSize));
    }
    if (reference)
        report.referenceGroup = reference->group;

    std::vector<double> p;
    std::vector<qsizetype> tested;
    for (const GroupCount &c : counts) {
        GroupOutcome g;
        g.group = c.group;
        g.n = c.n;
        g.selected = c.selected;
        if (c.n < request.minGroupSize || c.n == 0 || !reference) { // no reference: every group is too small
            suppress(g);
            ++report.suppressedGroups;
            report.groups << g;
            continue;
        }
        const compute::Interval w = compute::wilson(c.selected, c.n);
        g.rate = w.value, g.rateLow = w.low, g.rateHigh = w.high;
        g.isReference = c.group == reference->group;
        if (g.isReference) {
            g.impactRatio = 1;
            g.impactLow = g.impactHigh = g.bootstrapLow = g.bootstrapHigh = NaN;
            g.parityDifference = 0;
            g.pValue = g.pAdjusted = NaN;
        } else {
            const compute::Interval di = compute::disparateImpact(c.selected, c.n, reference->selected, reference->n);
            g.impactRatio = di.value, g.impactLow = di.low, g.impactHigh = di.high;
            const compute::Interval boot = compute::bootstrapImpact(c.selected, c.n, reference->selected, reference->n);
            g.bootstrapLow = boot.low, g.bootstrapHigh = boot.high;
            g.fourFifthsFlag = compute::outsideFairBand(di.value);
            g.parityDifference = compute::parityDifference(c.selected, c.n, reference->selected, reference->n);
            const compute::TestResult t = compute::compareRates(
                { c.selected, c.n - c.selected, reference->selected, reference->n - reference->selected });
            g.pValue = t.p;
            g.test = t.exact ? QStringLiteral("fisher") : QStringLiteral("chi2");
            p.push_back(t.p);
            tested.push_back(report.groups.size());
        }
        if (labelled(stage) && c.positives > 0 && reference->positives > 0)
            g.equalOpportunityDiff = compute::equalOpportunityDifference(
                c.positivesSelected, c.positives, reference->positivesSelected, reference->positives);
        report.groups << g;
    }
    const std::vector<double> adjusted = compute::holm(p);
    for (std::size_t i = 0; i < tested.size(); ++i)
        report.groups[tested[i]].pAdjusted = adjusted[i];
    return report;
}

RankingSummary ranking(const FairnessRequest &request, const FairnessQueries::RankingCounts &counts, const FairnessReport &stage)
{
    RankingSummary summary;
    summary.jobs = counts.jobs;
    QStringList groups;
    int positions = 0;
    for (const FairnessQueries::PositionCount &c : counts.cells) {
        if (!groups.contains(c.group))
            groups << c.group;
        positions = std::max(positions, c.position);
    }
    std::sort(groups.begin(), groups.end());
    if (groups.isEmpty() || positions == 0) {
        summary.ndkl = summary.rnd = NaN;
        return summary;
    }
    const std::size_t k = std::size_t(groups.size());
    compute::PositionCounts matrix(std::size_t(positions), std::vector<std::int64_t>(k, 0));
    std::vector<double> scores(k, 0.0), items(k, 0.0);
    for (const FairnessQueries::PositionCount &c : counts.cells) {
        const std::size_t g = std::size_t(groups.indexOf(c.group));
        matrix[std::size_t(c.position - 1)][g] += c.count;
        scores[g] += c.scoreSum;
        items[g] += double(c.count);
    }
    const std::vector<double> exposure = compute::groupExposure(matrix, k);
    const std::vector<double> skew = compute::skewAtK(matrix, k, std::size_t(request.topK));
    qsizetype reference = groups.indexOf(stage.referenceGroup);
    if (reference < 0)
        reference = std::max_element(items.begin(), items.end()) - items.begin();
    const std::size_t r = std::size_t(reference);
    for (std::size_t g = 0; g < k; ++g) {
        if (items[g] < request.minGroupSize)
            continue;
        RankingFairness row;
        row.group = groups[qsizetype(g)];
        row.items = qint64(items[g]);
        row.exposure = exposure[g];
        row.merit = scores[g] / items[g];
        row.exposureToMerit = compute::disparateTreatmentRatio(exposure[g], row.merit, exposure[r], scores[r] / items[r]);
        row.skewAtK = skew[g];
        summary.groups << row;
    }
    summary.ndkl = compute::ndkl(matrix, k);
    // The protected group: the compared group with the lowest rate at the stage, else the smallest ranked group.
    const GroupOutcome *lowest = nullptr;
    for (const GroupOutcome &g : stage.groups)
        if (!g.suppressed && !g.isReference && groups.contains(g.group) && (!lowest || g.rate < lowest->rate))
            lowest = &g;
    const std::size_t protectedGroup = lowest ? std::size_t(groups.indexOf(lowest->group))
                                              : std::size_t(std::min_element(items.begin(), items.end()) - items.begin());
    summary.protectedGroup = groups[qsizetype(protectedGroup)];
    // Yang & Stoyanovich cut every 10 positions; the engine's rankings are usually shorter, so short ones are
    // cut every 2 (the step the footnote of the report names).
    summary.rnd = compute::rnd(matrix, k, protectedGroup, positions >= 20 ? 10 : 2);
    return summary;
}

PerJobRanking perJob(const FairnessRequest &request, const FairnessQueries::JobRankings &jobs,
    const RankingSummary &pooled, const FairnessReport &stage)
{
    PerJobRanking result;
    const std::size_t groups = std::size_t(jobs.groups.size());
    const qsizetype protectedAt = jobs.groups.indexOf(pooled.protectedGroup);
    // The reference of the pooled exposure ratio: the report's, else the group with the most ranked proposals.
    qsizetype referenceAt = jobs.groups.indexOf(stage.referenceGroup);
    if (referenceAt < 0 && groups > 0) {
        std::vector<std::size_t> items(groups, 0);
        for (std::uint32_t g : jobs.groupAt)
            ++items[g];
        referenceAt = std::max_element(items.begin(), items.end()) - items.begin();
    }
    const std::size_t protectedGroup = protectedAt < 0 ? groups : std::size_t(protectedAt);
    const std::size_t reference = referenceAt < 0 ? groups : std::size_t(referenceAt);
    const std::size_t k = std::size_t(request.topK);

    struct Measured
    {
        qsizetype job;
        double ndkl, rnd, skew, ratio;
        bool nameable;
    };
    std::vector<Measured> measured;
    std::vector<double> ndkl, rnd, skew, ratio;
    const qsizetype compared = pooled.groups.size();
    const auto comparedCount = static_cast<std::size_t>(compared);
    std::vector<std::vector<double>> groupSkew(comparedCount), groupExposure(comparedCount), groupRatio(comparedCount);
    std::vector<qsizetype> comparedAt(comparedCount);
    for (qsizetype c = 0; c < compared; ++c)
        comparedAt[std::size_t(c)] = jobs.groups.indexOf(pooled.groups[c].group);

    std::vector<std::uint32_t> groupAt;
    std::vector<double> scoreAt;
    std::vector<std::size_t> present(groups);
    for (qsizetype j = 0; j < jobs.jobCount(); ++j) {
        const std::size_t from = jobs.start[std::size_t(j)], to = jobs.start[std::size_t(j) + 1];
        groupAt.assign(jobs.groupAt.begin() + std::ptrdiff_t(from), jobs.groupAt.begin() + std::ptrdiff_t(to));
        scoreAt.assign(jobs.scoreAt.begin() + std::ptrdiff_t(from), jobs.scoreAt.begin() + std::ptrdiff_t(to));
        const compute::JobMeasures m = compute::measureJob(groupAt, scoreAt, groups, k, protectedGroup, reference);
        switch (m.gap) {
        case compute::JobGap::FewerThanK:
            ++result.fewerThanK;
            continue;
        case compute::JobGap::NoProtected:
            ++result.noProtected;
            continue;
        case compute::JobGap::OnlyProtected:
            ++result.onlyProtected;
            continue;
        case compute::JobGap::None:
            break;
        }
        std::fill(present.begin(), present.end(), 0);
        for (std::uint32_t g : groupAt)
            ++present[g];
        const bool nameable = std::all_of(present.begin(), present.end(),
            [&](std::size_t n) { return n == 0 || n >= std::size_t(request.minGroupSize); });
        measured.push_back({ j, m.ndkl, m.rnd, m.skew[protectedGroup], m.exposureToMerit[protectedGroup], nameable });
        ndkl.push_back(m.ndkl);
        rnd.push_back(m.rnd);
        skew.push_back(m.skew[protectedGroup]);
        ratio.push_back(m.exposureToMerit[protectedGroup]);
        for (std::size_t c = 0; c < std::size_t(compared); ++c) {
            const qsizetype g = comparedAt[c];
            if (g < 0 || present[std::size_t(g)] == 0)
                continue;
            groupSkew[c].push_back(m.skew[std::size_t(g)]);
            groupExposure[c].push_back(m.exposure[std::size_t(g)]);
            groupRatio[c].push_back(m.exposureToMerit[std::size_t(g)]);
        }
    }
    const auto spreadOf = [](const std::vector<double> &values, bool lowIsWorse) {
        const compute::Spread s = compute::spread(values, lowIsWorse);
        return JobSpread { s.mean, s.median, s.worst, int(s.count), int(s.infinite) };
    };
    result.measured = int(measured.size());
    result.ndkl = spreadOf(ndkl, false);
    result.rnd = spreadOf(rnd, false);
    result.protectedSkew = spreadOf(skew, true);
    result.protectedExposureToMerit = spreadOf(ratio, true);
    for (qsizetype c = 0; c < compared; ++c)
        result.groups << GroupJobSpread { pooled.groups[c].group, spreadOf(groupSkew[std::size_t(c)], true),
            spreadOf(groupExposure[std::size_t(c)], true), spreadOf(groupRatio[std::size_t(c)], true) };

    // The named worst jobs: the ten worst by each measure among the jobs the privacy rule lets us name.
    std::vector<const Measured *> nameable;
    for (const Measured &m : measured) {
        if (m.nameable)
            nameable.push_back(&m);
        else
            ++result.withheld;
    }
    constexpr std::size_t PerMeasure = 10;
    std::vector<qsizetype> chosen;
    const auto pick = [&](auto worse) {
        std::vector<const Measured *> order = nameable;
        const std::size_t n = std::min(PerMeasure, order.size());
        std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(n), order.end(), worse);
        for (std::size_t i = 0; i < n; ++i)
            if (std::find(chosen.begin(), chosen.end(), order[i]->job) == chosen.end())
                chosen.push_back(order[i]->job);
    };
    // NaN never sorts first: it compares false both ways, so the comparators put it last by hand.
    const auto larger = [](double a, double b) { return !std::isnan(a) && (std::isnan(b) || a > b); };
    pick([&](const Measured *a, const Measured *b) { return larger(a->ndkl, b->ndkl); });
    pick([&](const Measured *a, const Measured *b) { return larger(a->rnd, b->rnd); });
    pick([&](const Measured *a, const Measured *b) { return larger(-a->skew, -b->skew); });
    for (qsizetype j : chosen) {
        const Measured &m = *std::find_if(measured.begin(), measured.end(), [j](const Measured &x) { return x.job == j; });
        result.worst << JobRankingRow { jobs.jobIds[j], QString(),
            int(jobs.start[std::size_t(j) + 1] - jobs.start[std::size_t(j)]), m.ndkl, m.rnd, m.skew, m.ratio };
    }
    std::sort(result.worst.begin(), result.worst.end(),
        [&](const JobRankingRow &a, const JobRankingRow &b) { return larger(a.ndkl, b.ndkl); });
    return result;
}

QStringList summarise(const FairnessReport &report)
{
    QStringList lines;
    const QList<FairnessReport> stages = report.stages.isEmpty() ? QList<FairnessReport> { report } : report.stages;
    for (const FairnessReport &s : stages)
        lines << stageSentence(s);
    if (report.stages.isEmpty())
        return lines;

    // Where it enters: a gap that the decisions show and the engine's proposals do not.
    const FairnessReport *proposed = nullptr;
    for (const FairnessReport &s : report.stages)
        if (s.request.stage == FairnessStage::Proposed)
            proposed = &s;
    bool anyGap = false;
    for (const FairnessReport &s : report.stages) {
        if (s.request.stage == FairnessStage::Proposed)
            continue;
        for (const GroupOutcome &g : s.groups) {
            if (g.suppressed || !g.fourFifthsFlag || !(g.pAdjusted < 0.05))
                continue;
            anyGap = true;
            const GroupOutcome *before = proposed ? find(*proposed, g.group) : nullptr;
            if (!before || before->suppressed || std::isnan(before->impactRatio))
                lines << tr("The gap for %1 at \"%2\" cannot be traced to the engine: the proposal stage does not report "
                            "that group.")
                             .arg(g.group, stageLabel(s.request.stage));
            else if (before->fourFifthsFlag)
                lines << tr("The gap for %1 is already in the engine's proposals (ratio %2) and is still there at \"%3\" "
                            "(ratio %4).")
                             .arg(g.group, number(before->impactRatio), stageLabel(s.request.stage), number(g.impactRatio));
            else
                lines << tr("The gap for %1 enters at \"%2\" (ratio %3): the engine's proposals show no such gap "
                            "(ratio %4), so it comes from the decisions, not from the engine.")
                             .arg(g.group, stageLabel(s.request.stage), number(g.impactRatio), number(before->impactRatio));
        }
    }
    if (!anyGap)
        lines << tr("No stage shows a significant gap outside the fair band 0.8–1.25.");
    return lines;
}

QString fingerprint(const FairnessRequest &request, const QList<QPair<FairnessStage, QList<GroupCount>>> &stages,
    const FairnessQueries::RankingCounts &ranking, const FairnessQueries::JobRankings *jobs)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto line = [&](const QString &text) { hash.addData((text + QLatin1Char('\n')).toUtf8()); };
    line(request.attributes.join(QLatin1Char(',')));
    line(request.from.toString(Qt::ISODate) + QLatin1Char('/') + request.to.toString(Qt::ISODate));
    line(QStringLiteral("%1 %2 %3").arg(request.minGroupSize).arg(request.topK).arg(request.reviewer));
    for (const auto &[stage, counts] : stages) {
        line(stageKey(stage));
        for (const GroupCount &c : counts)
            line(QStringLiteral("%1\t%2\t%3\t%4\t%5").arg(c.group).arg(c.n).arg(c.selected).arg(c.positives).arg(c.positivesSelected));
    }
    QList<FairnessQueries::PositionCount> cells = ranking.cells;
    std::sort(cells.begin(), cells.end(), [](const auto &a, const auto &b) {
        return a.group != b.group ? a.group < b.group : a.position < b.position;
    });
    line(QStringLiteral("ranking %1").arg(ranking.jobs));
    for (const FairnessQueries::PositionCount &c : cells)
        line(QStringLiteral("%1\t%2\t%3\t%4").arg(c.group).arg(c.position).arg(c.count).arg(c.scoreSum, 0, 'g', 17));
    if (jobs) {
        // Jobs in id order (the backends order them alike), each as its groups' labels in ranking order.
        std::vector<qsizetype> order(std::size_t(jobs->jobCount()));
        for (qsizetype j = 0; j < jobs->jobCount(); ++j)
            order[std::size_t(j)] = j;
        std::sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) { return jobs->jobIds[a] < jobs->jobIds[b]; });
        // Groups by their rank among the sorted labels, so the backends' different first-seen orders agree.
        QStringList sorted = jobs->groups;
        std::sort(sorted.begin(), sorted.end());
        std::vector<std::uint32_t> rank(std::size_t(jobs->groups.size()));
        for (qsizetype g = 0; g < jobs->groups.size(); ++g)
            rank[std::size_t(g)] = std::uint32_t(sorted.indexOf(jobs->groups[g]));
        line(QStringLiteral("jobs %1 ").arg(jobs->jobCount()) + sorted.join(QLatin1Char('\t')));
        std::vector<std::uint32_t> ranks;
        for (qsizetype j : order) {
            ranks.clear();
            for (std::size_t i = jobs->start[std::size_t(j)]; i < jobs->start[std::size_t(j) + 1]; ++i)
                ranks.push_back(rank[jobs->groupAt[i]]);
            line(jobs->jobIds[j]);
            hash.addData(QByteArrayView(reinterpret_cast<const char *>(ranks.data()), qsizetype(ranks.size() * sizeof(std::uint32_t))));
        }
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace FairnessReportBuilder
