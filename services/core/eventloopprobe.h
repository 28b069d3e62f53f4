#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

// Measures how responsive the event loop of the thread it lives on is: a precise timer fires every
// intervalMs, and how late each timeout arrives is a stall the user would feel as a frozen window.
// Used by the task benchmark; cheap enough to run in the application for diagnostics.
class EventLoopProbe : public QObject
{
    Q_OBJECT
public:
    explicit EventLoopProbe(int intervalMs = 10, QObject *parent = nullptr);

    void start(); // also resets
    void stop();
    void reset();
    bool isRunning() const { return m_timer.isActive(); }

    double maxStallMs() const { return m_maxStallMs; } // the latest timeout beyond its schedule
    double meanStallMs() const { return m_samples ? m_totalStallMs / double(m_samples) : 0.0; }
    qint64 samples() const { return m_samples; }

private:
    void onTimeout();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    double m_maxStallMs = 0.0;
    double m_totalStallMs = 0.0;
    qint64 m_samples = 0;
};
