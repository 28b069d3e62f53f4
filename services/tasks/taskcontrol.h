#pragma once

#include "compute/control.h"

#include <QMutex>
#include <QString>

#include <atomic>
#include <functional>

// The handle a running job steers by. It lives as long as the longest of the job and the runner's
// record; every member is thread-safe. The job calls the setters as often as it likes from its pool
// thread: they only store values, which the runner publishes on its own thread about ten times a second.
// A job that sees isCancelled() should return soon (within ~50 ms of work), with any value: the runner
// drops the result of a cancelled task (returning Error::Cancelled is customary).
class TaskControl
{
public:
    TaskControl();

    bool isCancelled() const { return m_cancel.load(std::memory_order_relaxed); }
    // The same flag as a predicate, for DatabaseWorker::runAndWait(): a long statement is stopped on the
    // server when the job is cancelled, not only between statements. Valid while the job runs.
    std::function<bool()> cancelled() const
    {
        return [this] { return isCancelled(); };
    }
    void setProgress(double fraction); // clamped to [0, 1]
    void setStatus(const QString &status);
    // For the compute core: polls the same cancel flag and forwards progress to setProgress().
    compute::Control control();

private:
    friend class TaskRunner;
    enum Phase { Queued, Running, Done };
    void requestCancel() { m_cancel.store(true, std::memory_order_relaxed); }
    // Exactly one of these wins: the pool thread starting the job, or a cancel while still queued.
    bool claim(Phase from, Phase to);
    double progress() const { return m_progress.load(std::memory_order_relaxed); }
    // The status and whether it changed since the last call.
    bool takeStatus(QString *status);
    qint64 startedMs() const { return m_startedMs.load(); } // steady clock, 0 = not started
    qint64 endedMs() const { return m_endedMs.load(); } // steady clock, 0 = the job has not returned
    static qint64 steadyMs();

    std::atomic<bool> m_cancel { false };
    std::atomic<int> m_phase { Queued };
    std::atomic<double> m_progress { -1.0 };
    std::atomic<qint64> m_startedMs { 0 };
    std::atomic<qint64> m_endedMs { 0 };
    mutable QMutex m_statusMutex;
    QString m_status;
    bool m_statusChanged = false;
};
