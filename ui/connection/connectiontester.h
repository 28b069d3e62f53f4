#pragma once

#include "db/postgresworkspace.h"

#include <QObject>

// Runs PostgresWorkspace::probe on a pool thread, one test at a time from the dialog's point of view.
// A new start() or cancel() drops the result of the test before it: the probe itself cannot be
// interrupted and finishes on its thread (at most libpq's connect timeout), unseen.
class ConnectionTester : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionTester(QObject *parent = nullptr);

    void start(const PostgresSettings &settings);
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void runningChanged(bool running);
    void succeeded(const ConnectionReport &report);
    void failed(const Error &error);

private:
    void setRunning(bool running);

    quint64 m_generation = 0;
    bool m_running = false;
};
