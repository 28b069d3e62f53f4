#include "ai/usageledger.h"
#include "db/databaseworker.h"
#include "db/repository.h"
#include "ai/usagestore.h"

UsageLedger::UsageLedger(DatabaseWorker *worker, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &UsageLedger::flush);
}

UsageLedger::~UsageLedger()
{
    if (!m_pending.isEmpty()) // queued on the database thread, which outlives this object's owner
        m_worker->run([rows = m_pending](Repository &r) -> Result<void> {
            return UsageStore::append(r, rows);
        });
}

void UsageLedger::record(const ApiUsage &usage)
{
    m_promptTokens += usage.promptTokens;
    m_completionTokens += usage.completionTokens;
    m_pending << usage;
    if (!m_timer.isActive())
        m_timer.start();
}

void UsageLedger::recordCache(const QString &model, const QString &task, int hits, int misses)
{
    if (hits + misses == 0)
        return;
    ApiUsage usage;
    usage.at = QDateTime::currentDateTimeUtc();
    usage.endpoint = QStringLiteral("cache");
    usage.model = model;
    usage.task = task;
    usage.inputs = hits + misses;
    usage.cachedInputs = hits;
    record(usage);
}

void UsageLedger::flush()
{
    m_timer.stop();
    if (m_pending.isEmpty())
        return;
    const QList<ApiUsage> rows = std::exchange(m_pending, {});
    m_worker->call(
        this,
        [rows](Repository &r) -> Result<void> {
            return UsageStore::append(r, rows);
        },
        [this](const Result<void> &result) {
            if (result)
                Q_EMIT written();
            else
                Q_EMIT writeFailed(result.errorMessage());
        });
}

void UsageLedger::totals(DatabaseWorker *db, QObject *context, const QDate &since, Reply<QList<UsageTotals>> done)
{
    db->call(context, [since](Repository &repository) { return UsageStore::totals(repository, since); }, std::move(done));
}
