#include "db/databaseworker.h"
#include "db/sqliteworkspace.h"
#include "memories/memoriespage.h"
#include "memories/memorybulk.h"
#include "memories/memorydetailpane.h"
#include "memories/memoryfilterbar.h"
#include "memories/memorytablemodel.h"
#include "support/testutil.h"
#include "window/uisettings.h"
#include "workspace/workspacesession.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

// The memories page with its search and filter bar, offscreen: a word search, chips that survive a
// restart, a search by meaning, "more like this", and screenshots for a person to look at.
class TestMemoriesPage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_path;

    void openWorker(DatabaseWorker &worker, QString path = {})
    {
        if (path.isEmpty())
            path = m_path;
        auto opened
            = worker.open([path] { return SqliteWorkspace::open(path, QStringLiteral("page-test")); });
        opened.waitForFinished();
        QVERIFY(opened.result());
    }

    static void save(QWidget &widget, const QString &name)
    {
        const QString folder = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(folder);
        QVERIFY(widget.grab().save(folder + QLatin1Char('/') + name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        m_path = m_dir.filePath(QStringLiteral("page.sqlite"));
        DemoSpec spec;
        spec.memories = 600;
        spec.freelancers = 50;
        spec.jobs = 20;
        const Result<DemoSummary> summary = WorkspaceSession::createDemoFile(m_path, spec);
        QVERIFY2(summary, qPrintable(summary.errorMessage()));
    }
    void cleanupTestCase() { QSettings().clear(); }

    void searchFiltersAndChipsSurviveRestart()
    {
        QString tone;
        {
            DatabaseWorker worker;
            openWorker(worker);
            MemoriesPage page(&worker);
            page.resize(1400, 800);
            page.show();
            page.load();
            MemoryTableModel *model = page.model();
            QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 && model->matchCount() > 0, 10000);
            const qint64 all = model->matchCount();
            tone = model->index(0, MemoryTableModel::Tone).data().toString();
            const QString word = model->index(0, MemoryTableModel::Summary).data().toString().section(u' ', 0, 0);

            // Words: typing searches once the typing pauses.
            QTest::keyClicks(page.filterBar()->searchField(), word);
            QTRY_VERIFY_WITH_TIMEOUT(
                model->filter().text == word && !model->isLoading() && model->matchCount() >= 0, 10000);
            QVERIFY(model->matchCount() > 0 && model->matchCount() < all);

            // Conditions from the filter menu appear as chips.
            MemoryFilter conditions = page.filterBar()->filter();
            conditions.tones = { tone };
            conditions.minPriority = 0.2;
            conditions.longTerm = TriState::No;
            page.filterBar()->setFilter(conditions);
            Q_EMIT page.filterBar()->filterChanged(page.filterBar()->filter());
            QCOMPARE(page.filterBar()->chips().size(), 3);
            // A header click sorts on the server.
            page.table()->horizontalHeader()->setSortIndicator(MemoryTableModel::Priority, Qt::AscendingOrder);
            QCOMPARE(model->serverSort().key, MemorySortKey::Priority);
            QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 && !model->isLoading(), 10000);
            for (int r = 0; r < model->rowCount(); ++r)
                QCOMPARE(model->index(r, MemoryTableModel::Tone).data().toString(), tone);
            page.selectRow(0);
            QTest::qWait(300);
            save(page, QStringLiteral("memories-filtered.png"));
        }
        // "Restart": a new page restores the search, the chips and the sort from the settings.
        DatabaseWorker worker;
        openWorker(worker);
        MemoriesPage page(&worker);
        QCOMPARE(page.filterBar()->chips().size(), 3);
        QVERIFY(!page.filterBar()->searchText().isEmpty());
        QCOMPARE(page.model()->filter().tones, QStringList { tone });
        QCOMPARE(page.model()->serverSort().key, MemorySortKey::Priority);
        QCOMPARE(page.table()->horizontalHeader()->sortIndicatorSection(), int(MemoryTableModel::Priority));
        // Clear all: back to the default filter.
        page.findChild<QToolButton *>(QStringLiteral("clearAllFilters"))->click();
        QVERIFY(page.filterBar()->chips().isEmpty());
        QVERIFY(page.model()->filter().isDefault());
    }

    void meaningSearchAndMoreLikeThis()
    {
        DatabaseWorker worker;
        openWorker(worker);
        MemoriesPage page(&worker);
        page.resize(1400, 800);
        page.show();
        page.load();
        MemoryTableModel *model = page.model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 && !model->isLoading(), 10000);
        const QString summary = model->index(3, MemoryTableModel::Summary).data().toString();
        page.findChild<QToolButton *>(QStringLiteral("meaningSearchMode"))->click();
        page.filterBar()->setSearchText(summary);
        QTest::keyClick(page.filterBar()->searchField(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(model->isSimilarityMode() && model->rowCount() > 0 && !model->isLoading(), 10000);
        QVERIFY(!page.table()->isColumnHidden(MemoryTableModel::Similarity));
        // Ranked by similarity to the words of that summary (the offline embedder shares words).
        QVERIFY(model->index(0, MemoryTableModel::Similarity).data(MemoryTableModel::SimilarityRole).toDouble() > 0.0);
        page.selectRow(0);
        QTest::qWait(300);
        save(page, QStringLiteral("memories-meaning-search.png"));

        const QUuid probe = model->idAt(1);
        page.showMoreLike(probe);
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(probe) == -1 && model->rowCount() > 0 && !model->isLoading(), 10000);
        page.findChild<QToolButton *>(QStringLiteral("showAllMemories"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!model->isSimilarityMode() && model->rowCount() > 0, 10000);
        QVERIFY(page.table()->isColumnHidden(MemoryTableModel::Similarity));
        QCOMPARE(UiSettings::memoriesMeaningQuery(), QString());
    }

    // A memory deleted while the pane shows it does not stay there as if nothing happened: the pane
    // says it was deleted and offers Restore, which brings it back to the grid; a purged one is gone.
    void deletedMemoryLeavesTheDetailPane()
    {
        DatabaseWorker worker;
        openWorker(worker);
        MemoriesPage page(&worker);
        page.setWorkspace(m_path);
        page.resize(1400, 800);
        page.show();
        page.load();
        MemoryTableModel *model = page.model();
        MemoryDetailPane *pane = page.detailPane();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 2 && !model->isLoading(), 10000);
        QSignalSpy detail(pane, &MemoryDetailPane::detailLoaded);
        page.selectRow(0);
        QTRY_COMPARE_WITH_TIMEOUT(detail.count(), 1, 10000);
        const QUuid id = model->idAt(0);
        QCOMPARE(pane->currentId(), id);

        const auto bulk = [&](BulkRequest::Action action, const QUuid &target) {
            BulkRequest request;
            request.action = action;
            request.ids = { target };
            return worker.run([request](Repository &r) { return MemoryBulk(r).run(request); }).result();
        };
        QVERIFY(bulk(BulkRequest::SoftDelete, id));
        model->refresh(); // what the bulk action's end does
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(id) == -1 && !model->isLoading(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(pane->messageText().contains(QLatin1String("deleted")), 10000);
        QVERIFY(pane->restoreButton()->isVisible());
        QTest::qWait(100);
        save(page, QStringLiteral("memories-deleted-detail.png"));

        pane->restoreButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(id) >= 0 && pane->messageText().isEmpty(), 10000);
        QCOMPARE(pane->currentId(), id);

        // Purged: nothing to restore.
        const QUuid other = model->idAt(model->rowOf(id) == 0 ? 1 : 0);
        page.selectRow(model->rowOf(other));
        QTRY_VERIFY_WITH_TIMEOUT(pane->currentId() == other && !pane->isLoading(), 10000);
        QVERIFY(bulk(BulkRequest::Purge, other));
        model->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(pane->messageText().contains(QLatin1String("deleted for good")), 10000);
        QVERIFY(!pane->restoreButton()->isVisible());
        QVERIFY(pane->currentId().isNull());
    }

    // A word search belongs to the workspace it was typed in: another workspace opens unfiltered, and
    // when a filter hides every memory the page says so and offers Clear.
    void searchBelongsToItsWorkspace()
    {
        const QString other = m_dir.filePath(QStringLiteral("other.sqlite"));
        QVERIFY(QFile::copy(m_path, other));
        const QString nothing = QStringLiteral("zqxjnothingmatches");
        {
            DatabaseWorker worker;
            openWorker(worker);
            MemoriesPage page(&worker);
            page.setWorkspace(m_path);
            page.resize(1400, 800);
            page.show();
            page.load();
            QTRY_VERIFY_WITH_TIMEOUT(page.model()->rowCount() > 0 && !page.model()->isLoading(), 10000);
            QVERIFY(page.emptyBanner()->isHidden());
            QTest::keyClicks(page.filterBar()->searchField(), nothing);
            QTRY_VERIFY_WITH_TIMEOUT(page.model()->filter().text == nothing && page.model()->matchCount() == 0, 10000);
            QTRY_VERIFY_WITH_TIMEOUT(page.emptyBanner()->isVisible(), 5000);
            QVERIFY(page.findChild<QLabel *>(QStringLiteral("emptyText"))->text().contains(nothing));
            QVERIFY(page.orderBox()->isVisible()); // a word search offers best match or newest first
            QTest::qWait(100);
            save(page, QStringLiteral("memories-filter-hides-everything.png"));
        }
        {
            // "Restart" in the other workspace: its grid is not emptied by the first one's search.
            DatabaseWorker worker;
            openWorker(worker, other);
            MemoriesPage page(&worker);
            page.setWorkspace(other);
            page.show();
            page.load();
            QVERIFY(page.filterBar()->searchText().isEmpty());
            QVERIFY(page.model()->filter().isDefault());
            QTRY_VERIFY_WITH_TIMEOUT(page.model()->rowCount() > 0 && page.model()->matchCount() > 0, 10000);
            QVERIFY(page.emptyBanner()->isHidden());
        }
        // Back in the first workspace: its search is still there, and Clear shows everything again.
        DatabaseWorker worker;
        openWorker(worker);
        MemoriesPage page(&worker);
        page.setWorkspace(m_path);
        page.show();
        page.load();
        QCOMPARE(page.filterBar()->searchText(), nothing);
        QTRY_VERIFY_WITH_TIMEOUT(page.emptyBanner()->isVisible(), 10000);
        page.findChild<QToolButton *>(QStringLiteral("clearEmptyFilter"))->click();
        QVERIFY(page.model()->filter().isDefault());
        QTRY_VERIFY_WITH_TIMEOUT(page.model()->rowCount() > 0 && page.model()->matchCount() > 0, 10000);
        QVERIFY(page.emptyBanner()->isHidden());
        QVERIFY(page.filterBar()->searchText().isEmpty());
    }

    // Imported memories that share a prompt and have no summary: the grid shows each reply's first line,
    // muted, and the Prompt column on request; "love and marriage" puts the memory most about both words
    // first, finds the one without "and", and "Newest first" is one choice away.
    void readableGridWithoutSummaries()
    {
        const QString path = m_dir.filePath(QStringLiteral("imported.sqlite"));
        const QDateTime at(QDate(2026, 4, 1), QTime(9, 0), Qt::UTC);
        QList<Memory> memories;
        const auto add = [&](const QString &reply, int minutes) {
            Memory m = sampleMemory(int(memories.size()), at.addSecs(minutes * 60));
            m.summary.clear();
            m.userPrompt = QStringLiteral("Tell me something true about people.");
            m.agentReply = reply;
            m.contextTags.clear();
            memories << m;
        };
        add(QStringLiteral("Love, marriage, love and marriage.\nA song said so."), 0);
        add(QStringLiteral("The harbor at dusk, where I felt love.\nMuch later came marriage, among ropes and nets."),
            30);
        add(QStringLiteral("Love, marriage: vows."), 10);
        add(QStringLiteral("Tides turn twice a day."), 20);
        {
            Result<std::unique_ptr<Repository>> repo = SqliteWorkspace::open(path, QStringLiteral("imported-setup"));
            QVERIFY2(repo, qPrintable(repo.errorMessage()));
            QVERIFY((*repo)->insertMemories(memories));
        }
        DatabaseWorker worker;
        openWorker(worker, path);
        MemoriesPage page(&worker);
        page.setWorkspace(path);
        page.setPromptColumnShown(true);
        page.resize(1400, 600);
        page.show();
        page.load();
        MemoryTableModel *model = page.model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() == 4 && !model->isLoading(), 10000);
        const QModelIndex first = model->index(model->rowOf(memories[0].id), MemoryTableModel::Summary);
        QCOMPARE(first.data().toString(), QStringLiteral("Love, marriage, love and marriage."));
        QCOMPARE(first.data(Qt::ForegroundRole).value<QColor>(), page.palette().color(QPalette::PlaceholderText));
        QCOMPARE(model->index(0, MemoryTableModel::Prompt).data().toString(), memories[0].userPrompt);
        QVERIFY(!page.table()->isColumnHidden(MemoryTableModel::Prompt));

        QTest::keyClicks(page.filterBar()->searchField(), QStringLiteral("love and marriage"));
        QTRY_VERIFY_WITH_TIMEOUT(
            model->filter().text == QStringLiteral("love and marriage") && model->matchCount() == 3, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() == 3 && !model->isLoading(), 10000);
        QCOMPARE(model->idAt(0), memories[0].id); // best match first
        QVERIFY(model->rowOf(memories[2].id) >= 0); // has no "and"
        QVERIFY(page.orderBox()->isVisible());
        QCOMPARE(page.orderBox()->currentIndex(), 0);
        QCOMPARE(page.table()->horizontalHeader()->sortIndicatorSection(), -1);
        QTest::qWait(100);
        save(page, QStringLiteral("memories-without-summaries.png"));

        page.orderBox()->setCurrentIndex(1);
        Q_EMIT page.orderBox()->activated(1);
        QTRY_VERIFY_WITH_TIMEOUT(model->serverSort().key == MemorySortKey::Created && !model->isLoading()
                && model->rowCount() == 3 && model->idAt(0) == memories[1].id,
            10000);
        QCOMPARE(page.table()->horizontalHeader()->sortIndicatorSection(), int(MemoryTableModel::Created));
        page.setPromptColumnShown(false);
    }

    // The Prompt column is hidden until asked for, and stays as the user left it.
    void promptColumnIsRemembered()
    {
        DatabaseWorker worker;
        openWorker(worker);
        {
            MemoriesPage page(&worker);
            QVERIFY(page.table()->isColumnHidden(MemoryTableModel::Prompt));
            page.setPromptColumnShown(true);
        }
        MemoriesPage page(&worker);
        page.resize(1400, 800);
        page.show();
        page.load();
        QVERIFY(!page.table()->isColumnHidden(MemoryTableModel::Prompt));
        QTRY_VERIFY_WITH_TIMEOUT(page.model()->rowCount() > 0 && !page.model()->isLoading(), 10000);
        QVERIFY(!page.model()->index(0, MemoryTableModel::Prompt).data().toString().isEmpty());
        page.setPromptColumnShown(false);
    }
};

QTEST_MAIN(TestMemoriesPage)
#include "tst_memoriespage.moc"
