#pragma once

#include "core/reply.h"
#include "core/result.h"
#include "db/records.h"
#include "map/clusterrunstore.h"
#include "map/mapdata.h"
#include "map/mappipeline.h"

#include <QCoreApplication>

#include <memory>
#include <vector>

class DatabaseWorker;
class QObject;
class TaskControl;

// One cluster run as the map page shows it: the run (points, clusters, names, quality), what the map
// knows of each point (tooltips, colouring values, search text) and the per-cluster list. Built on a
// pool thread, then shared read-only.
struct MapResult
{
    ClusterRun run;
    MapParams params;
    MapAttributes attributes;
    std::vector<MapClusterInfo> infos;
    bool reused = false; // an earlier saved run with the same parameters on the same data
    double seconds = 0; // from Run to this result
};

// What the map page asks of the workspace. A small value (it holds the database worker), copied into
// the jobs it starts. The jobs (run, open, write-backs, metrics) are for TaskRunner's pool threads: they
// hand small functions to the worker's background lane and wait, so SQL stays on its thread and the UI
// thread waits for nothing. The replies (listRuns, renameCluster) come back on `context`'s thread.
class MapService
{
    Q_DECLARE_TR_FUNCTIONS(MapService)

public:
    explicit MapService(DatabaseWorker *db = nullptr)
        : m_db(db)
    {
    }
    DatabaseWorker *database() const { return m_db; }

    // Run: reuses the newest saved run with the same parameters on unchanged data; otherwise loads the
    // vectors, runs MapPipeline, saves the run (with cluster_members rows up to MemberRowsUpTo points, so
    // the browser's cluster filter works at once). Progress: load 0–30 %, compute 30–90 %, save 90–95 %.
    Result<MapResult> run(const MapParams &params, const QString &actor, TaskControl &control) const;
    // Reopens a saved run.
    Result<MapResult> open(const QUuid &runId, TaskControl &control) const;
    Result<ClusterRun> load(const QUuid &runId) const;
    // Write-backs of a run: semantic_cluster links (replacing an earlier write-back) and cluster_members rows.
    Result<qint64> writeSemanticLinks(const ClusterRun &run, TaskControl &control) const;
    Result<void> writeMembers(const ClusterRun &run) const;
    // The 32 archetype metrics of every point, point-major (NaN where a memory has none).
    Result<std::vector<float>> archetypeMetrics(const std::vector<QUuid> &ids, TaskControl &control) const;

    void listRuns(QObject *context, Reply<QList<ClusterRunSummary>> done) const;
    void renameCluster(QObject *context, const QUuid &runId, int cluster, const QString &name, Reply<void> done) const;

    static constexpr std::size_t MemberRowsUpTo = 20000;

    // A LoadProgress that maps rows read onto [from, to] of the task's progress and stops when it is cancelled.
    static LoadProgress loadProgress(TaskControl &control, double from = 0.0, double to = 1.0);

private:
    Result<MapAttributes> attributesOf(
        MapSource source, const std::vector<QUuid> &ids, TaskControl &control, double from, double to) const;

    DatabaseWorker *m_db;
};
