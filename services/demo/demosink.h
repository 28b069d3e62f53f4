#pragma once

#include "db/repository.h"
#include "demo/demoeumas.h"
#include "demo/demomarketplace.h"

#include <memory>

// Where DemoGenerator puts what it generates. Two ways to the same rows: statements through the
// Repository's insert calls (any backend; each call validates its rows and runs in its own transaction or
// savepoint), and PostgreSQL's binary COPY, which streams each table in a few round trips. The COPY sink
// writes exactly the columns and values the statement sink does (tst_democopysink compares the two).
// Both run on the repository's thread; a failed write means the caller's transaction must be rolled back.
class DemoSink
{
public:
    enum class Method { Statements, Copy };

    virtual ~DemoSink() = default;

    // Copy falls back to Statements where the server cannot take COPY (SQLite, PGlite: CopyWriter::takesCopy).
    static std::unique_ptr<DemoSink> create(Repository &repository, Method method);

    // The marketplace in dependency order (users before profiles, jobs before matches, …); step(done, total)
    // after each of its tables.
    virtual Result<void> writeMarketplace(
        const DemoMarketplace::Data &market, const std::function<void(int done, int total)> &step)
        = 0;
    virtual Result<void> writeMemories(const DemoEumas::Batch &batch) = 0;
    virtual Result<void> writeArchetypes(const QList<ArchetypeState> &history, const QList<ArchetypeState> &current)
        = 0;
};
