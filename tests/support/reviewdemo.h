#pragma once

#include "db/databaseworker.h"
#include "db/sqliteworkspace.h"
#include "matching/matchservice.h"
#include "tasks/taskrunner.h"
#include "workspace/workspacesession.h"

#include <QEventLoop>
#include <QTimer>

#include <optional>

// A generated demo workspace (SQLite at `path`) opened on `worker`, with a match run of every open job
// done, so the review queue has current proposals: for the review model and page tests and the benchmark.
inline Result<void> openMatchedDemo(
    const QString &path, const DemoSpec &spec, DatabaseWorker &worker, const QString &name)
{
    const Result<DemoSummary> made = WorkspaceSession::createDemoFile(path, spec);
    if (!made)
        return made.error();
    const Result<void> opened = worker.open([path, name]() { return SqliteWorkspace::open(path, name); }).result();
    if (!opened)
        return opened;
    TaskRunner tasks;
    MatchService matches(&worker, &tasks);
    std::optional<Result<MatchRunRecord>> outcome;
    QEventLoop loop;
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    matches.startRun(MatchRunRequest {}, QStringLiteral("tester"), &loop, [&](const Result<MatchRunRecord> &run) {
        outcome = run;
        loop.quit();
    });
    loop.exec();
    if (!outcome)
        return Error { Error::Internal, QStringLiteral("The match run did not finish within two minutes.") };
    if (!*outcome)
        return outcome->error();
    if ((*outcome)->proposals == 0)
        return Error { Error::Internal, QStringLiteral("The match run proposed nothing.") };
    return {};
}
