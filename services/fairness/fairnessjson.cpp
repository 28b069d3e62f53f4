#include "fairness/fairnessjson.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <cmath>
#include <limits>

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

QJsonValue real(double x)
{
    if (std::isnan(x))
        return QJsonValue::Null;
    if (std::isinf(x))
        return x < 0 ? QStringLiteral("-inf") : QStringLiteral("inf");
    return x;
}

double real(const QJsonValue &v)
{
    if (v.isString())
        return v.toString() == QLatin1String("-inf") ? -std::numeric_limits<double>::infinity()
                                                     : std::numeric_limits<double>::infinity();
    return v.isDouble() ? v.toDouble() : NaN;
}

QJsonObject groupToJson(const GroupOutcome &g)
{
    QJsonObject o { { QStringLiteral("group"), g.group }, { QStringLiteral("n"), g.n },
        { QStringLiteral("selected"), g.selected }, { QStringLiteral("suppressed"), g.suppressed },
        { QStringLiteral("reference"), g.isReference }, { QStringLiteral("rate"), real(g.rate) },
        { QStringLiteral("rate_low"), real(g.rateLow) }, { QStringLiteral("rate_high"), real(g.rateHigh) },
        { QStringLiteral("impact_ratio"), real(g.impactRatio) }, { QStringLiteral("impact_low"), real(g.impactLow) },
        { QStringLiteral("impact_high"), real(g.impactHigh) },
        { QStringLiteral("impact_boot_low"), real(g.bootstrapLow) },
        { QStringLiteral("impact_boot_high"), real(g.bootstrapHigh) },
        { QStringLiteral("four_fifths_flag"), g.fourFifthsFlag },
        { QStringLiteral("parity_difference"), real(g.parityDifference) }, { QStringLiteral("p"), real(g.pValue) },
        { QStringLiteral("p_adjusted"), real(g.pAdjusted) }, { QStringLiteral("test"), g.test } };
    if (g.equalOpportunityDiff)
        o.insert(QStringLiteral("equal_opportunity_difference"), real(*g.equalOpportunityDiff));
    return o;
}

GroupOutcome groupFromJson(const QJsonObject &o)
{
    GroupOutcome g;
    g.group = o.value(QStringLiteral("group")).toString();
    g.n = o.value(QStringLiteral("n")).toInteger();
    g.selected = o.value(QStringLiteral("selected")).toInteger();
    g.suppressed = o.value(QStringLiteral("suppressed")).toBool();
    g.isReference = o.value(QStringLiteral("reference")).toBool();
    g.rate = real(o.value(QStringLiteral("rate")));
    g.rateLow = real(o.value(QStringLiteral("rate_low")));
    g.rateHigh = real(o.value(QStringLiteral("rate_high")));
    g.impactRatio = real(o.value(QStringLiteral("impact_ratio")));
    g.impactLow = real(o.value(QStringLiteral("impact_low")));
    g.impactHigh = real(o.value(QStringLiteral("impact_high")));
    // Reports saved before the bootstrap have none: NaN, shown as undefined.
    g.bootstrapLow = real(o.value(QStringLiteral("impact_boot_low")));
    g.bootstrapHigh = real(o.value(QStringLiteral("impact_boot_high")));
    g.fourFifthsFlag = o.value(QStringLiteral("four_fifths_flag")).toBool();
    g.parityDifference = real(o.value(QStringLiteral("parity_difference")));
    g.pValue = real(o.value(QStringLiteral("p")));
    g.pAdjusted = real(o.value(QStringLiteral("p_adjusted")));
    g.test = o.value(QStringLiteral("test")).toString();
    if (o.contains(QStringLiteral("equal_opportunity_difference")))
        g.equalOpportunityDiff = real(o.value(QStringLiteral("equal_opportunity_difference")));
    return g;
}

QJsonObject spreadToJson(const JobSpread &s)
{
    return { { QStringLiteral("mean"), real(s.mean) }, { QStringLiteral("median"), real(s.median) },
        { QStringLiteral("worst"), real(s.worst) }, { QStringLiteral("jobs"), s.jobs },
        { QStringLiteral("infinite"), s.infinite } };
}

JobSpread spreadFromJson(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    return { real(o.value(QStringLiteral("mean"))), real(o.value(QStringLiteral("median"))),
        real(o.value(QStringLiteral("worst"))), o.value(QStringLiteral("jobs")).toInt(),
        o.value(QStringLiteral("infinite")).toInt() };
}

