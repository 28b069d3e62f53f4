#pragma once

#include <QObject>
#include <QTimer>

class Repository;
class StallWatchdog;

// Watches a remote repository's connection from the database thread: one cheap ping a second while
// connected; after a failure it reports the outage and retries with exponential backoff (0.5 s doubling
// to 10 s) until the repository reconnects, then reports that too so views can resynchronise. A ping that meets a
// quiet network is watched like any call (`watchdog`, slot 0: the interactive lane), so a stall is reported too.
class ConnectionMonitor : public QObject
{
    Q_OBJECT
public:
    static constexpr int HeartbeatMs = 1000;
    static constexpr int FirstRetryMs = 500;
    static constexpr int MaxRetryMs = 10000;

    ConnectionMonitor(Repository *repository, StallWatchdog *watchdog, QObject *parent = nullptr);

    bool isConnected() const { return m_connected; }
    static int retryDelay(int attempt); // 500, 1000, 2000, … capped at MaxRetryMs

Q_SIGNALS:
    void lost(const QString &message);
    void retrying(int attempt, int delayMs, const QString &message);
    void restored();

private:
    void check();
    void retry();

    Repository *m_repository;
    StallWatchdog *m_watchdog;
    QTimer m_heartbeat;
    QTimer m_retry;
    int m_attempt = 0;
    bool m_connected = true;
};
