#pragma once

#include "demo/demogenerator.h"
#include "demo/demosink.h"

#include <QCoreApplication>

// Writes a generated demo data set into an EMPTY server workspace, so a new user can try Sextant
// against their own PostgreSQL or Supabase project. Refuses a database that already holds EUMAS or
// marketplace rows: publishing never mixes synthetic rows into real ones. Everything is written in one
// transaction, so a failure, a cancel or a killed process leaves the database as empty as it was and a
// second try can start again.
class DemoPublisher
{
    Q_DECLARE_TR_FUNCTIONS(DemoPublisher)

public:
    // Empty means: no memories, evaluations, links, users' profiles, jobs, matches, reviews or reports.
    static Result<void> checkEmpty(Repository &repository);
    // Error::Conflict when the database is not empty; any other error means nothing was written.
    // On PostgreSQL, Copy streams the tables by binary COPY with their secondary indexes built after the
    // load, inside the same transaction; Statements is the row-by-row way (SQLite always uses it).
    static Result<DemoSummary> publish(Repository &repository, const DemoSpec &spec,
        const DemoGenerator::Progress &progress = {}, DemoSink::Method method = DemoSink::Method::Copy);
};
