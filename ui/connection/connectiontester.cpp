#include "connection/connectiontester.h"

#include <QUuid>
#include <QtConcurrent>

ConnectionTester::ConnectionTester(QObject *parent)
    : QObject(parent)
{
}

void ConnectionTester::start(const PostgresSettings &settings)
{
    const quint64 generation = ++m_generation;
    setRunning(true);
    // A fresh name per probe: an abandoned probe may still hold its connection on another pool thread.
    const QString connection = QStringLiteral("sextant-probe-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    QtConcurrent::run(&PostgresWorkspace::probe, settings, connection)
        .then(this, [this, generation](const Result<ConnectionReport> &report) {
            if (generation != m_generation)
                return; // cancelled, or a newer test is running
            setRunning(false);
            if (report)
                Q_EMIT succeeded(*report);
            else
                Q_EMIT failed(report.error());
        });
}

void ConnectionTester::cancel()
{
    ++m_generation;
    setRunning(false);
}

void ConnectionTester::setRunning(bool running)
{
    if (m_running == running)
        return;
    m_running = running;
    Q_EMIT runningChanged(running);
}
