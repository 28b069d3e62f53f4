// The Tasks panel as a user reads it after some work: the latest task on top, each ended task with its
// final state (Done at 100 %, Failed with its message, Cancelled without a stale bar) and nothing cut off.
#include "common/language.h"
#include "tasks/tasklistmodel.h"
#include "tasks/taskrunner.h"
#include "tasks/tasksdock.h"

#include <QApplication>
#include <QDir>
#include <QHeaderView>
#include <QMainWindow>
#include <QTest>
#include <QThread>
#include <QTreeView>

#include <atomic>

class TestTasksDock : public QObject
{
    Q_OBJECT
private:
    static QString screenshotPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

private Q_SLOTS:
    void endedTasksShowTheirFinalStateNewestFirst()
    {
        QMainWindow window;
        TaskRunner runner;
        auto *dock = new TasksDock(&runner, &window);
        window.addDockWidget(Qt::BottomDockWidgetArea, dock);
        window.setCentralWidget(new QWidget(&window));
        window.resize(1400, 420);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const auto ignore = [](Result<int>) {};
        const quint64 done = runner.run(
            QStringLiteral("Exact kNN graph"), QString(),
            [](TaskControl &control) -> Result<int> {
                control.setStatus(QStringLiteral("Block 8 of 8"));
                return 1;
            },
            &window, ignore);
        QTRY_COMPARE(runner.task(done).state, TaskInfo::Finished);
        const quint64 failed = runner.run(
            QStringLiteral("Clustering"), QString(),
            [](TaskControl &) -> Result<int> {
                return makeError(Error::InvalidInput, QStringLiteral("Too few points to cluster: 3 of at least 10."));
            },
            &window, ignore);
        QTRY_COMPARE(runner.task(failed).state, TaskInfo::Failed);
        auto started = std::make_shared<std::atomic<bool>>(false);
        const auto slow = [started](TaskControl &control) -> Result<int> {
            control.setProgress(0.37);
            started->store(true);
            while (!control.isCancelled())
                QThread::msleep(2);
            return makeError(Error::Cancelled, QString());
        };
        const quint64 cancelled = runner.run(QStringLiteral("Map layout"), QString(), slow, &window, ignore);
        QTRY_VERIFY(started->load());
        QTRY_COMPARE(runner.task(cancelled).progress, 0.37);
        runner.cancel(cancelled);
        QTRY_COMPARE(runner.task(cancelled).state, TaskInfo::Cancelled);
        const quint64 running = runner.run(QStringLiteral("Search 2,000 queries"), QString(), slow, &window, ignore);
        QTRY_COMPARE(runner.task(running).state, TaskInfo::Running);

        TaskListModel *model = dock->model();
        QTreeView *view = dock->view();
        QCOMPARE(model->rowCount(), 4);
        // Newest first.
        QCOMPARE(model->idAt(0), running);
        QCOMPARE(model->idAt(1), cancelled);
        QCOMPARE(model->idAt(2), failed);
        QCOMPARE(model->idAt(3), done);
        const auto cell = [&](int row, int column) { return model->index(row, column).data().toString(); };
        QCOMPARE(cell(3, TaskListModel::State), QStringLiteral("Done"));
        QCOMPARE(cell(3, TaskListModel::Progress), QStringLiteral("100 %"));
        QCOMPARE(cell(2, TaskListModel::State), QStringLiteral("Failed"));
        QCOMPARE(cell(2, TaskListModel::Message), QStringLiteral("Too few points to cluster: 3 of at least 10."));
        QCOMPARE(cell(1, TaskListModel::State), QStringLiteral("Cancelled"));
        QVERIFY(cell(1, TaskListModel::Progress).isEmpty()); // not a bar stuck at 37 %
        QCOMPARE(cell(0, TaskListModel::State), QStringLiteral("Running"));

        // What the view shows: the top row is the running task, and the state column is wide enough
        // for its words.
        QCOMPARE(view->indexAt(view->visualRect(model->index(0, 0)).center()).row(), 0);
        const QFontMetrics metrics(view->font());
        for (int row = 0; row < model->rowCount(); ++row) {
            const QString state = cell(row, TaskListModel::State);
            QVERIFY2(metrics.horizontalAdvance(state) < view->header()->sectionSize(TaskListModel::State),
                qPrintable(state));
        }
        QTest::qWait(300); // one more progress tick before the picture
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("tasks-final-states.png"))));
        runner.cancelAll();
        QTRY_COMPARE(runner.activeCount(), 0);
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    Language::install(&app, QStringLiteral("en"));
    TestTasksDock test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_tasksdock.moc"
