#include "matching/matchservice.h"

#include "db/databaseworker.h"
#include "matching/learningstore.h"
#include "matching/matchfactors.h"
#include "matching/matchqueries.h"
#include "matching/modelregistry.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskrunner.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QPointer>
#include <QSet>

namespace {

constexpr int StoredIds = 100; // query ids kept in a run's parameters

QJsonArray idArray(const QList<QUuid> &ids)
{
    QJsonArray a;
    for (qsizetype i = 0; i < ids.size() && i < StoredIds; ++i)
        a.append(ids[i].toString(QUuid::WithoutBraces));
    return a;
}

Error invalid(const QString &message)
{
    return makeError(Error::InvalidInput, message);
}

} // namespace

MatchService::MatchService(DatabaseWorker *db, TaskRunner *tasks, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_tasks(tasks)
{
}

void MatchService::jobs(QObject *context, const MatchJobFilter &filter, Reply<QList<MatchJobRow>> done) const
{
    m_db->call(context, [filter](Repository &r) { return MatchQueries::jobs(r, filter); }, std::move(done));
}

void MatchService::candidates(QObject *context, const QUuid &jobId, Reply<QList<MatchCandidateRow>> done) const
{
    m_db->call(context, [jobId](Repository &r) { return MatchQueries::candidates(r, jobId); }, std::move(done));
}

void MatchService::freelancerProposals(
    QObject *context, const QUuid &freelancerId, Reply<QList<MatchCandidateRow>> done, int limit) const
{
    m_db->call(
        context,
        [freelancerId, limit](Repository &r) { return MatchQueries::freelancerProposals(r, freelancerId, limit); },
        std::move(done));
}

void MatchService::alerts(QObject *context, Reply<QList<MatchAlert>> done) const
{
    m_db->call(context, [](Repository &r) { return MatchQueries::alerts(r); }, std::move(done));
}

void MatchService::runs(QObject *context, int limit, Reply<QList<MatchRunRecord>> done) const
{
    m_db->call(context, [limit](Repository &r) { return MatchStore::runs(r, limit); }, std::move(done));
}

void MatchService::versions(QObject *context, const QString &modelType, Reply<QList<RegistryVersion>> done) const
{
    m_db->call(context, [modelType](Repository &r) { return ModelRegistry::list(r, modelType); }, std::move(done));
}

void MatchService::createVersion(
    QObject *context, const MatchingVersionDraft &draft, const QString &actor, Reply<RegistryVersion> done)
{
    QPointer<MatchService> self(this);
    m_db->call(
        context, [draft, actor](Repository &r) { return ModelRegistry::createMatching(r, draft, actor); },
        [self, done = std::move(done)](const Result<RegistryVersion> &result) {
            if (result && self)
                Q_EMIT self->versionsChanged();
            done(result);
        });
}

void MatchService::activateVersion(QObject *context, const QUuid &versionId, const QString &actor, Reply<void> done)
{
    QPointer<MatchService> self(this);
    m_db->call(
        context, [versionId, actor](Repository &r) { return ModelRegistry::activate(r, versionId, actor); },
        [self, done = std::move(done)](const Result<void> &result) {
            if (result && self)
                Q_EMIT self->versionsChanged();
            done(result);
        });
}

void MatchService::retireVersion(QObject *context, const QUuid &versionId, const QString &actor, Reply<void> done)
{
    QPointer<MatchService> self(this);
    m_db->call(
        context, [versionId, actor](Repository &r) { return ModelRegistry::retire(r, versionId, actor); },
        [self, done = std::move(done)](const Result<void> &result) {
            if (result && self)
                Q_EMIT self->versionsChanged();
            done(result);
        });
}

void MatchService::learningHistory(QObject *context, const QUuid &versionId, Reply<QList<LearningPoint>> done) const
{
    m_db->call(context, [versionId](Repository &r) { return LearningStore::history(r, versionId); }, std::move(done));
}

quint64 MatchService::startRun(
    const MatchRunRequest &request, const QString &actor, QObject *context, Reply<MatchRunRecord> done)
{
    if (!m_tasks)
        return 0;
    QPointer<MatchService> self(this);
    const QString name = request.scope == MatchScope::OpenJobs ? tr("Match all open jobs")
        : request.scope == MatchScope::Freelancer             ? tr("Match one freelancer to open jobs")
                                                              : tr("Match %n jobs", nullptr, int(request.ids.size()));
    return m_tasks->run(
        name, QStringLiteral("matching.run"),
        [self, request, actor](TaskControl &control) -> Result<MatchRunRecord> {
            if (!self)
                return makeError(Error::Cancelled, tr("The matching service was closed."));
            return self->run(request, actor, control);
        },
        context,
        [self, request, done = std::move(done)](const Result<MatchRunRecord> &result) {
            if (result && self)
                Q_EMIT self->proposalsChanged(request.scope, request.ids);
            done(result);
        });
}

quint64 MatchService::startReplay(const QUuid &versionId, QObject *context, Reply<ReplayReport> done)
{
    if (!m_tasks)
        return 0;
    QPointer<MatchService> self(this);
    return m_tasks->run(
        tr("Replay a matching version against the reviews"), QString(),
        [self, versionId](TaskControl &control) -> Result<ReplayReport> {
            if (!self)
                return makeError(Error::Cancelled, tr("The matching service was closed."));
            return self->replay(versionId, control);
        },
        context, std::move(done));
}

quint64 MatchService::startSuggestWeights(
    const QUuid &versionId, const QString &actor, QObject *context, Reply<WeightSuggestion> done)
{
    if (!m_tasks)
        return 0;
    QPointer<MatchService> self(this);
    return m_tasks->run(
        tr("Suggest matching weights from the reviews"), QString(),
        [self, versionId, actor](TaskControl &control) -> Result<WeightSuggestion> {
            if (!self)
                return makeError(Error::Cancelled, tr("The matching service was closed."));
            return self->suggestWeights(versionId, actor, control);
        },
        context,
        [self, done = std::move(done)](const Result<WeightSuggestion> &result) {
            if (result && self)
                Q_EMIT self->versionsChanged();
            done(result);
        });
}

Result<RegistryVersion> MatchService::versionFor(const QUuid &versionId) const
{
    Result<RegistryVersion> version = m_db->runAndWait([versionId](Repository &r) {
        return versionId.isNull() ? ModelRegistry::activeMatching(r) : ModelRegistry::version(r, versionId);
    });
    if (version && version->modelType != ModelRegistry::Matching)
        return invalid(tr("%1 is a %2 version, not a matching version.").arg(version->version, version->modelType));
    return version;
}

Result<MatchRunRecord> MatchService::run(const MatchRunRequest &request, const QString &actor, TaskControl &control) const
{
    QElapsedTimer clock;
    clock.start();
    const bool single = request.scope == MatchScope::Job || request.scope == MatchScope::Freelancer;
    if (single && request.ids.size() != 1)
        return invalid(tr("A run for one job or one freelancer needs exactly one id. Nothing was written."));
    if (request.scope == MatchScope::Jobs && request.ids.isEmpty())
        return invalid(tr("Select at least one job to match. Nothing was written."));
    control.setStatus(tr("Reading the matching version"));
    Result<RegistryVersion> version = versionFor(request.versionId);
    if (!version)
        return version.error();

    MatchInputSelection selection;
    if (request.scope == MatchScope::Freelancer) {
        selection.openJobs = true;
        selection.freelancerIds = request.ids;
    } else {
        selection.openJobs = request.scope == MatchScope::OpenJobs;
        selection.jobIds = request.ids;
        selection.allFreelancers = true;
    }
    control.setStatus(tr("Loading jobs, freelancers and embeddings"));
    const LoadProgress progress = [&control](qint64 done, qint64 total) {
        if (total > 0)
            control.setProgress(0.2 * double(done) / double(total));
        return !control.isCancelled();
    };
    Result<MatchInputs> inputs
        = m_db->runAndWait([selection, progress](Repository &r) { return MatchInputLoader::load(r, selection, progress); },
            control.cancelled());
    if (!inputs)
        return inputs.error();
    if (control.isCancelled())
        return makeError(Error::Cancelled, tr("The match run was cancelled before it started; nothing was written."));
    for (const QUuid &id : request.ids) {
        const bool found = request.scope == MatchScope::Freelancer ? inputs->freelancerRow(id) < inputs->freelancerIds.size()
                                                                   : inputs->jobRow(id) < inputs->jobIds.size();
        if (!found)
            return invalid((request.scope == MatchScope::Freelancer
                                   ? tr("There is no active freelancer %1. Nothing was written.")
                                   : tr("There is no job %1. Nothing was written."))
                               .arg(id.toString(QUuid::WithoutBraces)));
    }
    return runOn(*inputs, request, *version, actor, control, clock.elapsed() / 1000.0);
}

Result<MatchRunRecord> MatchService::runOn(const MatchInputs &inputs, const MatchRunRequest &request,
    const RegistryVersion &version, const QString &actor, TaskControl &control, double loadSeconds) const
{
    Result<compute::MatchParams> params = paramsFromJson(version.parameters);
    if (!params)
        return invalid(tr("Version %1: %2 Nothing was written.").arg(version.version, params.errorMessage()));
    if (const std::string why = compute::validateMatchInput(inputs.jobs, inputs.freelancers); !why.empty())
        return invalid(tr("The matching input is not valid: %1. Nothing was written.").arg(QString::fromStdString(why)));

    const bool byJob = request.scope != MatchScope::Freelancer;
    std::vector<std::uint32_t> rows;
    QList<QUuid> queries;
    if (request.scope == MatchScope::OpenJobs) {
        queries = QList<QUuid>(inputs.jobIds.begin(), inputs.jobIds.end());
    } else {
        for (const QUuid &id : request.ids) {
            const std::size_t row = byJob ? inputs.jobRow(id) : inputs.freelancerRow(id);
            if (row >= (byJob ? inputs.jobIds.size() : inputs.freelancerIds.size()))
                return invalid(tr("%1 is not among the loaded rows. Nothing was written.").arg(id.toString(QUuid::WithoutBraces)));
            if (std::find(rows.begin(), rows.end(), std::uint32_t(row)) == rows.end()) {
                rows.push_back(std::uint32_t(row));
                queries << id;
            }
        }
    }

    MatchRunRecord record;
    record.id = QUuid::createUuid();
    record.scope = request.scope;
    record.modelVersion = version.version;
    record.startedBy = actor;
    record.startedAt = QDateTime::currentDateTimeUtc();
    record.parameters = QJsonObject { { QStringLiteral("version"), paramsToJson(*params) },
        { QStringLiteral("version_id"), version.id.toString(QUuid::WithoutBraces) },
        { QStringLiteral("ids"), idArray(request.ids) }, { QStringLiteral("jobs"), qint64(inputs.jobIds.size()) },
        { QStringLiteral("freelancers"), qint64(inputs.freelancerIds.size()) },
        { QStringLiteral("embedding_models"), QJsonArray::fromStringList(inputs.embeddingModels) } };
    record.queries = queries.size();
    record.status = QStringLiteral("running");
    if (Result<void> started = m_db->runAndWait([record](Repository &r) { return MatchStore::startRun(r, record); });
        !started)
        return started.error();

    control.setStatus(tr("Scoring every pair"));
    QElapsedTimer clock;
    clock.start();
    compute::Control compute = control.control();
    compute.progress = [&control](double f) { control.setProgress(0.2 + 0.65 * f); };
    const compute::MatchOutcome outcome = byJob
        ? compute::matchJobs(inputs.jobs, inputs.freelancers, rows, *params, compute)
        : compute::matchFreelancers(inputs.jobs, inputs.freelancers, rows, *params, compute);
    record.timings = QJsonObject { { QStringLiteral("load"), loadSeconds },
        { QStringLiteral("match"), clock.elapsed() / 1000.0 } };
    const auto end = [&](const QString &status, const QString &error) {
        const QUuid id = record.id;
        const QJsonObject timings = record.timings;
        return m_db->runAndWait(
            [id, status, error, timings](Repository &r) { return MatchStore::finishRun(r, id, status, error, timings); });
    };
    if (outcome.status == compute::Status::Cancelled || control.isCancelled()) {
        (void)end(QStringLiteral("cancelled"), {});
        return makeError(Error::Cancelled, tr("The match run was cancelled; the earlier proposals stay current."));
    }
    if (outcome.status != compute::Status::Ok) {
        const QString why = QString::fromStdString(outcome.error);
        (void)end(QStringLiteral("failed"), why);
        return invalid(tr("Matching failed: %1. The earlier proposals stay current.").arg(why));
    }

    control.setStatus(tr("Saving the proposals"));
    control.setProgress(0.85);
    clock.restart();
    const std::vector<MatchProposal> proposals = proposalsOf(inputs, outcome, rows, byJob);
    record.pairsScored = qint64(outcome.pairsScored);
    record.proposals = qint64(proposals.size());
    record.timings.insert(QStringLiteral("describe"), clock.elapsed() / 1000.0);
    if (control.isCancelled()) {
        (void)end(QStringLiteral("cancelled"), {});
        return makeError(Error::Cancelled, tr("The match run was cancelled; the earlier proposals stay current."));
    }
    clock.restart();
    const Result<void> written = m_db->runAndWait([&record, &queries, &proposals](Repository &r) {
        return MatchStore::writeProposals(r, record, queries, proposals);
    });
    if (!written) {
        (void)end(QStringLiteral("failed"), written.errorMessage());
        return written.error();
    }
    record.timings.insert(QStringLiteral("write"), clock.elapsed() / 1000.0);
    record.status = QStringLiteral("done");
    record.finishedAt = QDateTime::currentDateTimeUtc();
    control.setProgress(1.0);
    return record;
}

std::vector<MatchProposal> MatchService::proposalsOf(
    const MatchInputs &inputs, const compute::MatchOutcome &outcome, std::span<const std::uint32_t> queryRows, bool byJob)
{
    std::vector<MatchProposal> out;
    for (std::size_t i = 0; i < outcome.perQuery.size(); ++i) {
        const std::uint32_t query = queryRows.empty() ? std::uint32_t(i) : queryRows[i];
        const auto &list = outcome.perQuery[i];
        for (std::size_t r = 0; r < list.size(); ++r) {
            const compute::MatchCandidate &c = list[r];
            const std::uint32_t job = byJob ? query : c.row;
            const std::uint32_t freelancer = byJob ? c.row : query;
            MatchProposal p;
            p.jobId = inputs.jobIds[job];
            p.freelancerId = inputs.freelancerIds[freelancer];
            p.ranking = int(r + 1);
            p.score = c.score;
            p.confidence = c.confidence;
            p.components = c.components;
            p.factors = MatchFactors::describe(inputs, job, freelancer, c.components);
            out.push_back(std::move(p));
        }
    }
    return out;
}
