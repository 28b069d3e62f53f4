#include "demo/demogenerator.h"
#include "demo/demoeumas.h"
#include "demo/demomarketplace.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDemo, "sextant.demo")

Result<DemoSummary> DemoGenerator::generate(Repository &repository, const DemoSpec &spec, const Progress &progress)
{
    Result<DemoVocabulary> vocabulary = DemoVocabulary::load();
    if (!vocabulary)
        return vocabulary.error();
    QDateTime now = spec.now;
    if (!now.isValid()) {
        now = QDateTime::currentDateTimeUtc();
        now.setTime(QTime(now.time().hour(), 0));
    }
    const auto report = [&](int percent, const QString &stage) { return !progress || progress(percent, stage); };
    const auto cancelled = [] { return makeError(Error::Cancelled, tr("Generation was cancelled.")); };

    DemoSummary summary;
    // 8thDegree first: it is small, and the memories then stream to the end.
    if (!report(0, tr("Generating the marketplace")))
        return cancelled();
    const DemoMarketplace::Data market
        = DemoMarketplace::generate(*vocabulary, spec.seed ^ 0x8d8d8d8dull, spec.freelancers, spec.jobs, now);
    const std::function<Result<void>()> writes[] = {
        [&] { return repository.insertUsers(market.users); },
        [&] { return repository.insertFreelancerProfiles(market.profiles); },
        [&] { return repository.insertJobs(market.jobs); },
        [&] { return repository.insertEntityEmbeddings(market.embeddings); },
        [&] { return repository.insertMatches(market.matches); },
        [&] { return repository.insertMatchReviews(market.reviews); },
        [&] { return repository.insertAuditAttributes(market.attributes); },
        [&] { return repository.insertBiasReports(market.biasReports); },
        [&] { return repository.insertModelVersions(market.modelVersions); },
    };
    for (const auto &write : writes) {
        if (Result<void> r = write(); !r)
            return r.error();
    }
    summary.freelancers = market.profiles.size();
    summary.jobs = market.jobs.size();
    summary.matches = market.matches.size();
    summary.reviews = market.reviews.size();
    summary.biasReports = market.biasReports.size();

    DemoEumas eumas(*vocabulary, spec.seed, spec.memories, now);
    while (!eumas.atEnd()) {
        const int percent = 10 + int(85 * summary.memories / std::max(1, spec.memories));
        if (!report(percent, tr("Writing memories")))
            return cancelled();
        const DemoEumas::Batch batch = eumas.next(spec.batchSize);
        if (Result<void> r = repository.insertMemories(batch.memories); !r)
            return r.error();
        if (Result<void> r = repository.insertEvaluations(batch.evaluations); !r)
            return r.error();
        if (Result<void> r = repository.insertLinks(batch.links); !r)
            return r.error();
        summary.memories += batch.memories.size();
        summary.evaluations += batch.evaluations.size();
        summary.links += batch.links.size();
    }
    if (Result<void> r = repository.insertArchetypeHistory(eumas.history()); !r)
        return r.error();
    if (Result<void> r = repository.upsertArchetypeStates(eumas.currentStates()); !r)
        return r.error();
    report(100, tr("Done"));
    qCInfo(lcDemo) << "demo workspace:" << summary.memories << "memories," << summary.matches << "matches";
    return summary;
}
