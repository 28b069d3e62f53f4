#include "core/secretstore.h"

#include <QCoroSignal>
#include <QLoggingCategory>

#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcSecrets, "sextant.secrets")

namespace {
// A key that is never written: reading it tells whether a keychain answers at all.
const QString ProbeKey = QStringLiteral("sextant-keychain-probe");
} // namespace

SecretStore::SecretStore(QObject *parent)
    : QObject(parent)
{
}

QString SecretStore::serviceName()
{
    return QStringLiteral("Sextant");
}

QCoro::Task<SecretStore::JobResult> SecretStore::runJob(Operation operation, QString key, QString secret)
{
    QKeychain::Job *job = nullptr;
    if (operation == Operation::Read) {
        job = new QKeychain::ReadPasswordJob(serviceName(), this);
    } else if (operation == Operation::Write) {
        auto *write = new QKeychain::WritePasswordJob(serviceName(), this);
        write->setTextData(secret);
        job = write;
    } else {
        job = new QKeychain::DeletePasswordJob(serviceName(), this);
    }
    job->setInsecureFallback(false); // the plaintext fallback would write the secret into a settings file
    // Not autoDelete: that posts a deferred delete beside QCoro's queued resume, and whatever flushes
    // deferred deletes first (QTest::qWait does) would delete the job and drop the resume with it.
    job->setAutoDelete(false);
    job->setKey(key);
    job->start();
    co_await qCoro(job, &QKeychain::Job::finished);

    JobResult result;
    switch (job->error()) {
    case QKeychain::NoError:
        result.outcome = Outcome::Done;
        if (operation == Operation::Read)
            result.text = static_cast<QKeychain::ReadPasswordJob *>(job)->textData();
        break;
    case QKeychain::EntryNotFound:
        result.outcome = Outcome::Missing;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        result.outcome = Outcome::Unavailable;
        result.text = job->errorString();
        break;
    default:
        result.outcome = Outcome::Failed;
        result.text = job->errorString();
        break;
    }
    job->deleteLater();
    co_return result;
}

void SecretStore::fallBack(const QString &reason)
{
    if (m_sessionOnly)
        return;
    qCInfo(lcSecrets, "no keychain available (%s); secrets are kept for this session only", qPrintable(reason));
    m_sessionOnly = true;
    Q_EMIT persistenceChanged(false);
}

QCoro::Task<Result<QString>> SecretStore::read(QString key)
{
    if (!m_sessionOnly) {
        const JobResult job = co_await runJob(Operation::Read, key, QString());
        if (job.outcome == Outcome::Done)
            co_return Result<QString>(job.text);
        if (job.outcome == Outcome::Missing)
            co_return Result<QString>(makeError(Error::NotFound, tr("No password is stored for %1.").arg(key)));
        if (job.outcome == Outcome::Failed)
            co_return Result<QString>(
                makeError(Error::Io, tr("The keychain refused to read the password: %1").arg(job.text)));
        fallBack(job.text);
    }
    const auto found = m_session.constFind(key);
    if (found == m_session.constEnd())
        co_return Result<QString>(makeError(Error::NotFound, tr("No password is stored for %1.").arg(key)));
    co_return Result<QString>(*found);
}

QCoro::Task<Result<void>> SecretStore::write(QString key, QString secret)
{
    if (!m_sessionOnly) {
        const JobResult job = co_await runJob(Operation::Write, key, secret);
        if (job.outcome == Outcome::Done)
            co_return Result<void>();
        if (job.outcome != Outcome::Unavailable)
            co_return Result<void>(
                makeError(Error::Io, tr("The keychain refused to store the password: %1").arg(job.text)));
        fallBack(job.text);
    }
    m_session.insert(key, secret);
    co_return Result<void>();
}

QCoro::Task<Result<void>> SecretStore::remove(QString key)
{
    if (!m_sessionOnly) {
        const JobResult job = co_await runJob(Operation::Remove, key, QString());
        if (job.outcome == Outcome::Done || job.outcome == Outcome::Missing)
            co_return Result<void>();
        if (job.outcome == Outcome::Failed)
            co_return Result<void>(
                makeError(Error::Io, tr("The keychain refused to remove the password: %1").arg(job.text)));
        fallBack(job.text);
    }
    m_session.remove(key);
    co_return Result<void>();
}

QCoro::Task<bool> SecretStore::detect()
{
    if (!m_sessionOnly) {
        const JobResult job = co_await runJob(Operation::Read, ProbeKey, QString());
        if (job.outcome == Outcome::Unavailable)
            fallBack(job.text);
    }
    co_return isPersistent();
}
