#include "archetypes/bulkevaluation.h"

#include "archetypes/archetypeevaluator.h"
#include "db/databaseworker.h"
#include "archetypes/evaluationstore.h"
#include "db/repository.h"
#include "tasks/taskrunner.h"

#include <QCoroFuture>
#include <QLocale>
#include <QLoggingCategory>

#include <vector>

Q_LOGGING_CATEGORY(lcBulkEvaluation, "sextant.openai.evaluate")

// Every awaited call is made in a statement of its own and awaited as a named local: GCC 12 destroys
// temporaries of a full-expression that contains co_await twice.
namespace {
constexpr qsizetype LoadChunk = 50;

// Runs f(EvaluationStore&) on the database thread.
template<typename F> auto onStore(DatabaseWorker &db, F f)
{
    using R = std::invoke_result_t<F, EvaluationStore &>;
    return db.run([f = std::move(f)](Repository &repo) -> R {
        EvaluationStore store(repo);
        return f(store);
    });
}
} // namespace

BulkEvaluation::BulkEvaluation(
    DatabaseWorker &database, ArchetypeEvaluator &evaluator, TaskRunner *runner, QObject *parent)
    : QObject(parent)
    , m_db(database)
    , m_evaluator(evaluator)
    , m_runner(runner)
{
}

void BulkEvaluation::cancel()
{
    if (!m_running)
        return;
    m_summary.cancelled = true;
    m_cancel.cancel();
}

void BulkEvaluation::stop(const Error &error)
{
    if (!m_summary.error && error.code != Error::Cancelled) {
        qCWarning(lcBulkEvaluation) << "bulk evaluation stopped:" << error.message;
        m_summary.error = error;
    }
    m_cancel.cancel();
}

QCoro::Task<BulkEvaluationSummary> BulkEvaluation::run(BulkEvaluationOptions options)
{
    if (m_running)
        co_return BulkEvaluationSummary { .error
            = makeError(Error::Conflict, tr("An evaluation run is already going.")) };
    m_running = true;
    m_options = std::move(options);
    m_options.inFlight = std::clamp(m_options.inFlight, 1, 64);
    m_summary = BulkEvaluationSummary();
    m_cancel = CancelToken();
    m_done = 0;
    m_clock.start();
    if (m_runner) {
        const TaskRunner::ExternalTask task
            = m_runner->begin(tr("Evaluate memories"), QStringLiteral("evaluate-memories"), [this] { cancel(); });
        m_taskId = task.id;
        m_control = task.control;
        m_control->setStatus(tr("Finding memories to evaluate…"));
    }

    const QString model = m_evaluator.model(), version = m_evaluator.promptVersion();
    QList<QUuid> ids = m_options.ids;
    if (ids.isEmpty() || m_options.skipDone) {
        const QList<QUuid> among = m_options.ids;
        QFuture<Result<QList<QUuid>>> pending = onStore(
            m_db, [=](EvaluationStore &store) { return store.memoriesLackingEvaluations(0, model, version, among); });
        const Result<QList<QUuid>> lacking = co_await pending;
        if (!lacking)
            stop(lacking.error());
        else
            ids = *lacking;
        m_summary.alreadyDone = m_options.ids.isEmpty() ? 0 : int(m_options.ids.size() - ids.size());
    }
    m_pending = m_summary.error ? QList<QUuid>() : ids;
    m_summary.total = int(m_pending.size());
    report();

    std::vector<QCoro::Task<void>> workers;
    for (int i = 0; i < m_options.inFlight; ++i)
        workers.push_back(worker()); // QCoro tasks start at once: these run side by side
    for (QCoro::Task<void> &w : workers)
        co_await w;

    m_summary.elapsedMs = m_clock.elapsed();
    if (m_runner) {
        std::optional<Error> error = m_summary.error;
        if (!error && m_summary.cancelled)
            error = makeError(Error::Cancelled, tr("The evaluation was cancelled."));
        m_runner->end(m_taskId, error);
        m_control.reset();
    }
    m_running = false;
    qCInfo(lcBulkEvaluation) << "bulk evaluation:" << m_summary.evaluated << "evaluated," << m_summary.failed
                             << "failed," << m_summary.requests << "requests in" << m_summary.elapsedMs << "ms";
    Q_EMIT finished(m_summary);
    co_return m_summary;
}

