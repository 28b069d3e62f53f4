#include "demo/demogenerator.h"
#include "demo/demoeumas.h"
#include "demo/demomarketplace.h"
#include "demo/demosink.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDemo, "sextant.demo")

namespace {
// Where each stage's progress starts, in percent, and the writing's share of the memories' part: on a default
// run into SQLite the marketplace takes about a tenth, and writing a memory with its eight evaluations and its
// links about six times as long as making and embedding it (measured with tst_startuppage's timestamps).
constexpr int MarketStart = 1;
constexpr int MarketWriteStart = 8;
constexpr int MemoriesStart = 11;
constexpr double MemoryWriteShare = 0.85;
} // namespace

Result<DemoSummary> DemoGenerator::generate(Repository &repository, const DemoSpec &spec, const Progress &progress)
{
    const std::unique_ptr<DemoSink> sink = DemoSink::create(repository, DemoSink::Method::Statements);
    return generate(*sink, spec, progress);
}

Result<DemoSummary> DemoGenerator::generate(DemoSink &sink, const DemoSpec &spec, const Progress &progress)
{
    bool stopped = false;
    const auto report = [&](int percent, const QString &stage) {
        if (progress && !stopped && !progress(std::clamp(percent, 0, 100), stage))
            stopped = true;
        return !stopped;
    };
    const auto cancelled = [] { return makeError(Error::Cancelled, tr("Generation was cancelled.")); };

    if (!report(0, tr("Loading the vocabulary")))
        return cancelled();
    Result<DemoVocabulary> vocabulary = DemoVocabulary::load();
    if (!vocabulary)
        return vocabulary.error();
    QDateTime now = spec.now;
    if (!now.isValid()) {
        now = QDateTime::currentDateTimeUtc();
        now.setTime(QTime(now.time().hour(), 0));
    }

    DemoSummary summary;
    // 8thDegree first: it is small, and the memories then stream to the end.
    const QString marketStage = tr("Generating the marketplace");
    if (!report(MarketStart, marketStage))
        return cancelled();
    const DemoMarketplace::Data market = DemoMarketplace::generate(
        *vocabulary, spec.seed ^ 0x8d8d8d8dull, spec.freelancers, spec.jobs, now, [&](int done, int total) {
            report(MarketStart + (MarketWriteStart - MarketStart) * done / std::max(1, total), marketStage);
        });
    if (stopped)
        return cancelled();
    const QString marketWriteStage = tr("Writing the marketplace");
    report(MarketWriteStart, marketWriteStage);
    const Result<void> marketWritten = sink.writeMarketplace(market, [&](int done, int total) {
        report(MarketWriteStart + (MemoriesStart - MarketWriteStart) * done / std::max(1, total), marketWriteStage);
    });
    if (!marketWritten)
        return marketWritten.error();
    if (stopped)
        return cancelled();
    summary.freelancers = market.profiles.size();
    summary.jobs = market.jobs.size();
    summary.matches = market.matches.size();
    summary.reviews = market.reviews.size();
    summary.biasReports = market.biasReports.size();

    // Memories are made in steps of at most Step and written in batches of spec.batchSize (250 by default, so
    // the bar moves every few hundred milliseconds while they are written too; on SQLite in WAL mode with
    // synchronous=NORMAL a commit costs no fsync).
    const double total = std::max(1, spec.memories);
    const auto memoriesAt = [&](double made, double written) {
        const double share = (1.0 - MemoryWriteShare) * made / total + MemoryWriteShare * written / total;
        return MemoriesStart + int((100 - MemoriesStart) * share);
    };
    const QString makeStage = tr("Generating memories");
    const QString writeStage = tr("Writing memories");
    DemoEumas eumas(*vocabulary, spec.seed, spec.memories, now);
    const int batchSize = std::max(1, spec.batchSize);
    while (!eumas.atEnd()) {
        DemoEumas::Batch batch;
        while (!eumas.atEnd() && batch.memories.size() < batchSize) {
            if (!report(
                    memoriesAt(double(summary.memories + batch.memories.size()), double(summary.memories)), makeStage))
                return cancelled();
            DemoEumas::Batch step = eumas.next(int(std::min<qsizetype>(Step, batchSize - batch.memories.size())));
            batch.memories += std::move(step.memories);
            batch.evaluations += std::move(step.evaluations);
            batch.links += std::move(step.links);
        }
        if (!report(memoriesAt(double(summary.memories + batch.memories.size()), double(summary.memories)), writeStage))
            return cancelled();
        if (Result<void> r = sink.writeMemories(batch); !r)
            return r.error();
        summary.memories += batch.memories.size();
        summary.evaluations += batch.evaluations.size();
        summary.links += batch.links.size();
    }
    if (Result<void> r = sink.writeArchetypes(eumas.history(), eumas.currentStates()); !r)
        return r.error();
    report(100, tr("Done"));
    qCInfo(lcDemo) << "demo workspace:" << summary.memories << "memories," << summary.matches << "matches";
    return summary;
}
