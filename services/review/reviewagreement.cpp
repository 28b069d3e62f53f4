#include "review/reviewagreement.h"

#include "compute/agreement.h"

#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace {

constexpr qint64 BreakSeconds = 10 * 60; // a longer gap between two decisions is a break, not work

int category(ReviewDecision d)
{
    return int(d); // Approve 0, Reject 1, Flag 2
}

QString number(double v)
{
    return std::isnan(v) ? QString() : QString::number(v, 'f', 4);
}

QString csvText(QString text)
{
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n'))) {
        text.replace(QLatin1Char('"'), QLatin1String("\"\""));
        return QLatin1Char('"') + text + QLatin1Char('"');
    }
    return text;
}

} // namespace

AgreementReport ReviewAgreement::compute(const QList<ReviewRecord> &decisions, int resamples)
{
    // The newest decision in force per item and reviewer, at each level.
    QHash<QUuid, QMap<QString, ReviewRecord>> levelOne;
    QHash<QUuid, ReviewRecord> levelTwo;
    QMap<QString, QList<ReviewRecord>> byReviewer;
    for (const ReviewRecord &r : decisions) {
        if (r.isUndo())
            continue;
        byReviewer[r.reviewer] << r;
        if (r.level == 1) {
            ReviewRecord &slot = levelOne[r.matchId][r.reviewer];
            if (slot.id.isNull() || slot.decidedAt <= r.decidedAt)
                slot = r;
        } else if (!levelTwo.contains(r.matchId) || levelTwo[r.matchId].decidedAt <= r.decidedAt) {
            levelTwo.insert(r.matchId, r);
        }
    }

    AgreementReport report;
    compute::Units units;
    QMap<std::pair<QString, QString>, compute::Units> pairs;
    for (auto it = levelOne.cbegin(); it != levelOne.cend(); ++it) {
        if (it->size() < 2)
            continue;
        compute::Unit unit;
        const QList<QString> names = it->keys(); // sorted: a pair is always (smaller name, larger name)
        for (const QString &name : names)
            unit.push_back(category(it->value(name).decision));
        units.push_back(unit);
        for (qsizetype a = 0; a < names.size(); ++a)
            for (qsizetype b = a + 1; b < names.size(); ++b)
                pairs[{ names[a], names[b] }].push_back({ unit[std::size_t(a)], unit[std::size_t(b)] });
    }
    report.items = int(units.size());
    for (auto it = pairs.cbegin(); it != pairs.cend(); ++it) {
        const compute::AgreementInterval k = compute::bootstrap(*it, compute::cohenKappa, resamples);
        report.pairs << PairAgreement { it.key().first, it.key().second, int(it->size()), k.value, k.low, k.high,
            compute::cohenKappaStandardError(*it) };
    }
    const compute::AgreementInterval fleiss = compute::bootstrap(units, compute::fleissKappa, resamples);
    report.fleissKappa = fleiss.value;
    report.fleissLow = fleiss.low;
    report.fleissHigh = fleiss.high;
    const compute::AgreementInterval alpha = compute::bootstrap(units, compute::krippendorffAlphaNominal, resamples);
    report.alpha = alpha.value;
    report.alphaLow = alpha.low;
    report.alphaHigh = alpha.high;

    for (auto it = byReviewer.cbegin(); it != byReviewer.cend(); ++it) {
        ReviewerStats s;
        s.reviewer = it.key();
        QList<ReviewRecord> list = *it;
        std::sort(list.begin(), list.end(), [](const auto &a, const auto &b) { return a.decidedAt < b.decidedAt; });
        s.decisions = int(list.size());
        qint64 active = 0;
        int approvals = 0, compared = 0, agreed = 0;
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (i > 0) {
                const qint64 gap = list[i - 1].decidedAt.secsTo(list[i].decidedAt);
                if (gap > 0 && gap <= BreakSeconds)
                    active += gap;
            }
            approvals += list[i].decision == ReviewDecision::Approve ? 1 : 0;
            if (list[i].level == 1) {
                if (const auto l2 = levelTwo.constFind(list[i].matchId); l2 != levelTwo.cend()) {
                    ++compared;
                    agreed += l2->decision == list[i].decision ? 1 : 0;
                }
            }
        }
        // At least a minute of work, so a single decision does not read as thousands per hour.
        s.perHour = double(s.decisions) / (double(std::max<qint64>(active, 60)) / 3600.0);
        s.approvalRate = s.decisions ? double(approvals) / s.decisions : std::nan("");
        s.level2Compared = compared;
        s.level2Agreement = compared ? double(agreed) / compared : std::nan("");
        report.reviewers << s;
    }
    return report;
}

QString ReviewAgreement::csv(const AgreementReport &report)
{
    QStringList lines;
    lines << QStringLiteral("section,reviewer_a,reviewer_b,items,kappa,ci_low,ci_high,standard_error");
    for (const PairAgreement &p : report.pairs)
        lines << QStringList { QStringLiteral("cohen_kappa"), csvText(p.reviewerA), csvText(p.reviewerB),
            QString::number(p.items), number(p.kappa), number(p.low), number(p.high), number(p.standardError) }
                     .join(QLatin1Char(','));
    lines << QString() << QStringLiteral("section,items,value,ci_low,ci_high");
    lines << QStringList { QStringLiteral("fleiss_kappa"), QString::number(report.items), number(report.fleissKappa),
        number(report.fleissLow), number(report.fleissHigh) }
                 .join(QLatin1Char(','));
    lines << QStringList { QStringLiteral("krippendorff_alpha_nominal"), QString::number(report.items),
        number(report.alpha), number(report.alphaLow), number(report.alphaHigh) }
                 .join(QLatin1Char(','));
    lines << QString()
          << QStringLiteral("section,reviewer,decisions,per_hour,approval_rate,level2_compared,level2_agreement");
    for (const ReviewerStats &s : report.reviewers)
        lines << QStringList { QStringLiteral("reviewer"), csvText(s.reviewer), QString::number(s.decisions),
            number(s.perHour), number(s.approvalRate), QString::number(s.level2Compared), number(s.level2Agreement) }
                     .join(QLatin1Char(','));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}
