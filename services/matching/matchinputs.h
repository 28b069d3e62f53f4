#pragma once

#include "compute/matchengine.h"
#include "db/records.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>
#include <QUuid>

#include <vector>

class Repository;

// The engine's two sides as read from the workspace, with what turns rows back into people and words:
// the ids in row order (ascending id, the engine's tie order, the same on both backends), the skill
// vocabulary the skill ids index and the region list the region indices index.
//
// How columns become inputs (the rules the engine's components then apply):
//  jobs        open jobs or the given ids; budget (≤ 0 unknown); experience_level entry/intermediate/expert
//              → 0/1/2, NULL → unknown; region → index; the job's timezone requirement is its region's
//              representative UTC offset (na-east −5, na-west −8, eu-west 0, eu-central +1, asia-east +9,
//              asia-south +5.5, oceania +10), since core.jobs has no timezone column.
//  freelancers active users with a profile (all, or the given ids); hourly_rate (≤ 0 unknown);
//              experience_years; success_rate, where exactly 0 means "no history" (the column's default;
//              a real 0 % record cannot be told apart); location → region; timezone (IANA name) → its
//              UTC offset now, else the region's representative offset.
//  skills      one case-insensitive vocabulary over both sides (the first spelling met names it).
//  vectors     ai.embeddings of type job / user at 1536 dimensions; a row without one has hasVector 0.
struct MatchInputs
{
    compute::MatchJobs jobs;
    compute::MatchFreelancers freelancers;
    std::vector<QUuid> jobIds;
    std::vector<QUuid> freelancerIds;
    QStringList skills; // skill id → name
    QStringList regions; // region index → name
    QStringList jobTitles; // per job row, for messages
    QStringList embeddingModels; // the models the loaded vectors came from

    std::size_t jobRow(const QUuid &id) const; // jobIds.size() when absent
    std::size_t freelancerRow(const QUuid &id) const;
};

// Which rows to read. Empty id lists with the "all" flags false read nothing on that side.
struct MatchInputSelection
{
    bool openJobs = false; // every job with status open
    QList<QUuid> jobIds; // these jobs (any status), besides
    bool allFreelancers = false;
    QList<QUuid> freelancerIds; // these freelancers, besides
};

// Reads MatchInputs on the repository's thread. Cancelled → Error::Cancelled (progress returns false).
class MatchInputLoader
{
    Q_DECLARE_TR_FUNCTIONS(MatchInputLoader)

public:
    static Result<MatchInputs> load(
        Repository &repository, const MatchInputSelection &selection, const LoadProgress &progress = {});

    // The representative UTC offset of a region (see MatchInputs); NaN for an unknown one.
    static float regionOffsetHours(const QString &region);
};
