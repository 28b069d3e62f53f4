#include "tasks/taskcontrol.h"

#include <algorithm>
#include <chrono>

TaskControl::TaskControl() = default;

void TaskControl::setProgress(double fraction)
{
    m_progress.store(std::clamp(fraction, 0.0, 1.0), std::memory_order_relaxed);
}

void TaskControl::setStatus(const QString &status)
{
    QMutexLocker lock(&m_statusMutex);
    if (status == m_status)
        return;
    m_status = status;
    m_statusChanged = true;
}

compute::Control TaskControl::control()
{
    return compute::Control { &m_cancel, [this](double fraction) { setProgress(fraction); } };
}

bool TaskControl::claim(Phase from, Phase to)
{
    int expected = from;
    if (!m_phase.compare_exchange_strong(expected, to))
        return false;
    if (to == Running)
        m_startedMs.store(steadyMs());
    else if (from == Running)
        m_endedMs.store(steadyMs());
    return true;
}

bool TaskControl::takeStatus(QString *status)
{
    QMutexLocker lock(&m_statusMutex);
    if (!m_statusChanged)
        return false;
    *status = m_status;
    m_statusChanged = false;
    return true;
}

qint64 TaskControl::steadyMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
