// MatchService: learning from the operators' reviews (replay a version, suggest weights).
#include "matching/matchservice.h"

#include "db/databaseworker.h"
#include "matching/learningstore.h"
#include "matching/modelregistry.h"
#include "tasks/taskcontrol.h"

#include <QJsonArray>
#include <QSet>

namespace {

// The reviewed pairs scored afresh: each pair's six components from today's data (so rows written before
// the semantic and budget components existed take part too), with its decision and its job's row.
struct ScoredReviews
{
    std::vector<compute::ComponentScores> components;
    std::vector<std::uint32_t> jobRows;
    std::vector<int> decisions;
};

Result<ScoredReviews> scoreReviews(DatabaseWorker *db, TaskControl &control)
{
    control.setStatus(MatchService::tr("Reading the reviews"));
    Result<QList<ReviewedPair>> pairs = db->runAndWait([](Repository &r) { return LearningStore::reviewedPairs(r); });
    if (!pairs)
        return pairs.error();
    MatchInputSelection selection;
    QSet<QUuid> jobs, freelancers;
    for (const ReviewedPair &p : std::as_const(*pairs)) {
        if (!jobs.contains(p.jobId))
            selection.jobIds << p.jobId;
        if (!freelancers.contains(p.freelancerId))
            selection.freelancerIds << p.freelancerId;
        jobs.insert(p.jobId);
        freelancers.insert(p.freelancerId);
    }
    control.setStatus(MatchService::tr("Loading the reviewed jobs and freelancers"));
    Result<MatchInputs> inputs
        = db->runAndWait([selection](Repository &r) { return MatchInputLoader::load(r, selection); });
    if (!inputs)
        return inputs.error();
    if (const std::string why = compute::validateMatchInput(inputs->jobs, inputs->freelancers); !why.empty())
        return makeError(Error::InvalidInput,
            MatchService::tr("The reviewed pairs' data is not valid: %1.").arg(QString::fromStdString(why)));
    QHash<QUuid, std::uint32_t> jobRow, freelancerRow;
    for (std::size_t i = 0; i < inputs->jobIds.size(); ++i)
        jobRow.insert(inputs->jobIds[i], std::uint32_t(i));
    for (std::size_t i = 0; i < inputs->freelancerIds.size(); ++i)
        freelancerRow.insert(inputs->freelancerIds[i], std::uint32_t(i));
    ScoredReviews scored;
    for (const ReviewedPair &p : std::as_const(*pairs)) {
        const auto j = jobRow.constFind(p.jobId);
        const auto f = freelancerRow.constFind(p.freelancerId);
        if (j == jobRow.cend() || f == freelancerRow.cend())
            continue; // the job or the freelancer (or the freelancer's profile) is gone
        scored.components.push_back(compute::scorePair(inputs->jobs, *j, inputs->freelancers, *f));
        scored.jobRows.push_back(*j);
        scored.decisions.push_back(p.decision);
    }
    return scored;
}

QList<LearningPoint> pointsOf(const RegistryVersion &v, const QString &component, const compute::ReplayMetrics &m, int k)
{
    const QJsonObject context { { QStringLiteral("k"), k }, { QStringLiteral("queries"), qint64(m.queries) },
        { QStringLiteral("labelled"), qint64(m.labelled) } };
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return { LearningPoint { now, QStringLiteral("replay.precision_at_k"), m.precisionAtK, v.id, v.version, component, context },
        LearningPoint { now, QStringLiteral("replay.ndcg_at_k"), m.ndcgAtK, v.id, v.version, component, context },
        LearningPoint { now, QStringLiteral("replay.roc_auc"), m.rocAuc, v.id, v.version, component, context } };
}

} // namespace

