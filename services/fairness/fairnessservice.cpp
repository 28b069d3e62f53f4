#include "fairness/fairnessservice.h"

#include "db/databaseworker.h"
#include "fairness/biasdetector.h"
#include "fairness/biasstore.h"
#include "fairness/fairnessqueries.h"
#include "fairness/fairnessreportbuilder.h"
#include "fairness/fairnessstore.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskrunner.h"

#include <QPointer>

#include <algorithm>

namespace {

using StageCounts = QList<QPair<FairnessStage, QList<FairnessQueries::GroupCount>>>;

// The stages shown side by side: what the engine proposed, what people approved, who was hired.
constexpr FairnessStage SideBySide[] = { FairnessStage::Proposed, FairnessStage::ApprovedL1, FairnessStage::Hired };

Error closed()
{
    return makeError(Error::Cancelled, FairnessService::tr("The fairness service was closed."));
}

Error cancelled()
{
    return makeError(Error::Cancelled, FairnessService::tr("The fairness report was cancelled."));
}

} // namespace

FairnessService::FairnessService(DatabaseWorker *db, TaskRunner *tasks, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_tasks(tasks)
{
}

void FairnessService::setOpenAiClient(OpenAiClient *client, const QString &model)
{
    m_openAi = client;
    m_model = model;
}

void FairnessService::attributes(QObject *context, Reply<QStringList> done) const
{
    m_db->call(context, [](Repository &r) { return FairnessQueries::attributes(r); }, std::move(done));
}

quint64 FairnessService::startReport(
    const FairnessRequest &request, const QString &actor, QObject *context, Reply<FairnessReport> done)
{
    if (!m_tasks)
        return 0;
    QPointer<FairnessService> self(this);
    return m_tasks->run(
        tr("Fairness report: %1 by %2").arg(stageLabel(request.stage), request.attributes.join(QStringLiteral(" × "))),
        QStringLiteral("fairness.report"),
        [self, request, actor](TaskControl &control) -> Result<FairnessReport> {
            if (!self)
                return closed();
            return self->buildReport(request, actor, control);
        },
        context,
        [self, done = std::move(done)](const Result<FairnessReport> &result) {
            if (result && self)
                Q_EMIT self->reportsChanged();
            done(result);
        });
}

void FairnessService::reports(QObject *context, Reply<QList<FairnessReport>> done) const
{
    m_db->call(context, [](Repository &r) { return FairnessStore::list(r); }, std::move(done));
}

void FairnessService::report(QObject *context, const QUuid &id, Reply<FairnessReport> done) const
{
    m_db->call(context, [id](Repository &r) { return FairnessStore::load(r, id); }, std::move(done));
}

Result<FairnessReport> FairnessService::buildReport(
    const FairnessRequest &request, const QString &actor, TaskControl &control) const
{
    if (Result<void> ok = FairnessQueries::validate(request); !ok)
        return ok.error();
    // People have no job region, so a report on it starts the side-by-side stages at the proposals.
    const bool byJob = request.attributes.contains(jobRegionAttribute());
    QList<FairnessStage> stages { request.stage };
    for (FairnessStage s : SideBySide)
        if (!stages.contains(s) && !(byJob && s == FairnessStage::Proposed))
            stages << s;
    // Counting is nearly all of the time; each stage is one aggregate on the server.
    const double steps = double(stages.size()) + 3;
    StageCounts counts;
    for (qsizetype i = 0; i < stages.size(); ++i) {
        if (control.isCancelled())
            return cancelled();
        control.setStatus(tr("Counting: %1").arg(stageLabel(stages[i])));
        control.setProgress(double(i) / steps);
        const FairnessStage stage = stages[i];
        Result<QList<FairnessQueries::GroupCount>> c
            = m_db->runAndWait([request, stage](Repository &r) { return FairnessQueries::stageCounts(r, request, stage); },
                control.cancelled());
        if (!c)
            return c.error();
        counts << qMakePair(stage, *c);
    }
    if (control.isCancelled())
        return cancelled();
    control.setStatus(tr("Counting ranking positions"));
    control.setProgress(double(stages.size()) / steps);
    Result<FairnessQueries::RankingCounts> ranking
        = m_db->runAndWait([request](Repository &r) { return FairnessQueries::rankingCounts(r, request); },
            control.cancelled());
    if (!ranking)
        return ranking.error();
    if (control.isCancelled())
        return cancelled();
    control.setStatus(tr("Reading each job's ranking"));
    Result<FairnessQueries::JobRankings> jobs
        = m_db->runAndWait([request](Repository &r) { return FairnessQueries::jobRankings(r, request); },
            control.cancelled());
    if (!jobs)
        return jobs.error();

    Result<FairnessReport> report = FairnessReportBuilder::evaluate(request, request.stage, counts.first().second);
    if (!report)
        return report.error();
    for (FairnessStage s : SideBySide) {
        for (const auto &[stage, c] : counts) {
            if (stage != s)
                continue;
            FairnessRequest side = request;
            // A chosen reference may be too small at another stage; the stage then compares with its highest rate.
            Result<FairnessReport> r = FairnessReportBuilder::evaluate(side, s, c);
            if (!r && request.reference == ReferenceGroup::Chosen) {
                side.reference = ReferenceGroup::HighestRate;
                r = FairnessReportBuilder::evaluate(side, s, c);
            }
            if (!r)
                return r.error();
            report->stages << *r;
        }
    }
    report->ranking = FairnessReportBuilder::ranking(request, *ranking, *report);
    report->ranking.perJob = FairnessReportBuilder::perJob(request, *jobs, report->ranking, *report);
    QStringList named;
    for (const JobRankingRow &row : report->ranking.perJob.worst)
        named << row.jobId;
    Result<QHash<QString, QString>> titles
        = m_db->runAndWait([named](Repository &r) { return FairnessQueries::jobTitles(r, named); });
    if (!titles)
        return titles.error();
    for (JobRankingRow &row : report->ranking.perJob.worst)
        row.title = titles->value(row.jobId);
    report->summary = FairnessReportBuilder::summarise(*report);
    report->dataFingerprint = FairnessReportBuilder::fingerprint(request, counts, *ranking, &*jobs);
    report->id = QUuid::createUuid();
    report->createdAt = QDateTime::currentDateTimeUtc();
    report->createdBy = actor;
    if (control.isCancelled())
        return cancelled();
    control.setStatus(tr("Saving the report"));
    control.setProgress((steps - 1) / steps);
    const FairnessReport saved = *report;
    if (Result<void> r = m_db->runAndWait([saved](Repository &repo) { return FairnessStore::save(repo, saved); }); !r)
        return r.error();
    control.setProgress(1);
    return report;
}

void FairnessService::biasQueue(QObject *context, const QString &entityType, const QString &category,
    const QString &state, Reply<QList<BiasScanItem>> done) const
{
    m_db->call(
        context, [entityType, category, state](Repository &r) { return BiasStore::queue(r, entityType, category, state); },
        std::move(done));
}

quint64 FairnessService::startScan(const QString &entityType, bool useLlm, QObject *context, Reply<int> done)
{
    if (!m_tasks)
        return 0;
    QPointer<FairnessService> self(this);
    const QString name = useLlm ? tr("Bias scan with the word lists and the model") : tr("Bias scan with the word lists");
    return m_tasks->run(
        name, QStringLiteral("fairness.scan"),
        [self, entityType, useLlm](TaskControl &control) -> Result<int> {
            if (!self)
                return closed();
            return self->scan(entityType, useLlm, control);
        },
        context,
        [self, done = std::move(done)](const Result<int> &result) {
            if (self)
                Q_EMIT self->biasQueueChanged();
            done(result);
        });
}

void FairnessService::decideBias(QObject *context, const QUuid &reportId, const QString &decision, const QString &note,
    const QString &actor, Reply<void> done)
{
    QPointer<FairnessService> self(this);
    m_db->call(
        context, [=](Repository &r) { return BiasStore::decide(r, reportId, decision, note, actor); },
        [self, done = std::move(done)](const Result<void> &result) {
            if (result && self)
                Q_EMIT self->biasQueueChanged();
            done(result);
        });
}

Result<int> FairnessService::scan(const QString &entityType, bool useLlm, TaskControl &control) const
{
    if (Result<void> ok = BiasStore::checkEntityType(entityType); !ok)
        return ok.error();
    Result<BiasLexicon> lexicon = BiasLexicon::builtIn();
    if (!lexicon)
        return lexicon.error();
    LexiconDetector words(*lexicon);
    LlmBiasDetector model(m_openAi, m_model);
    control.setStatus(tr("Reading the texts"));
    Result<QList<BiasScanItem>> items = m_db->runAndWait(
        [entityType](Repository &r) { return BiasStore::queue(r, entityType, QString(), QString(), 1000000); });
    if (!items)
        return items.error();
    QList<BiasScanItem> batch;
    int written = 0;
    const auto flush = [&]() -> Result<void> {
        if (batch.isEmpty())
            return {};
        const QList<BiasScanItem> rows = batch;
        batch.clear();
        if (Result<void> r = m_db->runAndWait([rows](Repository &repo) { return BiasStore::write(repo, rows); }); !r)
            return r;
        written += int(rows.size());
        return {};
    };
    for (qsizetype i = 0; i < items->size(); ++i) {
        if (control.isCancelled())
            break;
        control.setProgress(double(i) / double(items->size()));
        control.setStatus(tr("Checking %1 of %2").arg(i + 1).arg(items->size()));
        BiasScanItem item = (*items)[i];
        item.reportId = QUuid::createUuid();
        item.createdAt = QDateTime::currentDateTimeUtc();
        item.error.clear();
        const BiasFinding lexical = *words.detect(item.text, item.entityType, control);
        item.spans = lexical.spans;
        item.score = lexical.score;
        item.confidence = lexical.confidence;
        item.categories = lexical.categories;
        item.recommendation = lexical.recommendation;
        item.detector = words.name();
        item.state = lexical.flagged ? QStringLiteral("flagged") : QStringLiteral("clean");
        if (useLlm) {
            item.detector = QStringLiteral("lexicon+llm");
            const Result<BiasFinding> asked = model.detect(item.text, item.entityType, control);
            if (!asked && asked.error().code == Error::Cancelled)
                break;
            if (!asked) {
                // Fails closed: the word lists' marks stay visible, but nobody may read the item as checked.
                item.state = QStringLiteral("not_checked");
                item.error = asked.errorMessage();
            } else {
                for (const BiasSpan &s : asked->spans) {
                    const bool overlaps = std::any_of(item.spans.begin(), item.spans.end(), [&](const BiasSpan &o) {
                        return s.start < o.start + o.length && o.start < s.start + s.length;
                    });
                    if (!overlaps)
                        item.spans << s;
                }
                std::sort(item.spans.begin(), item.spans.end(),
                    [](const BiasSpan &a, const BiasSpan &b) { return a.start < b.start; });
                for (const QString &c : asked->categories)
                    if (!item.categories.contains(c))
                        item.categories << c;
                item.score = std::max(item.score, asked->score);
                item.confidence = asked->confidence;
                if (!asked->recommendation.isEmpty())
                    item.recommendation = asked->recommendation;
                item.state = lexical.flagged || asked->flagged ? QStringLiteral("flagged") : QStringLiteral("clean");
            }
        }
        batch << item;
        if (batch.size() >= 100)
            if (Result<void> r = flush(); !r)
                return r.error();
    }
    if (Result<void> r = flush(); !r)
        return r.error();
    if (control.isCancelled())
        return makeError(Error::Cancelled, tr("The bias scan was cancelled after %n items; those are saved.", nullptr, written));
    control.setProgress(1);
    return written;
}
