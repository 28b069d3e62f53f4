#include "archetypes/archetypehistorychart.h"
#include "archetypes/archetypespage.h"
#include "common/elidedlabel.h"
#include "db/postgresworkspace.h"
#include "db/sqliteworkspace.h"
#include "memories/memoriescuration.h"
#include "memories/memoriespage.h"
#include "memories/memorybulkactions.h"
#include "memories/memorydetailpane.h"
#include "memories/memoryimportdialog.h"
#include "memories/memorytablemodel.h"
#include "support/testutil.h"
#include "tasks/tasklistmodel.h"
#include "tasks/taskrunner.h"
#include "tasks/tasksdock.h"
#include "window/mainwindow.h"
#include "window/workspacestatusbar.h"
#include "workspace/workspacesession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMainWindow>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QToolButton>
#include <QTranslator>
#include <QTreeView>
#include <QTreeWidget>

#include <atomic>

// The status bar's counts as the window shows them.
struct StatusBarCounts
{
    MainWindow *window;
    QString text() const { return window->findChild<WorkspaceStatusBar *>()->countsText(); }
};

// Opens the main window as a new user would: no workspace yet, so the demo workspace is created,
// then opened; selects a memory and checks the detail pane. Saves screenshots for a person to look at.
class TestMainWindow : public QObject
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
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // keeps the user's real data folder out of it
        QFile::remove(WorkspaceSession::defaultDemoPath());
    }

    void firstStartShowsDemoMemories()
    {
        WorkspaceSession session;
        MainWindow window(&session);
        window.resize(1500, 950);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy opened(&session, &WorkspaceSession::opened);
        QSignalSpy failed(&session, &WorkspaceSession::failed);
        QElapsedTimer timer;
        timer.start();
        session.openDemo(WorkspaceSession::defaultDemoPath());
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1 || failed.count() == 1, 60000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(QFileInfo::exists(WorkspaceSession::defaultDemoPath()));

        MemoriesPage *page = window.memoriesPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->model()->rowCount() > 0, 15000);
        qInfo("first start to first memories: %lld ms", timer.elapsed());
        QVERIFY(page->table()->isVisible());

        QSignalSpy detail(page->detailPane(), &MemoryDetailPane::detailLoaded);
        page->selectRow(2);
        QTRY_COMPARE_WITH_TIMEOUT(detail.count(), 1, 10000);
        MemoryDetailPane *pane = page->detailPane();
        QCOMPARE(pane->currentId(), page->model()->idAt(2));
        QVERIFY(!pane->promptText().isEmpty());
        QVERIFY(!pane->replyText().isEmpty());
        QCOMPARE(pane->evaluationCount(), 8);
        QVERIFY(!pane->priorityText().isEmpty());
        {
            // The pane lists a memory's links both ways, as the workspace holds them: here for the first loaded
            // memory that has any (row 2 may have none).
            Result<std::unique_ptr<Repository>> check
                = SqliteWorkspace::open(WorkspaceSession::defaultDemoPath(), QStringLiteral("mainwindow-check"));
            QVERIFY2(check, qPrintable(check.errorMessage()));
            int linkedRow = -1, links = 0;
            for (int row = 0; row < page->model()->rowCount() && linkedRow < 0; ++row) {
                const Result<MemoryDetail> stored = (*check)->memoryDetail(page->model()->idAt(row));
                QVERIFY2(stored, qPrintable(stored.errorMessage()));
                links = int(stored->outgoing.size() + stored->incoming.size());
                linkedRow = links > 0 ? row : -1;
            }
            QVERIFY2(linkedRow >= 0, "no loaded demo memory has links");
            page->selectRow(linkedRow);
            QTRY_COMPARE_WITH_TIMEOUT(detail.count(), 2, 10000);
            QCOMPARE(pane->currentId(), page->model()->idAt(linkedRow));
            QCOMPARE(pane->linkCount(), links);
            page->selectRow(2);
            QTRY_COMPARE_WITH_TIMEOUT(detail.count(), 3, 10000);
        }
        QTest::qWait(300); // let the chart finish its layout before the picture
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("mainwindow-memories.png"))));

        // The other areas, Map and Archetypes, are real too.
        auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
        QVERIFY(navigation);
        QCOMPARE(navigation->count(), int(MainWindow::AreaCount));
        navigation->setCurrentRow(MainWindow::ArchetypesArea);
        // What the picture shows: the eight archetypes' states in order and the first one's 90-day history.
        ArchetypesPage *archetypes = window.archetypesPage();
        QVERIFY(archetypes->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(
            !archetypes->isLoading() && archetypes->stateTable()->rowCount() == Archetypes::Count, 15000);
        for (int a = 0; a < Archetypes::Count; ++a)
            QCOMPARE(archetypes->stateTable()->item(a, 0)->text(), Archetypes::name(a));
        QCOMPARE(archetypes->historyChart()->pointCount(), 90);
        QTest::qWait(800);
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("mainwindow-archetypes.png"))));
    }

    void tasksDockFollowsRunner()
    {
        WorkspaceSession session;
        MainWindow window(&session);
        window.resize(1500, 950);
        window.show();
        session.openDemo(WorkspaceSession::defaultDemoPath());
        QTRY_VERIFY_WITH_TIMEOUT(window.memoriesPage()->model()->rowCount() > 0, 60000);
        TasksDock *dock = window.tasksDock();
        QVERIFY(!dock->isVisible()); // hidden until asked for
        auto *count = window.findChild<QToolButton *>(QStringLiteral("tasksButton"));
        QVERIFY(count && !count->isVisible());

        TaskRunner *runner = window.taskRunner();
        const auto ignore = [](auto) {};
        runner->run(
            QStringLiteral("Exact kNN graph"), QString(), [](TaskControl &) -> Result<int> { return 1; }, &window,
            ignore);
        runner->run(
            QStringLiteral("Clustering"), QString(),
            [](TaskControl &) -> Result<int> {
                return makeError(Error::InvalidInput, QStringLiteral("Too few points."));
            },
            &window, ignore);
        auto steps = std::make_shared<std::atomic<int>>(0);
        const auto slow = [steps](TaskControl &control) -> Result<int> {
            for (int i = 0; !control.isCancelled(); ++i) {
                control.setProgress(std::min(1.0, i / 1000.0));
                control.setStatus(QStringLiteral("Layout epoch %1").arg(i));
                steps->store(i);
                QThread::msleep(2);
            }
            return makeError(Error::Cancelled, QString());
        };
        const quint64 layout = runner->run(QStringLiteral("Map layout"), QStringLiteral("map"), slow, &window, ignore);
        const quint64 search = runner->run(QStringLiteral("Search 2,000 queries"), QString(), slow, &window, ignore);
        QVERIFY(count->isVisible());
        QTRY_COMPARE(window.workspaceStatusBar()->tasksText(), QStringLiteral("2 task(s) running"));

        QTest::mouseClick(count, Qt::LeftButton);
        QVERIFY(dock->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(steps->load() > 300, 10000);
        QTest::qWait(250); // one more progress tick
        QCOMPARE(dock->model()->rowCount(), 4);
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("mainwindow-tasks.png"))));

        // Cancel the selected task from the panel; the other keeps running.
        auto *cancel = dock->findChild<QPushButton *>(QStringLiteral("cancelTaskButton"));
        QVERIFY(cancel && !cancel->isEnabled());
        dock->view()->setCurrentIndex(dock->model()->index(dock->model()->rowOf(search), 0));
        QVERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_COMPARE(runner->task(search).state, TaskInfo::Cancelled);
        QCOMPARE(runner->task(layout).state, TaskInfo::Running);
        QCOMPARE(window.workspaceStatusBar()->tasksText(), QStringLiteral("1 task(s) running"));
        // Closing the window stops what is left. (Hidden first: the saved layout must not open the panel
        // in the next test.)
        dock->hide();
        window.close();
        QTRY_COMPARE(runner->activeCount(), 0);
        QCOMPARE(runner->task(layout).state, TaskInfo::Cancelled);
        QVERIFY(!count->isVisible());
    }

    void germanCatalogueLoads()
    {
        QTranslator translator;
        QVERIFY(translator.load(
            QLocale(QLocale::German), QStringLiteral("sextant"), QStringLiteral("_"), QStringLiteral(":/i18n")));
        QCOMPARE(translator.translate("MainWindow", "&File"), QStringLiteral("&Datei"));
        QCOMPARE(translator.translate("MemoryTableModel", "Priority"), QStringLiteral("Priorität"));
    }

    // The status bar's count follows our own writes on SQLite, where no change notice arrives: after an
    // import through the dialog and after a bulk delete (which archives, so the count says so).
    void countsFollowImportAndBulkDelete_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::newRow("sqlite") << false;
        QTest::newRow("postgres") << true;
    }
    void countsFollowImportAndBulkDelete()
    {
        QFETCH(bool, postgres);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("counts.sqlite"));
        std::optional<PostgresSettings> server;
        WorkspaceSession session;
        MainWindow window(&session);
        window.resize(1400, 900);
        window.show();
        QSignalSpy overview(&window, &MainWindow::overviewLoaded);
        if (postgres) {
            server = recreatePostgresDatabase(QStringLiteral("sextant_mainwindow_counts"));
            QVERIFY(server);
            const Result<MigrationPlan> migrated = WorkspaceSession::migratePostgres(*server);
            QVERIFY2(migrated, qPrintable(migrated.errorMessage()));
            session.openPostgres(*server);
        } else {
            DemoSpec spec;
            spec.memories = 40;
            spec.freelancers = 5;
            spec.jobs = 3;
            session.openDemo(path, spec);
        }
        MemoryTableModel *model = window.memoriesPage()->model();
        QTRY_VERIFY_WITH_TIMEOUT(overview.count() >= 1 && model->matchCount() >= 0 && !model->isLoading(), 60000);
        const auto stored = [&]() -> WorkspaceCounts {
            Result<std::unique_ptr<Repository>> check = server
                ? PostgresWorkspace::open(*server, QStringLiteral("counts-check"))
                : SqliteWorkspace::open(path, QStringLiteral("counts-check"));
            if (!check)
                return {};
            Result<WorkspaceCounts> counts = (*check)->counts();
            return counts ? *counts : WorkspaceCounts {};
        };
        const WorkspaceCounts before = stored();
        const auto memoriesText = [](qint64 live, qint64 archived) {
            QString text = QStringLiteral("%1 memories").arg(live);
            if (archived > 0)
                text += QStringLiteral(" (%1 archived or deleted)").arg(archived);
            return text;
        };
        StatusBarCounts counts { &window };
        QVERIFY2(
            counts.text().startsWith(memoriesText(before.memories - before.archivedMemories, before.archivedMemories)),
            qPrintable(counts.text()));

        const QString file = dir.filePath(QStringLiteral("five.jsonl"));
        {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            for (int i = 0; i < 5; ++i)
                out.write(QStringLiteral("{\"prompt\": \"Question %1\", \"reply\": \"Answer %1\", "
                                         "\"created_at\": \"2026-01-0%2T10:00:00Z\"}\n")
                              .arg(i)
                              .arg(i + 1)
                              .toUtf8());
        }
        const QPointer<MemoryImportDialog> dialog = window.curation()->importFile(file);
        QSignalSpy checked(dialog, &MemoryImportDialog::checked);
        QVERIFY(checked.wait(10000));
        QSignalSpy imported(dialog, &MemoryImportDialog::imported);
        dialog->importValidRows();
        QVERIFY(imported.wait(10000));
        const QString afterImport
            = memoriesText(before.memories - before.archivedMemories + 5, before.archivedMemories);
        QTRY_VERIFY2_WITH_TIMEOUT(counts.text().startsWith(afterImport), qPrintable(counts.text()), 10000);
        if (dialog)
            dialog->close(); // deletes itself on close

        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 3 && !model->isLoading(), 10000);
        BulkRequest request;
        request.action = BulkRequest::SoftDelete;
        request.ids = { model->idAt(0), model->idAt(1), model->idAt(2) };
        QSignalSpy finished(window.curation()->bulkActions(), &MemoryBulkActions::finished);
        QVERIFY(window.curation()->bulkActions()->run(request));
        QVERIFY(finished.wait(10000));
        const QString afterDelete
            = memoriesText(before.memories - before.archivedMemories + 2, before.archivedMemories + 3);
        QTRY_VERIFY2_WITH_TIMEOUT(counts.text().startsWith(afterDelete), qPrintable(counts.text()), 10000);
        if (!postgres)
            QVERIFY(window.grab().save(screenshotPath(QStringLiteral("mainwindow-counts-after-delete.png"))));
    }

    void outageKeepsTheWindowOnScreen()
    {
        // A deep workspace path, large counts, running tasks, then the red outage label: the window keeps its
        // width, the path gives way and keeps all of itself in its tooltip.
        QMainWindow window;
        auto *bar = new WorkspaceStatusBar(&window);
        window.setStatusBar(bar);
        window.setCentralWidget(new QWidget(&window));
        window.resize(800, 500);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString location = QStringLiteral("/srv/operators/") + QStringLiteral("a-rather-long-folder/").repeated(12)
            + QStringLiteral("workspace.sqlite");
        bar->setWorkspace(QStringLiteral("Production"), location);
        WorkspaceCounts counts;
        counts.memories = 1000000;
        counts.archivedMemories = 12345;
        counts.jobs = 250000;
        counts.freelancers = 600000;
        counts.matches = 2500000;
        bar->setCounts(counts);
        bar->setActiveTasks(3);
        bar->setReconnecting(4, 8000, QStringLiteral("could not connect to server"));
        QCoreApplication::processEvents();
        QVERIFY(bar->isOutageShown());
        QVERIFY2(window.minimumSizeHint().width() <= 800,
            qPrintable(QStringLiteral("the window needs %1 px").arg(window.minimumSizeHint().width())));
        QCOMPARE(window.width(), 800);
        const auto *path = bar->findChild<ElidedLabel *>(QStringLiteral("workspaceLabel"));
        QCOMPARE(path->toolTip(), location);
        QVERIFY(path->isElided()); // shown shortened, kept whole
        QVERIFY(bar->workspaceText().endsWith(location));
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("mainwindow-outage-narrow.png"))));
    }

    void reopensExistingWorkspaceQuickly()
    {
        // Second start: the file exists, nothing is regenerated, memories appear.
        const QDateTime modified = QFileInfo(WorkspaceSession::defaultDemoPath()).lastModified();
        WorkspaceSession session;
        MainWindow window(&session);
        window.show();
        session.openDemo(WorkspaceSession::defaultDemoPath());
        QTRY_VERIFY_WITH_TIMEOUT(window.memoriesPage()->model()->rowCount() > 0, 15000);
        QCOMPARE(QFileInfo(WorkspaceSession::defaultDemoPath()).lastModified(), modified);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
