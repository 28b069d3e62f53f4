#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

// Value structs of the fairness room: they cross threads by value and hold no SQL. Every metric is defined,
// with its source, in compute/fairnessstats.h and compute/rankingfairness.h.

// Where in the funnel a group's outcome is counted. Each stage has a population (who could be selected) and
// a selection (who was):
//   Proposed       current proposals (superseded_at IS NULL): population = proposals, selected = all of them;
//                  the rate per group is the group's share, so the report compares it with the group's
//                  share of the people the engine could propose (see FairnessReport::summary).
//   ShownTopK      current proposals: selected = ranking <= topK.
//   ApprovedL1     current proposals with a level-1 decision in force: selected = approved at level 1.
//   FinalDecision  current proposals with any decision in force: selected = the latest decision (level 2 over
//                  level 1) is approve.
//   Applied        current proposals: selected = was_applied.
//   Hired          current proposals: selected = was_hired; the outcome label for equal opportunity.
enum class FairnessStage { Proposed, ShownTopK, ApprovedL1, FinalDecision, Applied, Hired };
QString stageKey(FairnessStage stage); // proposed | shown_top_k | approved_l1 | final_decision | applied | hired
std::optional<FairnessStage> stageFromKey(const QString &key);
QString stageLabel(FairnessStage stage); // translated: "Proposed by the engine", "Approved at level 1", …

// Which group the ratios are taken against.
enum class ReferenceGroup { HighestRate, Largest, Chosen };
QString referenceKey(ReferenceGroup reference); // highest_rate | largest | chosen
std::optional<ReferenceGroup> referenceFromKey(const QString &key);

// The attribute name of the freelancer's region (core.freelancer_profiles.location); every other name but
// jobRegionAttribute() is an ai.audit_attributes.attribute of the freelancer (age_band, gender, …).
inline QString regionAttribute()
{
    return QStringLiteral("region");
}

// The attribute name of the proposed job's region (core.jobs.region): groups the proposals by where the work is.
// At the Proposed stage, whose population is people rather than proposals, see FairnessStage.
inline QString jobRegionAttribute()
{
    return QStringLiteral("job_region");
}

// What a report is asked for. Bad input (no attribute, more than two, min group size < 1, topK < 1,
// from after to, Chosen without a group) is refused with Error::InvalidInput before any SQL runs.
struct FairnessRequest
{
    FairnessStage stage = FairnessStage::ApprovedL1;
    QStringList attributes; // "region" or audit attribute names; two = their intersection ("60+ × female")
    ReferenceGroup reference = ReferenceGroup::HighestRate;
    QString chosenGroup; // Chosen: the group's label as GroupOutcome::group spells it
    QDate from, to; // the proposals' created_at, inclusive; invalid = open-ended
    int minGroupSize = 30; // groups with n below it are suppressed
    int topK = 10; // ShownTopK, skew@k and NDKL
    QString reviewer; // ApprovedL1 / FinalDecision: only this reviewer's decisions; empty = everyone
};

// One group's outcome at one stage. A suppressed group carries n (so a reader knows why) but no rate and no
// statistic: every double below is NaN and selected is -1, so no per-person value can be inferred.
struct GroupOutcome
{
    QString group; // the attribute value, or "a × b" for an intersection; "(not recorded)" for missing values
    qint64 n = 0; // population at this stage
    qint64 selected = 0;
    bool suppressed = false;
    bool isReference = false;
    double rate = 0, rateLow = 0, rateHigh = 0; // selected / n with the Wilson 95 % score interval
    double impactRatio = 0, impactLow = 0, impactHigh = 0; // rate / reference rate, Katz log 95 % interval
    // The same ratio's percentile bootstrap 95 % interval (compute/fairnessbootstrap.h: 2,000 resamples seeded from
    // the counts, so a report built again on the same data gives the same bounds); NaN for the reference.
    double bootstrapLow = 0, bootstrapHigh = 0;
    bool fourFifthsFlag = false; // impactRatio outside the fair band [0.8, 1.25]
    double parityDifference = 0; // rate − reference rate
    double pValue = 0, pAdjusted = 0; // group vs reference, two-sided; Holm across the compared groups
    QString test; // "fisher" (any expected cell < 5) or "chi2" (Pearson, no continuity correction)
    // TPR(group) − TPR(reference), TPR = selected at this stage among the proposals that ended in a hire;
    // set for the stages between the proposal and the hire (shown, approved, final, applied) when both have hires.
    std::optional<double> equalOpportunityDiff;
};

// Ranking fairness of one group over the current proposals ranked per job. The jobs' rankings are pooled by
// position (position j = the j-th candidates of every job); PerJobRanking has the same measures per job.
struct RankingFairness
{
    QString group;
    qint64 items = 0; // ranked proposals of the group
    double exposure = 0; // mean position weight 1/log2(1 + rank) of the group's proposals (Singh & Joachims)
    double merit = 0; // mean score of the group's proposals
    double exposureToMerit = 0; // disparate treatment ratio (exposure/merit) against the reference group's; 1 = fair
    double skewAtK = 0; // ln(share among the first k positions / share among all ranked proposals); −inf if absent
};

