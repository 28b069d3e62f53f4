#pragma once

#include "compute/matchengine.h"
#include "core/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <array>
#include <optional>

// Value structs of the matching room: they cross threads by value and hold no SQL.

// What a match run queries: every open job, one job, chosen jobs (job → freelancers), or one freelancer
// (freelancer → jobs). Stored in ai.match_runs.scope as open_jobs | job | jobs | freelancer.
enum class MatchScope { OpenJobs, Job, Jobs, Freelancer };
QString scopeKey(MatchScope scope);
std::optional<MatchScope> scopeFromKey(const QString &key);

// The six components by their stored names, in compute::MatchComponent order: semantic, skills,
// experience, success_rate, region, budget (the keys of a version's "weights" object).
const std::array<QString, compute::MatchComponentCount> &componentKeys();

// A matching version's parameters as ai.model_versions.parameters stores them:
// {"weights":{"semantic":…,…},"threshold":0.7,"top_k":10}.
QJsonObject paramsToJson(const compute::MatchParams &params);
// Error::InvalidInput (translated, saying which field) when a weight, the threshold or top_k is missing,
// or when compute::validateMatchParams refuses the values.
Result<compute::MatchParams> paramsFromJson(const QJsonObject &json);

// One row of ai.model_versions, of any model type.
struct RegistryVersion
{
    QUuid id;
    QString modelType; // embedding | matching | bias | learning
    QString version;
    bool isActive = false;
    std::optional<double> accuracy, latency, throughput;
    QDateTime deployedAt, retiredAt, createdAt;
    QString createdBy;
    QString notes;
    QJsonObject parameters; // matching: weights, threshold, top_k (paramsFromJson reads it)
    QJsonObject trainingMetrics; // a suggested version: the logistic fit it came from
    QJsonObject validationMetrics;

    bool isDraft() const { return !isActive && !deployedAt.isValid() && !retiredAt.isValid(); }
};

// A new matching version as the registry page or suggestWeights() hands it over. Always created inactive.
struct MatchingVersionDraft
{
    QString version; // unique per model type; 1..64 characters
    compute::MatchParams params;
    QString notes;
    QString basedOn; // the version it was edited from, if any (kept in training_metrics.based_on)
    QJsonObject trainingMetrics;
};

// One row of ai.match_runs.
struct MatchRunRecord
{
    QUuid id;
    MatchScope scope = MatchScope::OpenJobs;
    QJsonObject parameters; // the version's parameters, the queried ids (up to 100) and the input summary
    QString modelVersion;
    QString startedBy;
    QDateTime startedAt, finishedAt;
    QString status; // running | done | cancelled | failed
    qint64 queries = 0;
    qint64 pairsScored = 0;
    qint64 proposals = 0;
    QJsonObject timings; // seconds per stage: load, match, write
    QString error;
};

// One proposal a run writes to ai.match_results.
struct MatchProposal
{
    QUuid jobId;
    QUuid freelancerId;
    int ranking = 0; // 1 = best, within the query (the job, or the freelancer for freelancer runs)
    double score = 0;
    double confidence = 0;
    compute::ComponentScores components {};
    QJsonObject factors; // MatchFactors::describe: strengths, gaps, items
};

// A job as the Matches page lists it.
struct MatchJobRow
{
    QUuid id;
    QString title;
    QString category;
    QString region;
    QString status;
    double budget = 0;
    QString experienceLevel; // empty: not stated
    QStringList requiredSkills;
    QDateTime createdAt;
    int currentProposals = 0;
    bool biasPending = false; // a bias report on the job requires review and has no decision yet
};

// What the job list is filtered by; an empty field does not filter.
struct MatchJobFilter
{
    QString status; // draft | open | in_progress | completed | cancelled | dispute
    QString region;
    QString category;
    QString words; // every word must occur in the title or description (case-insensitive)
    bool biasPendingOnly = false;
    int limit = 500;
};

// A proposal as the candidate list (for a job) or the reverse view (for a freelancer) shows it.
struct MatchCandidateRow
{
    QUuid matchId;
    QUuid jobId;
    QUuid freelancerId;
    QString freelancerName;
    QString freelancerTitle;
    QString jobTitle;
    double hourlyRate = 0;
    double budget = 0;
    int ranking = 0;
    double score = 0;
    double confidence = 0;
    // NaN where the row has no value (rows written before these components existed).
    std::array<double, compute::MatchComponentCount> components {};
    QJsonObject factors;
    QString modelVersion;
    QUuid runId;
    bool fromFreelancerRun = false; // ranked within the freelancer's jobs, not within the job's candidates
    QDateTime createdAt;
    bool wasViewed = false, wasApplied = false, wasHired = false;
    QString latestDecision; // approve | reject | flag, empty when nobody reviewed it
};

// A job whose current proposals went out while its bias review is still pending.
struct MatchAlert
{
    QUuid jobId;
    QString jobTitle;
    int proposals = 0;
    QDateTime proposedAt; // the newest current proposal
    QUuid biasReportId;
    double biasScore = 0;
    QStringList categories;
};

// A reviewed proposal for replay and weight fitting: the latest decision on it (the highest level, then
// the newest), as 1 approve, 0 reject, -1 flag.
struct ReviewedPair
{
    QUuid matchId;
    QUuid jobId;
    QUuid freelancerId;
    int decision = -1;
};

// One ai.learning_metrics row about a model version.
struct LearningPoint
{
    QDateTime at;
    QString metricType; // replay.precision_at_k | replay.ndcg_at_k | replay.roc_auc | fit.cv_auc | fit.cv_log_loss
    double value = 0;
    QUuid versionId;
    QString version;
    QString component; // overall, or one component key for per-component replay
    QJsonObject context;
};

Q_DECLARE_METATYPE(MatchRunRecord)
