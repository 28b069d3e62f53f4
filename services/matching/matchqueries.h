#pragma once

#include "matching/matchrecords.h"

#include <QCoreApplication>

class Repository;

// The reads behind the Matches page. Runs on the repository's thread.
class MatchQueries
{
    Q_DECLARE_TR_FUNCTIONS(MatchQueries)

public:
    // Jobs matching the filter, newest first, with their count of current proposals and biasPending.
    static Result<QList<MatchJobRow>> jobs(Repository &repository, const MatchJobFilter &filter);
    // The current proposals of a job, ranked per job (best first).
    static Result<QList<MatchCandidateRow>> candidates(Repository &repository, const QUuid &jobId);
    // The current proposals naming a freelancer (from job runs and freelancer runs), best score first; the best
    // `limit` of them when limit > 0 (a sought-after freelancer can be proposed for thousands of jobs).
    static Result<QList<MatchCandidateRow>> freelancerProposals(
        Repository &repository, const QUuid &freelancerId, int limit = 0);
    // Jobs with current proposals whose bias report requires review and has no decision, newest first.
    static Result<QList<MatchAlert>> alerts(Repository &repository);
};
