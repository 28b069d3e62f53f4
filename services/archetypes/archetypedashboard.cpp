#include "archetypes/archetypedashboard.h"

#include "archetypes/bulkevaluation.h"
#include "archetypes/dashboardqueries.h"
#include "db/databaseworker.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskrunner.h"

#include <QCoroTask>
#include <QPointer>
#include <QTimer>

#include <algorithm>

namespace {

// Bulk evaluations notify once per memory; the page refreshes at most this often.
constexpr int RefreshCoalesceMs = 300;

Error dashboardsClosed()
{
    return makeError(Error::Cancelled, ArchetypeDashboardService::tr("The archetype dashboards were closed."));
}

QList<DriftRow> driftRows(const DashboardQueries::DriftCells &cells, bool splitByVersion)
{
    QList<DriftRow> rows;
    for (int a = 0; a < Archetypes::Count; ++a) {
        for (int metric = 0; metric < ArchetypeMetrics::Count; ++metric) {
            const BinnedValues &baseline = cells.baseline[size_t(a)][size_t(metric)];
            const BinnedValues &recent = cells.recent[size_t(a)][size_t(metric)];
            if (baseline.n == 0 || recent.n == 0)
                continue;
            rows << driftRow(a, metric, baseline, recent);
            if (!splitByVersion)
                continue;
            for (auto it = cells.recentByVersion.cbegin(); it != cells.recentByVersion.cend(); ++it) {
                const BinnedValues &mine = it.value()[size_t(a)][size_t(metric)];
                if (mine.n == 0)
                    continue;
                DriftRow row = driftRow(a, metric, baseline, mine);
                row.model = it.key().first;
                row.promptVersion = it.key().second;
                rows << row;
            }
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const DriftRow &x, const DriftRow &y) {
        if (x.strength != y.strength)
            return x.strength > y.strength;
        return std::abs(x.meanShiftSd) > std::abs(y.meanShiftSd);
    });
    return rows;
}

} // namespace

ArchetypeDashboardService::ArchetypeDashboardService(DatabaseWorker *db, TaskRunner *tasks, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_tasks(tasks)
{
    if (!m_db)
        return;
    auto *coalesce = new QTimer(this);
    coalesce->setSingleShot(true);
    coalesce->setInterval(RefreshCoalesceMs);
    connect(coalesce, &QTimer::timeout, this, &ArchetypeDashboardService::evaluationsChanged);
    connect(m_db, &DatabaseWorker::changed, this, [coalesce](const ChangeNotice &notice) {
        if (notice.table == QLatin1String("evaluations") && !coalesce->isActive())
            coalesce->start();
    });
}

ArchetypeDashboardService::~ArchetypeDashboardService() = default;

void ArchetypeDashboardService::setEvaluator(ArchetypeEvaluator *evaluator)
{
    m_evaluator = evaluator;
}

void ArchetypeDashboardService::overview(QObject *context, int windowDays, Reply<ArchetypeOverview> done) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_db->call(
        context, [windowDays, now](Repository &r) { return DashboardQueries::overview(r, windowDays, now); },
        std::move(done));
}

void ArchetypeDashboardService::series(
    QObject *context, int archetype, int metric, const QDate &from, const QDate &to, Reply<MetricSeries> done) const
{
    m_db->call(
        context, [=](Repository &r) { return DashboardQueries::series(r, archetype, metric, from, to); },
        std::move(done));
}

void ArchetypeDashboardService::distributions(
    QObject *context, const MemoryFilter &filter, int archetype, Reply<QList<MetricDistribution>> done) const
{
    m_db->call(
        context, [filter, archetype](Repository &r) { return DashboardQueries::distributions(r, filter, archetype); },
        std::move(done));
}

quint64 ArchetypeDashboardService::startDrift(
    const DriftRequest &request, QObject *context, Reply<QList<DriftRow>> done)
{
    if (!m_tasks)
        return 0;
    QPointer<ArchetypeDashboardService> self(this);
    DatabaseWorker *db = m_db;
    return m_tasks->run(
        tr("Archetype drift"), QStringLiteral("archetypes.drift"),
        [self, db, request](TaskControl &control) -> Result<QList<DriftRow>> {
            if (!self)
                return dashboardsClosed();
            control.setStatus(tr("Reading the windows"));
            Result<DashboardQueries::DriftCells> cells
                = db->runAndWait([request](Repository &r) { return DashboardQueries::driftCells(r, request); },
                    control.cancelled());
            if (!cells)
                return cells.error();
            if (control.isCancelled())
                return makeError(Error::Cancelled, tr("The drift table was cancelled."));
            control.setStatus(tr("Comparing the windows"));
            control.setProgress(0.8);
            QList<DriftRow> rows = driftRows(*cells, request.splitByVersion);
            control.setProgress(1);
            return rows;
        },
        context, std::move(done));
}

void ArchetypeDashboardService::monitor(QObject *context, Reply<QList<EvaluationMonitorRow>> done) const
{
    m_db->call(
        context, [](Repository &r) { return DashboardQueries::monitor(r); }, std::move(done));
}

void ArchetypeDashboardService::failures(
    QObject *context, int archetype, int limit, Reply<QList<EvaluationFailure>> done) const
{
    m_db->call(
        context, [archetype, limit](Repository &r) { return DashboardQueries::failures(r, archetype, limit); },
        std::move(done));
}

quint64 ArchetypeDashboardService::startRetry(const QList<QUuid> &memoryIds, QObject *context, Reply<int> done)
{
    const auto fail = [context, &done](const Error &error) {
        QMetaObject::invokeMethod(
            context, [done = std::move(done), error] { done(error); }, Qt::QueuedConnection);
        return quint64(0);
    };
    if (!m_evaluator)
        return fail(makeError(
            Error::InvalidInput, tr("No evaluator is set up: connect an AI endpoint to evaluate memories again.")));
    if (memoryIds.isEmpty())
        return fail(makeError(Error::InvalidInput, tr("Choose the failed evaluations to try again.")));
    // The run owns itself: it lives until its summary is in, then goes.
    auto *run = new BulkEvaluation(*m_db, *m_evaluator, m_tasks, this);
    BulkEvaluationOptions options;
    options.ids = memoryIds;
    options.skipDone = false;
    QPointer<QObject> guard(context);
    QPointer<ArchetypeDashboardService> self(this);
    QCoro::connect(run->run(options), run, [run, guard, self, done = std::move(done)](const BulkEvaluationSummary &s) {
        run->deleteLater();
        if (self)
            Q_EMIT self->evaluationsChanged();
        if (!guard)
            return;
        if (s.error)
            done(*s.error);
        else if (s.cancelled)
            done(makeError(Error::Cancelled, tr("Evaluating again was cancelled.")));
        else
            done(s.evaluated);
    });
    return run->taskId();
}
