#pragma once

#include "core/result.h"

#include <QCoroTask>
#include <QHash>
#include <QObject>
#include <QString>

// Passwords in the OS keychain through QtKeychain (service "Sextant"). Where no keychain service runs
// (no D-Bus session, no Secret Service or KWallet), secrets are kept in memory for this process only
// and isPersistent() turns false, so the UI can say so. A secret is never written to QSettings (the
// QtKeychain plaintext fallback stays off) and never logged.
// Lives on the thread that created it (the UI thread); keep it alive until its tasks have finished.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    explicit SecretStore(QObject *parent = nullptr);

    static QString serviceName();

    // Error::NotFound when nothing is stored under `key`.
    QCoro::Task<Result<QString>> read(QString key);
    QCoro::Task<Result<void>> write(QString key, QString secret);
    // Removing a key that holds nothing succeeds.
    QCoro::Task<Result<void>> remove(QString key);
    // Asks the keychain once, so that isPersistent() is known before the first real read or write.
    QCoro::Task<bool> detect();

    // True until the keychain has turned out to be missing; from then on for the rest of the process false.
    bool isPersistent() const { return !m_sessionOnly; }

Q_SIGNALS:
    // Emitted once, when the store falls back to keeping secrets for this session only.
    void persistenceChanged(bool persistent);

private:
    enum class Outcome { Done, Missing, Unavailable, Failed };
    struct JobResult
    {
        Outcome outcome = Outcome::Failed;
        QString text; // the secret for a read, else the keychain's error description
    };
    enum class Operation { Read, Write, Remove };

    QCoro::Task<JobResult> runJob(Operation operation, QString key, QString secret);
    void fallBack(const QString &reason);

    QHash<QString, QString> m_session; // the session-only store, used once m_sessionOnly is set
    bool m_sessionOnly = false;
};