// One measure over the measured jobs (compute::spread): the mean leaves out infinite values (a skew@k of a group
// absent from a job's top k), which `infinite` counts; the median and the worst take them. NaN when no job.
struct JobSpread
{
    double mean = 0, median = 0, worst = 0;
    int jobs = 0; // jobs the measure was taken on
    int infinite = 0;
};

// One compared group's measures over the jobs where it has ranked proposals.
struct GroupJobSpread
{
    QString group;
    JobSpread skewAtK; // worst = the most negative
    JobSpread exposure; // worst = the lowest
    JobSpread exposureToMerit; // against the reference group within each job; worst = the lowest
};

// One job in the list of the worst jobs. Privacy: a row names a job and carries its measures, never a group's
// count in it, and only a job in which every group with a ranked proposal has at least the report's minimum
// group size is listed (see PerJobRanking::withheld).
struct JobRankingRow
{
    QString jobId;
    QString title;
    int ranked = 0; // the job's ranked proposals (all groups together)
    double ndkl = 0, rnd = 0;
    double protectedSkew = 0; // skew@k of the protected group in this job
    double protectedExposureToMerit = 0; // the protected group's exposure/merit against the reference's
};

// The ranking measures taken on each job's own ranking (current proposals, ordered by ranking) and summarised
// over the jobs. A job is measured when it has at least k ranked proposals, some of the protected group and some
// of another group; the others are counted by reason, never silently dropped.
//
// Privacy rule: the aggregates (mean, median, worst value) name no job and are always given. A job is named in
// `worst` only when every group with a ranked proposal in that job has at least the report's minimum group size
// there; otherwise a job's NDKL, rND or skew would, beside its ranking that reviewers see, tell the attributes of
// the few people of its small group. Such jobs are counted in `withheld`. No per-job group count is ever stored.
struct PerJobRanking
{
    int measured = 0;
    int fewerThanK = 0; // fewer ranked proposals than k
    int noProtected = 0; // no ranked proposal of the protected group
    int onlyProtected = 0; // nothing but the protected group
    JobSpread ndkl, rnd;
    JobSpread protectedSkew; // skew@k of the protected group
    JobSpread protectedExposureToMerit;
    QList<GroupJobSpread> groups; // the compared groups (those of RankingSummary::groups)
    QList<JobRankingRow> worst; // up to 10 worst by NDKL, by rND and by the protected skew, each once, worst first
    int withheld = 0; // measured jobs not named because a group in them is under the minimum size
    int notMeasured() const { return fewerThanK + noProtected + onlyProtected; }
};

struct RankingSummary
{
    QList<RankingFairness> groups; // groups with at least the minimum size of ranked proposals
    double ndkl = 0; // NDKL over the pooled positions; 0 = every prefix has the groups' overall shares
    double rnd = 0; // rND of the protected group (the compared group with the lowest rate at the report's stage)
    QString protectedGroup;
    int jobs = 0; // jobs with ranked current proposals
    PerJobRanking perJob; // the same measures per job (pooled above)
};

// A finished report. stages holds the same attribute at proposed → approved at level 1 → hired (each without
// its own stages), so a reader sees whether a disparity comes from the engine or from the decisions.
struct FairnessReport
{
    QUuid id;
    FairnessRequest request;
    QList<GroupOutcome> groups;
    QString referenceGroup;
    qint64 total = 0; // population at this stage, suppressed groups included
    int suppressedGroups = 0;
    RankingSummary ranking;
    QList<FairnessReport> stages;
    QStringList summary; // plain, translated sentences
    QString dataFingerprint; // sha256 over the counts the report was computed from
    QDateTime createdAt;
    QString createdBy;
};

struct BiasSpan
{
    int start = 0; // in UTF-16 code units of BiasScanItem::text
    int length = 0;
    QString category; // gender_coded_masculine | gender_coded_feminine | age_coded | exclusionary | …
    QString term; // the word or phrase as it occurs
    QString source; // the list it came from ("Gaucher, Friesen & Kay 2011") or "llm"
};

// One entity's text and its bias report (ai.bias_reports row) in the review queue.
struct BiasScanItem
{
    QUuid reportId; // null: never scanned
    QString entityType; // job | user | review
    QUuid entityId;
    QString title; // the job title, the freelancer's name, or the review's job title
    QString text;
    QString state; // not_checked | clean | flagged | accepted | dismissed | edit_requested
    QList<BiasSpan> spans;
    double score = 0, confidence = 0;
    QStringList categories;
    QString recommendation;
    QString detector; // lexicon | llm | lexicon+llm
    QString error; // not_checked after a failed scan: why
    QString decidedBy, note;
    QDateTime createdAt, decidedAt;
};

Q_DECLARE_METATYPE(FairnessReport)
Q_DECLARE_METATYPE(BiasScanItem)
