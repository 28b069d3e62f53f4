#include "archetypes/strategyservice.h"

#include "db/databaseworker.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskrunner.h"

namespace {
Error notYet()
{
    return makeError(Error::Internal, StrategyService::tr("Not yet available."));
}
} // namespace

StrategyService::StrategyService(DatabaseWorker *db, TaskRunner *tasks, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_tasks(tasks)
{
}

void StrategyService::setEmbedder(Embedder *embedder)
{
    m_embedder = embedder;
}

void StrategyService::strategies(QObject *context, Reply<QList<WeightingStrategy>> done) const
{
    m_db->call(
        context,
        [](Repository &) -> Result<QList<WeightingStrategy>> {
            return QList<WeightingStrategy> { WeightingStrategy::defaultStrategy() };
        },
        std::move(done));
}

void StrategyService::save(QObject *context, const WeightingStrategy &s, const QString &, Reply<WeightingStrategy> done)
{
    m_db->call(
        context,
        [s](Repository &) -> Result<WeightingStrategy> {
            if (Result<void> ok = WeightingStrategy::validate(s); !ok)
                return ok.error();
            return notYet();
        },
        std::move(done));
}

void StrategyService::remove(QObject *context, const QUuid &, const QString &, Reply<void> done)
{
    m_db->call(
        context, [](Repository &) -> Result<void> { return notYet(); }, std::move(done));
}

void StrategyService::priorities(
    QObject *context, const WeightingStrategy &, int, double, int, Reply<PriorityOverview> done) const
{
    m_db->call(
        context, [](Repository &) -> Result<PriorityOverview> { return notYet(); }, std::move(done));
}

quint64 StrategyService::startPreview(const WeightingStrategy &, double, QObject *, Reply<StrategyPreview>)
{
    return 0;
}

quint64 StrategyService::startApply(const WeightingStrategy &, const QString &, QObject *, Reply<QUuid>)
{
    return 0;
}

quint64 StrategyService::startUndo(const QUuid &, const QString &, QObject *, Reply<qint64>)
{
    return 0;
}

void StrategyService::simulate(
    QObject *context, const QString &, bool, const WeightingStrategy &, int, Reply<SimulationResult> done) const
{
    m_db->call(
        context, [](Repository &) -> Result<SimulationResult> { return notYet(); }, std::move(done));
}

void StrategyService::applications(QObject *context, Reply<QList<StrategyApplication>> done) const
{
    m_db->call(
        context, [](Repository &) -> Result<QList<StrategyApplication>> { return QList<StrategyApplication> {}; },
        std::move(done));
}

Result<StrategyPreview> StrategyService::preview(const WeightingStrategy &, double, TaskControl &) const
{
    return notYet();
}

Result<QUuid> StrategyService::apply(const WeightingStrategy &, const QString &, TaskControl &)
{
    return notYet();
}

Result<qint64> StrategyService::undo(const QUuid &, const QString &, TaskControl &)
{
    return notYet();
}
