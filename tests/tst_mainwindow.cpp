#include "mainwindow.h"
#include "memoriespage.h"
#include "memorydetailpane.h"
#include "memorytablemodel.h"
#include "workspacesession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QListWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>

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
        QVERIFY(pane->linkCount() >= 0);
        QTest::qWait(300); // let the chart finish its layout before the picture
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("mainwindow-memories.png"))));

        // The second area, Archetypes, is real too.
        auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
        QVERIFY(navigation);
        QCOMPARE(navigation->count(), 2);
        navigation->setCurrentRow(1);
        QTest::qWait(800);
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("mainwindow-archetypes.png"))));
    }

    void germanCatalogueLoads()
    {
        QTranslator translator;
        QVERIFY(translator.load(
            QLocale(QLocale::German), QStringLiteral("sextant"), QStringLiteral("_"), QStringLiteral(":/i18n")));
        QCOMPARE(translator.translate("MainWindow", "&File"), QStringLiteral("&Datei"));
        QCOMPARE(translator.translate("MemoryTableModel", "Priority"), QStringLiteral("Priorität"));
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