QJsonObject perJobToJson(const PerJobRanking &p)
{
    QJsonArray groups, worst;
    for (const GroupJobSpread &g : p.groups)
        groups.append(QJsonObject { { QStringLiteral("group"), g.group }, { QStringLiteral("skew_at_k"), spreadToJson(g.skewAtK) },
            { QStringLiteral("exposure"), spreadToJson(g.exposure) },
            { QStringLiteral("exposure_to_merit"), spreadToJson(g.exposureToMerit) } });
    for (const JobRankingRow &j : p.worst)
        worst.append(QJsonObject { { QStringLiteral("job_id"), j.jobId }, { QStringLiteral("title"), j.title },
            { QStringLiteral("ranked"), j.ranked }, { QStringLiteral("ndkl"), real(j.ndkl) },
            { QStringLiteral("rnd"), real(j.rnd) }, { QStringLiteral("protected_skew"), real(j.protectedSkew) },
            { QStringLiteral("protected_exposure_to_merit"), real(j.protectedExposureToMerit) } });
    return { { QStringLiteral("measured"), p.measured }, { QStringLiteral("fewer_than_k"), p.fewerThanK },
        { QStringLiteral("no_protected"), p.noProtected }, { QStringLiteral("only_protected"), p.onlyProtected },
        { QStringLiteral("ndkl"), spreadToJson(p.ndkl) }, { QStringLiteral("rnd"), spreadToJson(p.rnd) },
        { QStringLiteral("protected_skew"), spreadToJson(p.protectedSkew) },
        { QStringLiteral("protected_exposure_to_merit"), spreadToJson(p.protectedExposureToMerit) },
        { QStringLiteral("groups"), groups }, { QStringLiteral("worst"), worst }, { QStringLiteral("withheld"), p.withheld } };
}

// Reports saved before the per-job measures have no "per_job": every count 0, shown as not measured.
PerJobRanking perJobFromJson(const QJsonObject &o)
{
    PerJobRanking p;
    p.measured = o.value(QStringLiteral("measured")).toInt();
    p.fewerThanK = o.value(QStringLiteral("fewer_than_k")).toInt();
    p.noProtected = o.value(QStringLiteral("no_protected")).toInt();
    p.onlyProtected = o.value(QStringLiteral("only_protected")).toInt();
    p.ndkl = spreadFromJson(o.value(QStringLiteral("ndkl")));
    p.rnd = spreadFromJson(o.value(QStringLiteral("rnd")));
    p.protectedSkew = spreadFromJson(o.value(QStringLiteral("protected_skew")));
    p.protectedExposureToMerit = spreadFromJson(o.value(QStringLiteral("protected_exposure_to_merit")));
    for (const QJsonValue &v : o.value(QStringLiteral("groups")).toArray()) {
        const QJsonObject g = v.toObject();
        p.groups << GroupJobSpread { g.value(QStringLiteral("group")).toString(),
            spreadFromJson(g.value(QStringLiteral("skew_at_k"))), spreadFromJson(g.value(QStringLiteral("exposure"))),
            spreadFromJson(g.value(QStringLiteral("exposure_to_merit"))) };
    }
    for (const QJsonValue &v : o.value(QStringLiteral("worst")).toArray()) {
        const QJsonObject j = v.toObject();
        p.worst << JobRankingRow { j.value(QStringLiteral("job_id")).toString(), j.value(QStringLiteral("title")).toString(),
            j.value(QStringLiteral("ranked")).toInt(), real(j.value(QStringLiteral("ndkl"))),
            real(j.value(QStringLiteral("rnd"))), real(j.value(QStringLiteral("protected_skew"))),
            real(j.value(QStringLiteral("protected_exposure_to_merit"))) };
    }
    p.withheld = o.value(QStringLiteral("withheld")).toInt();
    return p;
}

QJsonObject rankingToJson(const RankingSummary &r)
{
    QJsonArray groups;
    for (const RankingFairness &g : r.groups)
        groups.append(QJsonObject { { QStringLiteral("group"), g.group }, { QStringLiteral("items"), g.items },
            { QStringLiteral("exposure"), real(g.exposure) }, { QStringLiteral("merit"), real(g.merit) },
            { QStringLiteral("exposure_to_merit"), real(g.exposureToMerit) },
            { QStringLiteral("skew_at_k"), real(g.skewAtK) } });
    return { { QStringLiteral("groups"), groups }, { QStringLiteral("ndkl"), real(r.ndkl) },
        { QStringLiteral("rnd"), real(r.rnd) }, { QStringLiteral("protected_group"), r.protectedGroup },
        { QStringLiteral("jobs"), r.jobs }, { QStringLiteral("per_job"), perJobToJson(r.perJob) } };
}

