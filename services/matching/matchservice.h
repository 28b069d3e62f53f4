#pragma once

#include "compute/matchlearning.h"
#include "core/reply.h"
#include "matching/matchinputs.h"
#include "matching/matchrecords.h"
#include "matching/matchstore.h"

#include <QObject>

class DatabaseWorker;
class TaskControl;
class TaskRunner;

// What a run is asked to do. The version is the active matching version unless versionId is set.
struct MatchRunRequest
{
    MatchScope scope = MatchScope::OpenJobs;
    QList<QUuid> ids; // Job: one job id; Jobs: the jobs; Freelancer: one freelancer id; OpenJobs: unused
    QUuid versionId; // null: the active matching version
};

// The replay of one version against the stored reviews: overall and per component (each component's
// value alone as the score), with k = the version's top-k.
struct ReplayReport
{
    RegistryVersion version;
    int k = 10;
    compute::ReplayMetrics overall {};
    std::array<compute::ReplayMetrics, compute::MatchComponentCount> perComponent {};
    std::size_t reviewedPairs = 0; // pairs with a review whose job and freelancer still exist
};

// suggestWeights(): the logistic fit and the draft version made from it (inactive).
struct WeightSuggestion
{
    compute::LogisticFit fit;
    RegistryVersion draft;
};

// The marketplace half's service: what the Matches and Model registry pages ask of the workspace.
// Lives on the UI thread; holds the database worker and the task runner it is given (not owned).
//
// Two kinds of calls. The Reply calls (jobs, candidates, versions, …) run one database call on the
// worker's interactive lane and answer on `context`'s thread (see Reply). The task calls (startRun,
// startReplay, startSuggestWeights) run on the task runner's pool with progress and cancel; their
// synchronous bodies (run, runOn, replay, suggestWeights) are public for tests and the command line and
// must be called on a pool thread, never the UI thread: they wait for the background lane.
// Errors: Result with a translated sentence; bad input (parameters, vectors, dimensions) writes nothing.
class MatchService : public QObject
{
    Q_OBJECT
public:
    explicit MatchService(DatabaseWorker *db, TaskRunner *tasks = nullptr, QObject *parent = nullptr);

    // ----- Matches page -----
    // Jobs for the list, newest first, with their current proposal count and biasPending badge.
    void jobs(QObject *context, const MatchJobFilter &filter, Reply<QList<MatchJobRow>> done) const;
    // The current candidates of a job, best first: components, factors, version, outcome flags, decision.
    void candidates(QObject *context, const QUuid &jobId, Reply<QList<MatchCandidateRow>> done) const;
    // The reverse view: current proposals naming the freelancer, best score first (the best `limit` when > 0).
    void freelancerProposals(
        QObject *context, const QUuid &freelancerId, Reply<QList<MatchCandidateRow>> done, int limit = 0) const;
    // Jobs whose current proposals went out while their bias review is pending (8thDegree sends them anyway).
    void alerts(QObject *context, Reply<QList<MatchAlert>> done) const;
    // The newest match runs (status, counts, timings, who started them).
    void runs(QObject *context, int limit, Reply<QList<MatchRunRecord>> done) const;

    // ----- Model registry page -----
    // Versions of one model type (all types when empty), the active one first.
    void versions(QObject *context, const QString &modelType, Reply<QList<RegistryVersion>> done) const;
    // Saves a new inactive matching version (weights must sum to 1, threshold 0..1, top-k 1..50).
    void createVersion(
        QObject *context, const MatchingVersionDraft &draft, const QString &actor, Reply<RegistryVersion> done);
    // Activates a version (the previous active one of its type is deactivated in the same transaction).
    void activateVersion(QObject *context, const QUuid &versionId, const QString &actor, Reply<void> done);
    // Retires an inactive version; refuses the active one.
    void retireVersion(QObject *context, const QUuid &versionId, const QString &actor, Reply<void> done);
    // The recorded learning metrics, oldest first (of one version when versionId is set): for the chart.
    void learningHistory(QObject *context, const QUuid &versionId, Reply<QList<LearningPoint>> done) const;

    // ----- Tasks (TaskRunner; return the task id, 0 without a runner) -----
    // A match run; key "matching.run" (a new run supersedes a running one, which ends cancelled).
    quint64 startRun(const MatchRunRequest &request, const QString &actor, QObject *context, Reply<MatchRunRecord> done);
    // Replays a version against the stored reviews and records the metrics in ai.learning_metrics.
    quint64 startReplay(const QUuid &versionId, QObject *context, Reply<ReplayReport> done);
    // Fits approve-vs-reject on the reviewed pairs' components and saves the result as a draft version.
    quint64 startSuggestWeights(const QUuid &versionId, const QString &actor, QObject *context, Reply<WeightSuggestion> done);

    // ----- Synchronous bodies (pool threads only) -----
    // Progress: load 0–20 %, match 20–85 %, write 85–100 %. Cancelled → Error::Cancelled, run row cancelled,
    // earlier proposals stay current.
    Result<MatchRunRecord> run(const MatchRunRequest &request, const QString &actor, TaskControl &control) const;
    // The run on given inputs (the loaded ones, or a test's): checks the version and the inputs first
    // (Error::InvalidInput writes nothing), then records the run, matches and writes.
    Result<MatchRunRecord> runOn(const MatchInputs &inputs, const MatchRunRequest &request, const RegistryVersion &version,
        const QString &actor, TaskControl &control, double loadSeconds = 0) const;
    Result<ReplayReport> replay(const QUuid &versionId, TaskControl &control, bool record = true) const;
    Result<WeightSuggestion> suggestWeights(const QUuid &versionId, const QString &actor, TaskControl &control) const;

    // The proposals of one engine outcome as rows (ranking per query, factors described).
    static std::vector<MatchProposal> proposalsOf(
        const MatchInputs &inputs, const compute::MatchOutcome &outcome, std::span<const std::uint32_t> queryRows, bool byJob);

Q_SIGNALS:
    // A run finished and wrote proposals for these jobs (job runs) or this freelancer (freelancer runs).
    void proposalsChanged(MatchScope scope, const QList<QUuid> &ids);
    // A version was created, activated or retired.
    void versionsChanged();

private:
    Result<RegistryVersion> versionFor(const QUuid &versionId) const;

    DatabaseWorker *m_db;
    TaskRunner *m_tasks;
};
