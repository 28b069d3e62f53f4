#pragma once

#include "core/result.h"
#include "db/records.h"

#include <QCoreApplication>
#include <QStringList>

class Repository;

// What `sextant-cli status` reports of a workspace: its schema, its rows and the work still waiting.
struct WorkspaceStatus
{
    int schemaVersion = 0;
    int latestVersion = 0; // what this build knows
    QStringList pendingMigrations; // names, in order; empty when the schema is current
    WorkspaceCounts counts;
    qint64 memoriesWithoutEmbedding = 0; // unarchived
    qint64 memoriesWithoutEvaluation = 0; // unarchived, no evaluation at all
    qint64 openJobsWithoutProposals = 0;
    qint64 proposalsWithoutReview = 0; // current proposals nobody has decided on
    qint64 runningMatchRuns = 0; // started and not closed (a crashed run stays "running")
};

// Reads the status on the repository's thread; writes nothing. Error::Database with the refusal sentence
// when the role may not read a table.
class WorkspaceStatusReader
{
    Q_DECLARE_TR_FUNCTIONS(WorkspaceStatusReader)

public:
    static Result<WorkspaceStatus> read(Repository &repository);
};
