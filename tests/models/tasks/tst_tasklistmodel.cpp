#include "tasks/tasklistmodel.h"
#include "tasks/taskrunner.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

// TaskListModel follows the runner: rows appear, progress and state reach the cells, and finished
// records leave when the runner forgets them.
class TestTaskListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsRunner()
    {
        TaskRunner runner;
        TaskListModel model(&runner);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), int(TaskListModel::ColumnCount));
        QCOMPARE(model.headerData(TaskListModel::Progress, Qt::Horizontal).toString(), QStringLiteral("Progress"));

        auto release = std::make_shared<std::atomic<bool>>(false);
        const quint64 id = runner.run(
            QStringLiteral("Search"), QStringLiteral("search"),
            [release](TaskControl &control) -> Result<int> {
                control.setProgress(0.5);
                control.setStatus(QStringLiteral("halfway"));
                while (!release->load() && !control.isCancelled())
                    QThread::msleep(1);
                return 7;
            },
            &runner, [](Result<int>) {});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.idAt(0), id);
        QCOMPARE(model.rowOf(id), 0);
        QCOMPARE(model.index(0, TaskListModel::Name).data().toString(), QStringLiteral("Search"));
        QCOMPARE(model.index(0, TaskListModel::State).data().toString(), QStringLiteral("Waiting"));
        QVERIFY(model.index(0, TaskListModel::Progress).data().toString().isEmpty()); // nothing reported yet

        // Progress arrives through the runner's coalescing tick.
        QTRY_COMPARE_WITH_TIMEOUT(
            model.index(0, TaskListModel::Progress).data(TaskListModel::ProgressRole).toDouble(), 0.5, 5000);
        QCOMPARE(model.index(0, TaskListModel::Progress).data().toString(), QStringLiteral("50 %"));
        QCOMPARE(model.index(0, TaskListModel::State).data().toString(), QStringLiteral("Running"));
        QCOMPARE(model.index(0, TaskListModel::Message).data().toString(), QStringLiteral("halfway"));
        QCOMPARE(model.index(0, TaskListModel::State).data(TaskListModel::StateRole).toInt(), int(TaskInfo::Running));
        QVERIFY(model.index(0, 0).data(TaskListModel::ActiveRole).toBool());

        // A second run with the same key supersedes the first; both rows stay, with their states.
        const quint64 second = runner.run(
            QStringLiteral("Search again"), QStringLiteral("search"),
            [](TaskControl &) -> Result<int> { return makeError(Error::InvalidInput, QStringLiteral("bad query")); },
            &runner, [](Result<int>) {});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(second), 0); // newest first
        QCOMPARE(model.rowOf(id), 1);
        QVERIFY(model.index(1, 0).data(TaskListModel::CancelRequestedRole).toBool());
        QCOMPARE(model.index(1, TaskListModel::State).data().toString(), QStringLiteral("Cancelling…"));
        QTRY_COMPARE_WITH_TIMEOUT(runner.activeCount(), 0, 5000);
        QCOMPARE(model.index(1, TaskListModel::State).data().toString(), QStringLiteral("Superseded"));
        // Its last 50 % would read as work under way: an ended task that is not done shows no bar.
        QCOMPARE(model.index(1, TaskListModel::Progress).data(TaskListModel::ProgressRole).toDouble(), -1.0);
        QVERIFY(model.index(1, TaskListModel::Progress).data().toString().isEmpty());
        const int failedRow = model.rowOf(second);
        QCOMPARE(model.index(failedRow, TaskListModel::State).data().toString(), QStringLiteral("Failed"));
        QCOMPARE(model.index(failedRow, TaskListModel::Message).data().toString(), QStringLiteral("bad query"));
        QVERIFY(!model.index(failedRow, TaskListModel::Elapsed).data().toString().isEmpty());

        runner.clearFinished();
        QCOMPARE(model.rowCount(), 0);
    }

    void startsWithRunnerRecords()
    {
        TaskRunner runner;
        runner.run(
            QStringLiteral("done before"), QString(), [](TaskControl &) -> Result<int> { return 1; }, &runner,
            [](Result<int>) {});
        QTRY_COMPARE(runner.activeCount(), 0);
        TaskListModel model(&runner);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, TaskListModel::State).data().toString(), QStringLiteral("Done"));
        QCOMPARE(model.index(0, TaskListModel::Progress).data().toString(), QStringLiteral("100 %"));
    }

    // The panel lists the latest work first, whether the model starts with the runner's records or
    // follows it afterwards; a done task shows 100 % even if the job never reported progress.
    void listsNewestFirst()
    {
        TaskRunner runner;
        const auto job = [](TaskControl &) -> Result<int> { return 1; };
        const quint64 first = runner.run(QStringLiteral("first"), QString(), job, &runner, [](Result<int>) {});
        const quint64 second = runner.run(QStringLiteral("second"), QString(), job, &runner, [](Result<int>) {});
        QTRY_COMPARE(runner.activeCount(), 0);
        TaskListModel model(&runner);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.idAt(0), second);
        QCOMPARE(model.idAt(1), first);
        const quint64 third = runner.run(QStringLiteral("third"), QString(), job, &runner, [](Result<int>) {});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, TaskListModel::Name).data().toString(), QStringLiteral("third"));
        QCOMPARE(model.idAt(0), third);
        QCOMPARE(model.idAt(2), first);
        QTRY_COMPARE(model.index(0, TaskListModel::State).data().toString(), QStringLiteral("Done"));
        QCOMPARE(model.index(0, TaskListModel::Progress).data().toString(), QStringLiteral("100 %"));
        QCOMPARE(model.index(0, TaskListModel::Progress).data(TaskListModel::ProgressRole).toDouble(), 1.0);
    }

    void formatsElapsed_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("subsecond") << qint64(250) << QStringLiteral("0.3 s");
        QTest::newRow("seconds") << qint64(12345) << QStringLiteral("12.3 s");
        QTest::newRow("minutes") << qint64(65000) << QStringLiteral("1 min 05 s");
    }

    void formatsElapsed()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QLocale::setDefault(QLocale::c());
        QCOMPARE(TaskListModel::elapsedText(ms), text);
    }
};

QTEST_GUILESS_MAIN(TestTaskListModel)
#include "tst_tasklistmodel.moc"
