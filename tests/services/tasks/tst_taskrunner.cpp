#include "core/eventloopprobe.h"
#include "tasks/taskrunner.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#include <atomic>

namespace {
// A job that works in 2 ms steps for up to `steps` steps, reporting progress, until cancelled.
// Returns the number of steps done, or Cancelled.
auto pollingJob(int steps, std::shared_ptr<std::atomic<bool>> started = {})
{
    return [steps, started](TaskControl &control) -> Result<int> {
        if (started)
            started->store(true);
        for (int i = 0; i < steps; ++i) {
            if (control.isCancelled())
                return makeError(Error::Cancelled, QStringLiteral("cancelled"));
            control.setProgress(double(i) / steps);
            control.setStatus(QStringLiteral("step %1").arg(i));
            QThread::msleep(2);
        }
        return steps;
    };
}

bool waitForState(TaskRunner &runner, quint64 id, TaskInfo::State state, int timeoutMs = 10000)
{
    return QTest::qWaitFor([&] { return runner.task(id).state == state; }, timeoutMs);
}
} // namespace

// Progress, cancellation and generation semantics of TaskRunner. Timings are printed, not asserted:
// tests/bench/run tasks measures cancellation latency against its 200 ms goal.
class TestTaskRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deliversResultOnContextThread()
    {
        TaskRunner runner;
        QObject context;
        std::optional<Result<int>> delivered;
        QThread *deliveredOn = nullptr;
        const quint64 id = runner.run(
            QStringLiteral("answer"), QString(), [](TaskControl &) -> Result<int> { return 42; }, &context,
            [&](Result<int> result) {
                delivered = std::move(result);
                deliveredOn = QThread::currentThread();
            });
        QVERIFY(!delivered); // never synchronously inside run()
        QCOMPARE(runner.activeCount(), 1);
        QTRY_VERIFY(delivered.has_value());
        QVERIFY(delivered->ok());
        QCOMPARE(delivered->value(), 42);
        QCOMPARE(deliveredOn, QThread::currentThread());
        const TaskInfo info = runner.task(id);
        QCOMPARE(info.state, TaskInfo::Finished);
        QCOMPARE(info.progress, 1.0);
        QVERIFY(info.finishedAt.isValid());
        QCOMPARE(runner.activeCount(), 0);
    }

    void progressAndStatusArePublished()
    {
        TaskRunner runner;
        QSignalSpy changed(&runner, &TaskRunner::taskChanged);
        const quint64 id = runner.run(QStringLiteral("slow"), QString(), pollingJob(400), &runner, [](Result<int>) {});
        QTRY_VERIFY_WITH_TIMEOUT(runner.task(id).progress > 0.1, 5000);
        const TaskInfo running = runner.task(id);
        QCOMPARE(running.state, TaskInfo::Running);
        QVERIFY(running.status.startsWith(QStringLiteral("step ")));
        QVERIFY(running.startedAt.isValid());
        QVERIFY(waitForState(runner, id, TaskInfo::Finished));
        // Coalesced: about ten updates a second, not one per setProgress() call (400 here).
        qInfo("taskChanged emitted %lld times for 400 progress reports", qlonglong(changed.count()));
        QVERIFY(changed.count() < 200);
        QVERIFY(runner.task(id).elapsedMs >= 800);
    }

    void cancelStopsPollingJob()
    {
        TaskRunner runner;
        bool called = false;
        auto started = std::make_shared<std::atomic<bool>>(false);
        const quint64 id = runner.run(QStringLiteral("endless"), QString(), pollingJob(1000000, started), &runner,
            [&](Result<int>) { called = true; });
        QTRY_VERIFY(started->load());
        QSignalSpy finished(&runner, &TaskRunner::taskFinished);
        QElapsedTimer latency;
        latency.start();
        runner.cancel(id);
        QCOMPARE(runner.task(id).cancelRequested, true);
        QVERIFY(runner.task(id).isActive()); // until the job has actually stopped
        QVERIFY(finished.wait(5000)); // returns as soon as the signal arrives: a fair latency reading
        qInfo("cancel() to Cancelled: %.1f ms", latency.nsecsElapsed() / 1e6);
        QCOMPARE(finished.first().first().value<TaskInfo>().state, TaskInfo::Cancelled);
        QCOMPARE(runner.task(id).state, TaskInfo::Cancelled);
        QTest::qWait(50);
        QVERIFY(!called);
        QCOMPARE(runner.activeCount(), 0);
    }

    void cancelWhileQueuedNeverRuns()
    {
        TaskRunner runner;
        runner.pool()->setMaxThreadCount(1);
        auto blockerStarted = std::make_shared<std::atomic<bool>>(false);
        const quint64 blocker = runner.run(
            QStringLiteral("blocker"), QString(), pollingJob(1000000, blockerStarted), &runner, [](Result<int>) {});
        auto queuedStarted = std::make_shared<std::atomic<bool>>(false);
        const quint64 queued = runner.run(
            QStringLiteral("queued"), QString(), pollingJob(10, queuedStarted), &runner, [](Result<int>) {});
        QTRY_VERIFY(blockerStarted->load());
        QCOMPARE(runner.task(queued).state, TaskInfo::Queued);
        runner.cancel(queued);
        QCOMPARE(runner.task(queued).state, TaskInfo::Cancelled); // at once: it never held a thread
        runner.cancel(blocker);
        QVERIFY(runner.waitForDone(5000));
        QVERIFY(!queuedStarted->load());
    }

    void newerRunSupersedesOlder()
    {
        TaskRunner runner;
        QList<int> delivered;
        // The first job ignores cancellation and returns a value anyway: it must still be dropped.
        auto release = std::make_shared<std::atomic<bool>>(false);
        const quint64 first = runner.run(
            QStringLiteral("map v1"), QStringLiteral("map"),
            [release](TaskControl &) -> Result<int> {
                while (!release->load())
                    QThread::msleep(1);
                return 1;
            },
            &runner, [&](const Result<int> &result) { delivered << result.value(); });
        const quint64 second = runner.run(
            QStringLiteral("map v2"), QStringLiteral("map"), [](TaskControl &) -> Result<int> { return 2; }, &runner,
            [&](const Result<int> &result) { delivered << result.value(); });
        QVERIFY(runner.task(first).cancelRequested);
        QVERIFY(waitForState(runner, second, TaskInfo::Finished));
        release->store(true);
        QVERIFY(waitForState(runner, first, TaskInfo::Superseded));
        QTest::qWait(50);
        QCOMPARE(delivered, QList<int> { 2 });
    }

    void errorsArriveAsResults()
    {
        TaskRunner runner;
        std::optional<Result<void>> delivered;
        const quint64 id = runner.run(
            QStringLiteral("broken"), QString(),
            [](TaskControl &) -> Result<void> { return makeError(Error::InvalidInput, QStringLiteral("no rows")); },
            &runner, [&](Result<void> result) { delivered = result; });
        QTRY_VERIFY(delivered.has_value());
        QCOMPARE(delivered->error().code, Error::InvalidInput);
        QCOMPARE(runner.task(id).state, TaskInfo::Failed);
        QCOMPARE(runner.task(id).errorMessage, QStringLiteral("no rows"));

        // An exception thrown by a job becomes an error, not a dead process.
        std::optional<Result<int>> thrown;
        runner.run(
            QStringLiteral("throws"), QString(),
            [](TaskControl &) -> Result<int> { throw std::runtime_error("out of memory"); }, &runner,
            [&](Result<int> result) { thrown = std::move(result); });
        QTRY_VERIFY(thrown.has_value());
        QCOMPARE(thrown->error().code, Error::Internal);
    }

    void deletedContextGetsNoCallback()
    {
        TaskRunner runner;
        auto *context = new QObject;
        bool called = false;
        auto started = std::make_shared<std::atomic<bool>>(false);
        const quint64 id = runner.run(QStringLiteral("orphan"), QString(), pollingJob(1000000, started), context,
            [&](Result<int>) { called = true; });
        QTRY_VERIFY(started->load());
        delete context; // cancels the task: nobody is left to take its result
        QVERIFY(waitForState(runner, id, TaskInfo::Cancelled));

        // Also when the job finishes first and the context dies before the result is handed over.
        auto *late = new QObject;
        const quint64 quick = runner.run(
            QStringLiteral("quick"), QString(), [](TaskControl &) -> Result<int> { return 1; }, late,
            [&](Result<int>) { called = true; });
        QVERIFY(runner.waitForDone(5000));
        delete late; // the finish call is still queued
        QVERIFY(QTest::qWaitFor([&] { return !runner.task(quick).isActive(); }, 5000));
        QTest::qWait(20);
        QVERIFY(!called);
    }

    void cancelAllStopsEverything()
    {
        TaskRunner runner;
        QSignalSpy active(&runner, &TaskRunner::activeCountChanged);
        for (int i = 0; i < 5; ++i)
            runner.run(QStringLiteral("job %1").arg(i), QString(), pollingJob(1000000), &runner, [](Result<int>) {});
        QCOMPARE(runner.activeCount(), 5);
        QTest::qWait(30);
        runner.cancelAll();
        QTRY_COMPARE_WITH_TIMEOUT(runner.activeCount(), 0, 5000);
        QCOMPARE(active.last().first().toInt(), 0);
        for (const TaskInfo &task : runner.tasks())
            QCOMPARE(task.state, TaskInfo::Cancelled);
        runner.clearFinished();
        QVERIFY(runner.tasks().isEmpty());
    }

    void keepsOnlyRecentFinished()
    {
        TaskRunner runner;
        QSignalSpy removed(&runner, &TaskRunner::taskRemoved);
        for (int i = 0; i < TaskRunner::KeepFinished + 10; ++i)
            runner.run(
                QStringLiteral("tiny"), QString(), [](TaskControl &) -> Result<int> { return 0; }, &runner,
                [](Result<int>) {});
        QTRY_COMPARE(runner.activeCount(), 0);
        QCOMPARE(runner.tasks().size(), TaskRunner::KeepFinished);
        QCOMPARE(removed.count(), 10);
        QVERIFY(runner.tasks().first().id > 1); // the oldest went first
    }

    void probeMeasuresStall()
    {
        EventLoopProbe probe(5);
        probe.start();
        QTest::qWait(50);
        QThread::msleep(120); // the event loop is blocked: the probe must notice
        QTest::qWait(50);
        probe.stop();
        qInfo("probe: max stall %.1f ms over %lld samples", probe.maxStallMs(), probe.samples());
        QVERIFY(probe.samples() > 3);
        QVERIFY(probe.maxStallMs() >= 100.0);
    }
};

QTEST_GUILESS_MAIN(TestTaskRunner)
#include "tst_taskrunner.moc"
