#include "archetypes/archetypedashboard.h"

#include "db/databaseworker.h"
#include "tasks/taskrunner.h"

namespace {

Error notYet()
{
    return makeError(Error::Internal, QStringLiteral("not yet"));
}

} // namespace

ArchetypeDashboardService::ArchetypeDashboardService(DatabaseWorker *db, TaskRunner *tasks, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_tasks(tasks)
{
}

ArchetypeDashboardService::~ArchetypeDashboardService() = default;

void ArchetypeDashboardService::setEvaluator(ArchetypeEvaluator *evaluator)
{
    m_evaluator = evaluator;
}

void ArchetypeDashboardService::overview(QObject *context, int windowDays, Reply<ArchetypeOverview> done) const
{
    Q_UNUSED(windowDays);
    m_db->call(context, [](Repository &) -> Result<ArchetypeOverview> { return notYet(); }, std::move(done));
}

void ArchetypeDashboardService::series(
    QObject *context, int, int, const QDate &, const QDate &, Reply<MetricSeries> done) const
{
    m_db->call(context, [](Repository &) -> Result<MetricSeries> { return notYet(); }, std::move(done));
}

void ArchetypeDashboardService::distributions(
    QObject *context, const MemoryFilter &, int, Reply<QList<MetricDistribution>> done) const
{
    m_db->call(context, [](Repository &) -> Result<QList<MetricDistribution>> { return notYet(); }, std::move(done));
}

quint64 ArchetypeDashboardService::startDrift(const DriftRequest &, QObject *context, Reply<QList<DriftRow>> done)
{
    if (!m_tasks)
        return 0;
    return m_tasks->run(
        QStringLiteral("drift"), QStringLiteral("archetypes.drift"),
        [](TaskControl &) -> Result<QList<DriftRow>> { return notYet(); }, context, std::move(done));
}

void ArchetypeDashboardService::monitor(QObject *context, Reply<QList<EvaluationMonitorRow>> done) const
{
    m_db->call(context, [](Repository &) -> Result<QList<EvaluationMonitorRow>> { return notYet(); }, std::move(done));
}

void ArchetypeDashboardService::failures(QObject *context, int, int, Reply<QList<EvaluationFailure>> done) const
{
    m_db->call(context, [](Repository &) -> Result<QList<EvaluationFailure>> { return notYet(); }, std::move(done));
}

quint64 ArchetypeDashboardService::startRetry(const QList<QUuid> &, QObject *context, Reply<int> done)
{
    if (!m_tasks)
        return 0;
    return m_tasks->run(QStringLiteral("retry"), QString(), [](TaskControl &) -> Result<int> { return notYet(); },
        context, std::move(done));
}
