#include "db/sqliteworkspace.h"
#include "memories/memoriespage.h"
#include "memories/memorytablemodel.h"
#include "window/mainwindow.h"
#include "window/uisettings.h"
#include "window/workspacefileactions.h"
#include "window/workspacestatusbar.h"
#include "workspace/workspacesession.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

// File → New Workspace, Open Workspace and Open Recent as an operator uses them: the title and the status
// bar name the workspace that is open, a refused file leaves the open workspace alone and says why.
class TestWorkspaceFiles : public QObject
{
    Q_OBJECT
private:
    static QString screenshotPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

    // The warning the window shows for a refused file, closed after reading; "" when none appeared.
    static QString takeRefusal(MainWindow &window)
    {
        QMessageBox *box = nullptr;
        if (!QTest::qWaitFor([&] { return (box = window.findChild<QMessageBox *>(QStringLiteral("workspaceRefused"))); },
                10000))
            return {};
        const QString text = box->text();
        box->close();
        if (!QTest::qWaitFor([&] { return !window.findChild<QMessageBox *>(QStringLiteral("workspaceRefused")); }, 2000))
            return {};
        return text;
    }

    static QStringList recentEntries(MainWindow &window)
    {
        QStringList entries;
        for (QAction *action : window.workspaceFiles()->recentMenu()->actions()) {
            if (action->data().isValid())
                entries << action->text();
        }
        return entries;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        UiSettings::clearRecentWorkspaces();
    }

    void menusCreateOpenAndRefuse()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        WorkspaceSession session;
        MainWindow window(&session);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // The File menu offers the three entries with the usual shortcuts.
        QMenu *file = window.menuBar()->actions().first()->menu();
        QStringList texts;
        for (QAction *action : file->actions())
            texts << action->text();
        QVERIFY2(texts.contains(QStringLiteral("&New Workspace…")), qPrintable(texts.join(QLatin1Char('|'))));
        QVERIFY(texts.contains(QStringLiteral("&Open Workspace…")));
        QVERIFY(texts.contains(QStringLiteral("Open &Recent")));

        // A small demo in a file of its own is named after the file, not "Demo workspace".
        const QString first = dir.filePath(QStringLiteral("support-notes.sqlite"));
        DemoSpec spec;
        spec.memories = 30;
        spec.freelancers = 4;
        spec.jobs = 2;
        QSignalSpy opened(&session, &WorkspaceSession::opened);
        session.openDemo(first, spec);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);
        QCOMPARE(window.windowTitle(), QStringLiteral("support-notes"));
        QVERIFY2(window.workspaceStatusBar()->workspaceText().startsWith(QStringLiteral("support-notes")),
            qPrintable(window.workspaceStatusBar()->workspaceText()));
        MemoryTableModel *model = window.memoriesPage()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 && !model->isLoading(), 15000);

        // New Workspace: an empty workspace, named, counted and remembered.
        const QString fresh = dir.filePath(QStringLiteral("interviews.sqlite"));
        QSignalSpy overview(&window, &MainWindow::overviewLoaded);
        window.workspaceFiles()->createFile(fresh);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, 15000);
        QCOMPARE(window.windowTitle(), QStringLiteral("interviews"));
        QCOMPARE(session.path(), QFileInfo(fresh).absoluteFilePath());
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->rowCount() == 0, 15000);
        // The previous workspace's overview may still arrive after the switch: wait for the new one's counts.
        QTRY_VERIFY_WITH_TIMEOUT(overview.count() >= 1, 15000);
        QTRY_VERIFY2_WITH_TIMEOUT(window.workspaceStatusBar()->countsText().startsWith(QStringLiteral("0 memories")),
            qPrintable(window.workspaceStatusBar()->countsText()), 15000);
        // The empty grid says how to fill it.
        QWidget *banner = window.memoriesPage()->emptyBanner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 5000);
        QVERIFY(banner->findChild<QToolButton *>(QStringLiteral("importIntoEmpty"))->isVisible());
        QVERIFY(!banner->findChild<QToolButton *>(QStringLiteral("clearEmptyFilter"))->isVisible());
        QCOMPARE(recentEntries(window).value(0), QStringLiteral("&1 interviews"));
        QCOMPARE(recentEntries(window).value(1), QStringLiteral("&2 support-notes"));
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("workspace-new.png"))));

        // An existing file is never overwritten by New Workspace.
        window.workspaceFiles()->createFile(first);
        QVERIFY(takeRefusal(window).contains(QStringLiteral("already exists")));
        QCOMPARE(session.path(), QFileInfo(fresh).absoluteFilePath());

        // Another program's SQLite database is refused and left exactly as it was.
        const QString foreign = dir.filePath(QStringLiteral("browser-history.sqlite"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
            db.setDatabaseName(foreign);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE visits (url TEXT)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
        const QByteArray foreignBefore = [&] {
            QFile f(foreign);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        window.workspaceFiles()->openFile(foreign);
        const QString refusal = takeRefusal(window);
        QVERIFY2(refusal.contains(QStringLiteral("another program")), qPrintable(refusal));
        QVERIFY(refusal.contains(QStringLiteral("stays open")));
        {
            QFile f(foreign);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), foreignBefore);
        }
        QCOMPARE(window.windowTitle(), QStringLiteral("interviews"));

        // A damaged file: a clear sentence, nothing closed.
        const QString damaged = dir.filePath(QStringLiteral("damaged.sqlite"));
        {
            QFile f(damaged);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(4096, '\x5a'));
        }
        window.workspaceFiles()->openFile(damaged);
        QVERIFY(takeRefusal(window).contains(QStringLiteral("is not a Sextant workspace or is damaged")));
        QCOMPARE(session.path(), QFileInfo(fresh).absoluteFilePath());

        // Open Recent brings the first workspace back with its memories.
        QAction *recentFirst = nullptr;
        for (QAction *action : window.workspaceFiles()->recentMenu()->actions()) {
            if (action->data().toString() == QFileInfo(first).absoluteFilePath())
                recentFirst = action;
        }
        QVERIFY(recentFirst);
        recentFirst->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 3, 15000);
        QCOMPARE(window.windowTitle(), QStringLiteral("support-notes"));
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 && !model->isLoading(), 15000);
        QCOMPARE(recentEntries(window).value(0), QStringLiteral("&1 support-notes"));

        // A recent file that has gone is dropped from the menu when it is refused.
        QVERIFY(QFile::remove(fresh));
        window.workspaceFiles()->openFile(fresh);
        QVERIFY(takeRefusal(window).contains(QStringLiteral("does not exist")));
        QCOMPARE(recentEntries(window), QStringList { QStringLiteral("&1 support-notes") });
    }

    void defaultDemoKeepsItsName()
    {
        QCOMPARE(WorkspaceSession::displayName(WorkspaceSession::defaultDemoPath()), QStringLiteral("Demo workspace"));
        QCOMPARE(WorkspaceSession::displayName(QStringLiteral("/tmp/x/My Notes.v2.sqlite")), QStringLiteral("My Notes.v2"));
    }
};

QTEST_MAIN(TestWorkspaceFiles)
#include "tst_workspacefiles.moc"
