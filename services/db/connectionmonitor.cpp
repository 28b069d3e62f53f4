#include "db/connectionmonitor.h"
#include "db/repository.h"
#include "db/stallwatchdog.h"

#include <algorithm>

ConnectionMonitor::ConnectionMonitor(Repository *repository, StallWatchdog *watchdog, QObject *parent)
    : QObject(parent)
    , m_repository(repository)
    , m_watchdog(watchdog)
{
    m_heartbeat.setInterval(HeartbeatMs);
    m_retry.setSingleShot(true);
    connect(&m_heartbeat, &QTimer::timeout, this, &ConnectionMonitor::check);
    connect(&m_retry, &QTimer::timeout, this, &ConnectionMonitor::retry);
    m_heartbeat.start();
}

int ConnectionMonitor::retryDelay(int attempt)
{
    return std::min(MaxRetryMs, FirstRetryMs << std::min(attempt, 8));
}

void ConnectionMonitor::check()
{
    if (!m_connected)
        return;
    const quint64 call = m_watchdog ? m_watchdog->begin(0, m_repository->database()) : 0;
    Result<void> alive = m_repository->ping();
    if (m_watchdog) {
        if (std::optional<Error> stalled = m_watchdog->settle(0, call, alive ? nullptr : &alive.error()))
            alive = *stalled;
    }
    if (alive)
        return;
    m_connected = false;
    m_attempt = 0;
    m_heartbeat.stop();
    Q_EMIT lost(alive.error().message);
    m_retry.start(retryDelay(0));
    Q_EMIT retrying(1, retryDelay(0), alive.error().message);
}

void ConnectionMonitor::retry()
{
    const Result<void> reopened = m_repository->reconnect();
    if (!reopened) {
        ++m_attempt;
        const int delay = retryDelay(m_attempt);
        m_retry.start(delay);
        Q_EMIT retrying(m_attempt + 1, delay, reopened.error().message);
        return;
    }
    m_connected = true;
    m_heartbeat.start();
    Q_EMIT restored();
}
