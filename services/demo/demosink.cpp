// DemoSink through the Repository's insert statements: SQLite, and PostgreSQL when asked for the old way.
#include "demo/demosink.h"
#include "db/copywriter.h"

std::unique_ptr<DemoSink> makeCopySink(Repository &repository); // democopysink.cpp

namespace {
class StatementSink final : public DemoSink
{
public:
    explicit StatementSink(Repository &repository)
        : m_repository(repository)
    {
    }

    Result<void> writeMarketplace(
        const DemoMarketplace::Data &market, const std::function<void(int, int)> &step) override
    {
        Repository &r = m_repository;
        const std::function<Result<void>()> writes[] = {
            [&] { return r.insertUsers(market.users); },
            [&] { return r.insertFreelancerProfiles(market.profiles); },
            [&] { return r.insertJobs(market.jobs); },
            [&] { return r.insertEntityEmbeddings(market.embeddings); },
            [&] { return r.insertMatches(market.matches); },
            [&] { return r.insertMatchReviews(market.reviews); },
            [&] { return r.insertAuditAttributes(market.attributes); },
            [&] { return r.insertBiasReports(market.biasReports); },
            [&] { return r.insertModelVersions(market.modelVersions); },
        };
        const int total = int(std::size(writes));
        for (int i = 0; i < total; ++i) {
            if (Result<void> written = writes[i](); !written)
                return written;
            if (step)
                step(i + 1, total);
        }
        return {};
    }

    Result<void> writeMemories(const DemoEumas::Batch &batch) override
    {
        if (Result<void> r = m_repository.insertMemories(batch.memories); !r)
            return r;
        if (Result<void> r = m_repository.insertEvaluations(batch.evaluations); !r)
            return r;
        return m_repository.insertLinks(batch.links);
    }

    Result<void> writeArchetypes(const QList<ArchetypeState> &history, const QList<ArchetypeState> &current) override
    {
        if (Result<void> r = m_repository.insertArchetypeHistory(history); !r)
            return r;
        return m_repository.upsertArchetypeStates(current);
    }

private:
    Repository &m_repository;
};
} // namespace

std::unique_ptr<DemoSink> DemoSink::create(Repository &repository, Method method)
{
    if (method == Method::Copy && CopyWriter::takesCopy(repository))
        return makeCopySink(repository);
    return std::make_unique<StatementSink>(repository);
}
