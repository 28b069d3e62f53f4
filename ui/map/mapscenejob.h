#pragma once

#include "map/mapscene.h"
#include "core/result.h"
#include "db/repository.h"

#include <QCoreApplication>

class DatabaseWorker;
class TaskControl;

// The map page's long jobs, as plain functions for TaskRunner (pool threads). They reach the database
// by handing small functions to the DatabaseWorker and waiting for them, so SQL stays on its thread
// and the UI thread waits for nothing.
namespace MapSceneJob {

// Run: reuses the newest saved run with the same parameters on unchanged data; otherwise loads the
// vectors, runs MapPipeline, saves the run (with cluster_members rows up to MemberRowsUpTo points, so
// the browser's cluster filter works at once) and builds the scene. Progress: load 0–30 %, compute
// 30–90 %, save and layout the rest.
Result<MapScenePtr> run(DatabaseWorker *worker, const MapParams &params, const QString &actor, TaskControl &control);
// Reopens a saved run.
Result<MapScenePtr> open(DatabaseWorker *worker, const QUuid &runId, TaskControl &control);

constexpr std::size_t MemberRowsUpTo = 20000;

// A LoadProgress that maps rows read onto [from, to] of the task's progress and stops when it is cancelled.
LoadProgress loadProgress(TaskControl &control, double from = 0.0, double to = 1.0);
// Runs body(Repository&) when the workspace is SQL-backed (cluster runs need its tables).
template<typename T, typename Body> Result<T> onSql(Repository &repository, Body body)
{
    return body(repository);
}

} // namespace MapSceneJob