RankingSummary rankingFromJson(const QJsonObject &o)
{
    RankingSummary r;
    for (const QJsonValue &v : o.value(QStringLiteral("groups")).toArray()) {
        const QJsonObject g = v.toObject();
        r.groups << RankingFairness { g.value(QStringLiteral("group")).toString(),
            g.value(QStringLiteral("items")).toInteger(), real(g.value(QStringLiteral("exposure"))),
            real(g.value(QStringLiteral("merit"))), real(g.value(QStringLiteral("exposure_to_merit"))),
            real(g.value(QStringLiteral("skew_at_k"))) };
    }
    r.ndkl = real(o.value(QStringLiteral("ndkl")));
    r.rnd = real(o.value(QStringLiteral("rnd")));
    r.protectedGroup = o.value(QStringLiteral("protected_group")).toString();
    r.jobs = o.value(QStringLiteral("jobs")).toInt();
    r.perJob = perJobFromJson(o.value(QStringLiteral("per_job")).toObject());
    return r;
}

} // namespace

namespace FairnessJson {

QJsonObject requestToJson(const FairnessRequest &request)
{
    return { { QStringLiteral("stage"), stageKey(request.stage) },
        { QStringLiteral("attributes"), QJsonArray::fromStringList(request.attributes) },
        { QStringLiteral("reference"), referenceKey(request.reference) },
        { QStringLiteral("chosen_group"), request.chosenGroup },
        { QStringLiteral("from"), request.from.isValid() ? request.from.toString(Qt::ISODate) : QString() },
        { QStringLiteral("to"), request.to.isValid() ? request.to.toString(Qt::ISODate) : QString() },
        { QStringLiteral("min_group_size"), request.minGroupSize }, { QStringLiteral("top_k"), request.topK },
        { QStringLiteral("reviewer"), request.reviewer } };
}

Result<FairnessRequest> requestFromJson(const QJsonObject &json)
{
    FairnessRequest r;
    const std::optional<FairnessStage> stage = stageFromKey(json.value(QStringLiteral("stage")).toString());
    const std::optional<ReferenceGroup> reference = referenceFromKey(json.value(QStringLiteral("reference")).toString());
    if (!stage || !reference)
        return makeError(Error::InvalidInput,
            QCoreApplication::translate("FairnessJson", "The saved report's parameters name an unknown stage or reference."));
    r.stage = *stage;
    r.reference = *reference;
    for (const QJsonValue &v : json.value(QStringLiteral("attributes")).toArray())
        r.attributes << v.toString();
    r.chosenGroup = json.value(QStringLiteral("chosen_group")).toString();
    r.from = QDate::fromString(json.value(QStringLiteral("from")).toString(), Qt::ISODate);
    r.to = QDate::fromString(json.value(QStringLiteral("to")).toString(), Qt::ISODate);
    r.minGroupSize = json.value(QStringLiteral("min_group_size")).toInt(30);
    r.topK = json.value(QStringLiteral("top_k")).toInt(10);
    r.reviewer = json.value(QStringLiteral("reviewer")).toString();
    return r;
}

QJsonObject resultToJson(const FairnessReport &report)
{
    QJsonArray groups, stages;
    for (const GroupOutcome &g : report.groups)
        groups.append(groupToJson(g));
    for (const FairnessReport &s : report.stages) {
        QJsonObject o = resultToJson(s);
        o.insert(QStringLiteral("stage"), stageKey(s.request.stage));
        stages.append(o);
    }
    return { { QStringLiteral("groups"), groups }, { QStringLiteral("reference_group"), report.referenceGroup },
        { QStringLiteral("total"), report.total }, { QStringLiteral("suppressed_groups"), report.suppressedGroups },
        { QStringLiteral("ranking"), rankingToJson(report.ranking) }, { QStringLiteral("stages"), stages },
        { QStringLiteral("summary"), QJsonArray::fromStringList(report.summary) } };
}

FairnessReport resultFromJson(const QJsonObject &json, const FairnessRequest &request)
{
    FairnessReport report;
    report.request = request;
    for (const QJsonValue &v : json.value(QStringLiteral("groups")).toArray())
        report.groups << groupFromJson(v.toObject());
    report.referenceGroup = json.value(QStringLiteral("reference_group")).toString();
    report.total = json.value(QStringLiteral("total")).toInteger();
    report.suppressedGroups = json.value(QStringLiteral("suppressed_groups")).toInt();
    report.ranking = rankingFromJson(json.value(QStringLiteral("ranking")).toObject());
    for (const QJsonValue &v : json.value(QStringLiteral("stages")).toArray()) {
        const QJsonObject o = v.toObject();
        FairnessRequest stageRequest = request;
        stageRequest.stage = stageFromKey(o.value(QStringLiteral("stage")).toString()).value_or(request.stage);
        report.stages << resultFromJson(o, stageRequest);
    }
    for (const QJsonValue &v : json.value(QStringLiteral("summary")).toArray())
        report.summary << v.toString();
    return report;
}

} // namespace FairnessJson