Result<ReplayReport> MatchService::replay(const QUuid &versionId, TaskControl &control, bool record) const
{
    Result<RegistryVersion> version = versionFor(versionId);
    if (!version)
        return version.error();
    Result<compute::MatchParams> params = paramsFromJson(version->parameters);
    if (!params)
        return makeError(Error::InvalidInput, tr("Version %1: %2").arg(version->version, params.errorMessage()));
    Result<ScoredReviews> scored = scoreReviews(m_db, control);
    if (!scored)
        return scored.error();
    if (control.isCancelled())
        return makeError(Error::Cancelled, tr("The replay was cancelled."));
    control.setStatus(tr("Replaying %1").arg(version->version));
    ReplayReport report;
    report.version = *version;
    report.k = params->topK;
    report.reviewedPairs = scored->decisions.size();
    std::vector<compute::ReplayItem> items(scored->decisions.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        items[i] = { scored->jobRows[i], compute::weightedScore(scored->components[i], *params), scored->decisions[i] };
    report.overall = compute::replay(items, report.k);
    for (int c = 0; c < compute::MatchComponentCount; ++c) {
        for (std::size_t i = 0; i < items.size(); ++i)
            items[i].score = scored->components[i][std::size_t(c)];
        report.perComponent[std::size_t(c)] = compute::replay(items, report.k);
    }
    if (record) {
        QList<LearningPoint> points = pointsOf(*version, QStringLiteral("overall"), report.overall, report.k);
        for (int c = 0; c < compute::MatchComponentCount; ++c)
            points << pointsOf(*version, componentKeys()[std::size_t(c)], report.perComponent[std::size_t(c)], report.k);
        if (Result<void> r = m_db->runAndWait([points](Repository &repo) { return LearningStore::writeMetrics(repo, points); });
            !r)
            return r.error();
    }
    control.setProgress(1.0);
    return report;
}

Result<WeightSuggestion> MatchService::suggestWeights(
    const QUuid &versionId, const QString &actor, TaskControl &control) const
{
    Result<RegistryVersion> base = versionFor(versionId);
    if (!base)
        return base.error();
    Result<compute::MatchParams> params = paramsFromJson(base->parameters);
    if (!params)
        return makeError(Error::InvalidInput, tr("Version %1: %2").arg(base->version, params.errorMessage()));
    Result<ScoredReviews> scored = scoreReviews(m_db, control);
    if (!scored)
        return scored.error();
    std::vector<double> x;
    std::vector<std::uint8_t> labels;
    for (std::size_t i = 0; i < scored->decisions.size(); ++i) {
        if (scored->decisions[i] < 0)
            continue; // flags say "look again", not approve or reject
        for (float v : scored->components[i])
            x.push_back(v);
        labels.push_back(std::uint8_t(scored->decisions[i]));
    }
    if (control.isCancelled())
        return makeError(Error::Cancelled, tr("Suggesting weights was cancelled."));
    control.setStatus(tr("Fitting approve against reject on %n reviews", nullptr, int(labels.size())));
    WeightSuggestion suggestion;
    suggestion.fit = compute::fitLogistic(x, compute::MatchComponentCount, labels, 5, 16);
    if (suggestion.fit.status != compute::Status::Ok)
        return makeError(Error::InvalidInput,
            tr("The reviews cannot support a fit: %1. Nothing was saved.").arg(QString::fromStdString(suggestion.fit.error)));

    MatchingVersionDraft draft;
    draft.params = *params;
    draft.params.weights = compute::weightsFromCoefficients(suggestion.fit.coefficients);
    // Rounded to 4 decimals so the stored weights read well, then the rounding error goes to the largest.
    double sum = 0;
    std::size_t largest = 0;
    for (std::size_t c = 0; c < draft.params.weights.size(); ++c) {
        draft.params.weights[c] = std::round(draft.params.weights[c] * 10000.0) / 10000.0;
        sum += draft.params.weights[c];
        if (draft.params.weights[c] > draft.params.weights[largest])
            largest = c;
    }
    draft.params.weights[largest] += 1.0 - sum;
    draft.version = QStringLiteral("%1-suggested-%2")
                        .arg(base->version, QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    draft.basedOn = base->version;
    draft.notes = tr("Suggested from %n reviewed proposals by logistic regression.", nullptr, int(labels.size()));
    const compute::LogisticFit &fit = suggestion.fit;
    QJsonObject coefficients, errors;
    for (int c = 0; c < compute::MatchComponentCount; ++c) {
        coefficients.insert(componentKeys()[std::size_t(c)], fit.coefficients[std::size_t(c)]);
        errors.insert(componentKeys()[std::size_t(c)], fit.standardErrors[std::size_t(c)]);
    }
    draft.trainingMetrics = QJsonObject { { QStringLiteral("fit"),
        QJsonObject { { QStringLiteral("method"), QStringLiteral("l2 logistic regression, 5-fold cv") },
            { QStringLiteral("coefficients"), coefficients }, { QStringLiteral("standard_errors"), errors },
            { QStringLiteral("intercept"), fit.intercept }, { QStringLiteral("intercept_se"), fit.interceptSe },
            { QStringLiteral("lambda"), fit.lambda }, { QStringLiteral("cv_log_loss"), fit.cvLogLoss },
            { QStringLiteral("cv_auc"), fit.cvAuc }, { QStringLiteral("n"), qint64(fit.n) },
            { QStringLiteral("converged"), fit.converged } } } };
    Result<RegistryVersion> created
        = m_db->runAndWait([draft, actor](Repository &r) { return ModelRegistry::createMatching(r, draft, actor); });
    if (!created)
        return created.error();
    suggestion.draft = *created;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QJsonObject context { { QStringLiteral("n"), qint64(fit.n) }, { QStringLiteral("lambda"), fit.lambda },
        { QStringLiteral("based_on"), base->version } };
    const QList<LearningPoint> points { { now, QStringLiteral("fit.cv_auc"), fit.cvAuc, created->id, created->version,
                                            QStringLiteral("overall"), context },
        { now, QStringLiteral("fit.cv_log_loss"), fit.cvLogLoss, created->id, created->version, QStringLiteral("overall"),
            context } };
    if (Result<void> r = m_db->runAndWait([points](Repository &repo) { return LearningStore::writeMetrics(repo, points); });
        !r)
        return r.error();
    control.setProgress(1.0);
    return suggestion;
}
