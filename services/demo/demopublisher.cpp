#include "demo/demopublisher.h"
#include "db/deferredindexes.h"

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
    Repository &repository, const DemoSpec &spec, const DemoGenerator::Progress &progress, DemoSink::Method method)
{
    if (Result<void> empty = checkEmpty(repository); !empty)
        return empty.error();
    if (Result<Privileges> privileges = repository.privileges(); privileges && !privileges->canEditMemories)
        return makeError(Error::Database,
            tr("Your database role (%1) may not write memories; publishing demo data needs sextant_admin or "
               "the schema's owner.")
                .arg(privileges->roleName()));
    const bool copy = method == DemoSink::Method::Copy && repository.dialect().backend() == SqlDialect::Postgres;
    // Building the indexes after the load takes about a tenth of the time (most of it pgvector's HNSW).
    const int loadShare = copy ? 90 : 100;
    // The generator's "Done" comes before the indexes; the publisher says it once they are built.
    const auto scaled = [&](int percent, const QString &stage) {
        return (percent == 100 && copy) || progress(percent * loadShare / 100, stage);
    };
    // One transaction: a run stopped midway (an error, a cancel, the process or the server killed) must not
    // leave jobs and matches without memories, which checkEmpty() would then refuse forever. The dropped
    // indexes come back in the same transaction, so no other session sees the tables without them.
    Result<DemoSummary> summary = makeError(Error::Cancelled, tr("Publishing did not start."));
    const Result<void> written = repository.inTransaction([&]() -> Result<void> {
        DeferredIndexes indexes;
        if (copy)
            indexes = DeferredIndexes::drop(repository,
                { Table::Memories, Table::Evaluations, Table::Links, Table::ArchetypeStateHistory, Table::Users,
                    Table::FreelancerProfiles, Table::Jobs, Table::Embeddings, Table::MatchResults, Table::MatchReviews,
                    Table::AuditAttributes, Table::BiasReports, Table::ModelVersions });
        const std::unique_ptr<DemoSink> sink = DemoSink::create(repository, method);
        summary = DemoGenerator::generate(
            *sink, spec, progress ? DemoGenerator::Progress(scaled) : DemoGenerator::Progress());
        if (!summary)
            return summary.error();
        const QString stage = tr("Building indexes");
        bool stopped = progress && !progress(loadShare, stage);
        const Result<void> built = indexes.rebuild(repository, [&](int done, int total) {
            if (progress && !stopped)
                stopped = !progress(loadShare + (100 - loadShare) * done / std::max(1, total), stage);
        });
        if (!built)
            return built;
        if (stopped || (copy && progress && !progress(100, DemoGenerator::tr("Done")))) {
            summary = makeError(Error::Cancelled, DemoGenerator::tr("Generation was cancelled."));
            return summary.error();
        }
        return {};
    });
    if (!written)
        return written.error();
    return summary;
}
