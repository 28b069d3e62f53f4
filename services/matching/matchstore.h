#pragma once

#include "matching/matchrecords.h"

#include <QCoreApplication>

#include <vector>

class Repository;

// ai.match_runs and the proposals a run writes to ai.match_results. Runs on the repository's thread.
//
// A run's life: startRun() records it as running (after its inputs passed every check, so bad input writes
// nothing at all); then either writeProposals() — in ONE transaction: the previous current proposals of
// the run's queries are marked superseded, the new rows go in, the run row becomes done with its counts
// and timings — or finishRun() with cancelled / failed, which touches no proposal: the previous ones stay
// current. Superseded rows are never deleted, so their reviews (ai.match_reviews) stay attached. On PostgreSQL
// one run writes proposals at a time, and a run left 'running' by a client that crashed or lost its connection is
// marked failed by the next startRun (the running session holds an advisory lock named after the run).
//
// Which rows a run supersedes: a job run (open_jobs, job, jobs) the current rows of its jobs that are
// ranked per job (written by job runs, or before runs existed); a freelancer run the current rows of its
// freelancer written by earlier freelancer runs. So the reverse view never reshuffles a job's candidates.
class MatchStore
{
    Q_DECLARE_TR_FUNCTIONS(MatchStore)

public:
    // How proposals reach the table. Auto: binary COPY on PostgreSQL where the build has it, else multi-row
    // INSERT; on SQLite one prepared single-row INSERT re-run per row (faster there than multi-row
    // statements, see ARCHITECTURE.md). The others exist for the benchmark.
    enum class Method { Auto, Statements, MultiRow, Copy };

    static Result<void> startRun(Repository &repository, const MatchRunRecord &run);
    // Ends a run without proposals (status cancelled or failed); `error` for failed.
    static Result<void> finishRun(Repository &repository, const QUuid &runId, const QString &status,
        const QString &error, const QJsonObject &timings);
    // `queries`: the jobs (job runs) or the one freelancer (freelancer runs) the run answered, including those
    // that got no proposal. `run` carries the counts and timings to store with status done.
    static Result<void> writeProposals(Repository &repository, const MatchRunRecord &run, const QList<QUuid> &queries,
        const std::vector<MatchProposal> &proposals, Method method = Method::Auto);
    // Inserts the rows only (no superseding, no run row), in the caller's transaction: for the benchmark.
    static Result<void> insertProposals(Repository &repository, const MatchRunRecord &run,
        const std::vector<MatchProposal> &proposals, Method method);

    static Result<QList<MatchRunRecord>> runs(Repository &repository, int limit = 100);
    static Result<MatchRunRecord> run(Repository &repository, const QUuid &runId);

    static constexpr int MultiRowBatch = 500; // rows per multi-row INSERT (16 values each)
};
