#include "workspace/workspacestatus.h"

#include "db/migrator.h"
#include "db/repository.h"

#include <QSqlQuery>

Result<WorkspaceStatus> WorkspaceStatusReader::read(Repository &repository)
{
    WorkspaceStatus status;
    const Result<MigrationPlan> plan = Migrator::plan(repository);
    if (!plan)
        return plan.error();
    status.schemaVersion = plan->currentVersion;
    status.latestVersion = Migrator::latestVersion(repository.dialect().backend());
    for (const Migration &step : plan->steps)
        status.pendingMigrations.append(step.name);
    if (!plan->isEmpty())
        return status; // the tables below may not exist yet in the shape these counts expect

    const Result<WorkspaceCounts> counts = repository.counts();
    if (!counts)
        return counts.error();
    status.counts = *counts;

    const SqlDialect &d = repository.dialect();
    const QString memories = d.table(Table::Memories);
    const QString sql
        = QStringLiteral("SELECT (SELECT COUNT(*) FROM %1 WHERE archived_at IS NULL AND embedding IS NULL), "
                         "(SELECT COUNT(*) FROM %1 m WHERE m.archived_at IS NULL AND NOT EXISTS "
                         "(SELECT 1 FROM %2 e WHERE e.memory_id = m.id)), "
                         "(SELECT COUNT(*) FROM %3 j WHERE j.status = 'open' AND NOT EXISTS "
                         "(SELECT 1 FROM %4 r WHERE r.job_id = j.id AND r.superseded_at IS NULL)), "
                         "(SELECT COUNT(*) FROM %4 r WHERE r.superseded_at IS NULL AND NOT EXISTS "
                         "(SELECT 1 FROM %5 v WHERE v.match_id = r.id)), "
                         "(SELECT COUNT(*) FROM %6 WHERE status = 'running')")
              .arg(memories, d.table(Table::Evaluations), d.table(Table::Jobs), d.table(Table::MatchResults),
                  d.table(Table::MatchReviews), d.table(Table::MatchRuns));
    QSqlQuery query(repository.database());
    if (!query.exec(sql) || !query.next())
        return Repository::queryError(query, tr("Counting the pending work"));
    status.memoriesWithoutEmbedding = query.value(0).toLongLong();
    status.memoriesWithoutEvaluation = query.value(1).toLongLong();
    status.openJobsWithoutProposals = query.value(2).toLongLong();
    status.proposalsWithoutReview = query.value(3).toLongLong();
    status.runningMatchRuns = query.value(4).toLongLong();
    return status;
}
