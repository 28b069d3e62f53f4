#pragma once

#include "demo/demogenerator.h"

#include <QCoreApplication>

// Writes a generated demo data set into an EMPTY server workspace, so a new user can try Sextant
// against their own PostgreSQL or Supabase project. Refuses a database that already holds EUMAS or
// marketplace rows: publishing never mixes synthetic rows into real ones.
class DemoPublisher
{
    Q_DECLARE_TR_FUNCTIONS(DemoPublisher)

public:
    // Empty means: no memories, evaluations, links, users' profiles, jobs, matches, reviews or reports.
    static Result<void> checkEmpty(Repository &repository);
    static Result<DemoSummary> publish(
        Repository &repository, const DemoSpec &spec, const DemoGenerator::Progress &progress = {});
};
