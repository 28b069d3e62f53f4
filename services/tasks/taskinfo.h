#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

// What the task runner knows about one task, as a value: the Tasks panel and tests read copies.
struct TaskInfo
{
    enum State {
        Queued, // waiting for a pool thread
        Running,
        Finished, // the job returned a value
        Failed, // the job returned an error (errorMessage)
        Cancelled, // cancel() or cancelAll(); its result was dropped
        Superseded, // a newer task with the same key replaced it; its result was dropped
    };

    quint64 id = 0; // unique per runner, increasing; 0 = no such task
    QString name; // for people: "Search 2,000 queries"
    QString key; // re-runnable jobs with the same key supersede each other; empty = independent
    State state = Queued;
    bool cancelRequested = false; // asked to stop, not stopped yet (the job polls within ~50 ms)
    double progress = -1.0; // [0, 1]; negative until the job reports any
    QString status; // the job's own line ("Block 3 of 8"), empty if it sets none
    QString errorMessage; // Failed only
    QDateTime submittedAt;
    QDateTime startedAt; // null while queued
    QDateTime finishedAt; // null while active
    qint64 elapsedMs = 0; // running time (queueing not counted), updated while it runs

    bool isActive() const { return state == Queued || state == Running; }
};

Q_DECLARE_METATYPE(TaskInfo)
