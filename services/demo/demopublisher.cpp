#include "demo/demopublisher.h"

Result<void> DemoPublisher::checkEmpty(Repository &repository)
{
    const Result<WorkspaceCounts> counts = repository.counts();
    if (!counts)
        return counts.error();
    const qint64 rows = counts->memories + counts->evaluations + counts->links + counts->freelancers + counts->jobs
        + counts->matches + counts->matchReviews + counts->biasReports;
    if (rows > 0)
        return makeError(Error::Conflict,
            tr("%1 is not empty (%2 memories, %3 jobs, %4 freelancers). Demo data is only written into an "
               "empty database, so that it never mixes with real rows; nothing was changed.")
                .arg(repository.location())
                .arg(counts->memories)
                .arg(counts->jobs)
                .arg(counts->freelancers));
    return {};
}

Result<DemoSummary> DemoPublisher::publish(
    Repository &repository, const DemoSpec &spec, const DemoGenerator::Progress &progress)
{
    if (Result<void> empty = checkEmpty(repository); !empty)
        return empty.error();
    if (Result<Privileges> privileges = repository.privileges(); privileges && !privileges->canEditMemories)
        return makeError(Error::Database,
            tr("Your database role (%1) may not write memories; publishing demo data needs sextant_admin or "
               "the schema's owner.")
                .arg(privileges->roleName()));
    // One transaction: a run stopped midway (an error, a cancel, the process or the server killed) must not
    // leave jobs and matches without memories, which checkEmpty() would then refuse forever. Dropping the
    // secondary indexes for the load was measured and left out: on the test server it saved about 0.1 s of
    // the 30 s, which go to one round trip per row.
    Result<DemoSummary> summary = makeError(Error::Cancelled, tr("Publishing did not start."));
    const Result<void> written = repository.inTransaction([&]() -> Result<void> {
        summary = DemoGenerator::generate(repository, spec, progress);
        if (!summary)
            return summary.error();
        return {};
    });
    if (!written)
        return written.error();
    return summary;
}
