#include "fairness/fairnessservice.h"

#include "db/databaseworker.h"
#include "tasks/taskcontrol.h"
#include "tasks/taskrunner.h"

namespace {

Error notYet()
{
    return makeError(Error::Internal, FairnessService::tr("Fairness reports are not available yet."));
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

void FairnessService::attributes(QObject *, Reply<QStringList> done) const
{
    done(notYet());
}

quint64 FairnessService::startReport(const FairnessRequest &, const QString &, QObject *, Reply<FairnessReport> done)
{
    done(notYet());
    return 0;
}

void FairnessService::reports(QObject *, Reply<QList<FairnessReport>> done) const
{
    done(notYet());
}

void FairnessService::report(QObject *, const QUuid &, Reply<FairnessReport> done) const
{
    done(notYet());
}

void FairnessService::biasQueue(QObject *, const QString &, const QString &, const QString &,
    Reply<QList<BiasScanItem>> done) const
{
    done(notYet());
}

quint64 FairnessService::startScan(const QString &, bool, QObject *, Reply<int> done)
{
    done(notYet());
    return 0;
}

void FairnessService::decideBias(
    QObject *, const QUuid &, const QString &, const QString &, const QString &, Reply<void> done)
{
    done(notYet());
}

Result<FairnessReport> FairnessService::buildReport(const FairnessRequest &, const QString &, TaskControl &) const
{
    return notYet();
}

Result<int> FairnessService::scan(const QString &, bool, TaskControl &) const
{
    return notYet();
}

QString FairnessService::toCsv(const FairnessReport &)
{
    return QString();
}

QString FairnessService::toHtml(const FairnessReport &)
{
    return QString();
}
