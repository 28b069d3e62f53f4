#pragma once

#include "db/repository.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QDateTime>

#include <functional>

class DemoSink;

struct DemoSpec
{
    quint64 seed = 20261121;
    int memories = 6000;
    int freelancers = 2000;
    int jobs = 420;
    QDateTime now; // the generated data's "today"; invalid = the current time, rounded to the hour
    int batchSize = 250; // memories per write: small enough that the progress bar moves while they are written
};

struct DemoSummary
{
    qint64 memories = 0;
    qint64 evaluations = 0;
    qint64 links = 0;
    qint64 freelancers = 0;
    qint64 jobs = 0;
    qint64 matches = 0;
    qint64 reviews = 0;
    qint64 biasReports = 0;
};

// Writes a deterministic synthetic workspace through any Repository (SQLite demo file, or an empty
// PostgreSQL database). Memories are streamed in batches, so sizes of a million fit in little memory.
class DemoGenerator
{
    Q_DECLARE_TR_FUNCTIONS(DemoGenerator)

public:
    // Return false to cancel; percent is 0..100. Reported at every stage (vocabulary, marketplace, its
    // writing, memories made in steps of at most Step and written in batches), so the value moves within the first second.
    using Progress = std::function<bool(int percent, const QString &stage)>;
    static constexpr int Step = 250;

    static Result<DemoSummary> generate(Repository &repository, const DemoSpec &spec, const Progress &progress = {});
    // The same rows through `sink` (DemoSink::Method::Copy for a server).
    static Result<DemoSummary> generate(DemoSink &sink, const DemoSpec &spec, const Progress &progress = {});
};