QCoro::Task<QList<Memory>> BulkEvaluation::take()
{
    // Small chunks near the end, so no worker sits idle while another still holds a long queue.
    const qsizetype size = std::clamp<qsizetype>(m_pending.size() / (2 * qsizetype(m_options.inFlight)), 1, LoadChunk);
    const QList<QUuid> chunk = m_pending.mid(0, size);
    m_pending.remove(0, chunk.size()); // taken before the await, so no other worker loads them
    QFuture<Result<QList<Memory>>> pending
        = onStore(m_db, [chunk](EvaluationStore &store) { return store.memoriesForEvaluation(chunk); });
    const Result<QList<Memory>> loaded = co_await pending;
    if (!loaded) {
        stop(loaded.error());
        co_return QList<Memory>();
    }
    m_done += int(chunk.size() - loaded->size()); // deleted meanwhile: nothing to do
    co_return *loaded;
}

QCoro::Task<void> BulkEvaluation::worker()
{
    QList<Memory> mine;
    while (!m_cancel.isCancelled()) {
        if (mine.isEmpty()) {
            if (m_pending.isEmpty())
                co_return;
            QCoro::Task<QList<Memory>> taking = take();
            mine = co_await taking;
            continue;
        }
        const Memory memory = mine.takeFirst();
        QCoro::Task<EvaluationOutcome> evaluation = m_evaluator.evaluate(memory, m_cancel);
        EvaluationOutcome outcome = co_await evaluation;
        m_summary.requests += outcome.requests;
        m_summary.promptTokens += outcome.promptTokens;
        m_summary.completionTokens += outcome.completionTokens;
        QCoro::Task<bool> handling = handle(memory, std::move(outcome));
        const bool goOn = co_await handling;
        if (!goOn)
            co_return;
        ++m_done;
        report();
    }
}

QCoro::Task<bool> BulkEvaluation::handle(const Memory &memory, EvaluationOutcome outcome)
{
    switch (outcome.status) {
    case EvaluationOutcome::NotEvaluated:
        stop(outcome.error);
        co_return false;
    case EvaluationOutcome::Invalid: {
        const EvaluationFailure failure = outcome.failure;
        QFuture<Result<void>> pending
            = onStore(m_db, [failure](EvaluationStore &store) { return store.recordFailure(failure); });
        const Result<void> r = co_await pending;
        if (!r) {
            stop(r.error());
            co_return false;
        }
        ++m_summary.failed;
        Q_EMIT memoryFailed(memory.id, failure.reason);
        co_return true;
    }
    case EvaluationOutcome::Evaluated:
        break;
    }
    const QUuid id = memory.id;
    const QList<Evaluation> evaluations = outcome.evaluations;
    const QString actor = m_options.actor;
    QFuture<Result<EvaluationStore::Written>> pending
        = onStore(m_db, [=](EvaluationStore &store) { return store.write(id, evaluations, actor); });
    const Result<EvaluationStore::Written> written = co_await pending;
    if (!written) {
        if (written.error().code == Error::NotFound) // deleted while it was being evaluated
            co_return true;
        stop(written.error());
        co_return false;
    }
    ++m_summary.evaluated;
    Q_EMIT memoryEvaluated(id, written->priority);
    co_return true;
}

void BulkEvaluation::report()
{
    Q_EMIT progress(m_done, m_summary.total);
    if (!m_control)
        return;
    m_control->setProgress(m_summary.total > 0 ? double(m_done) / m_summary.total : 1.0);
    const QLocale locale;
    m_control->setStatus(
        tr("%1 of %Ln memories evaluated, %2 failed validation", nullptr, int(m_summary.total))
            .arg(locale.toString(qint64(m_summary.evaluated)), locale.toString(qint64(m_summary.failed))));
}
