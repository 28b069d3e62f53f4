#include "db/databaseworker.h"
#include "memories/memoriespage.h"
#include "memories/memoryfilterbar.h"
#include "memories/memorytablemodel.h"
#include "db/sqliteworkspace.h"
#include "window/uisettings.h"
#include "workspace/workspacesession.h"

#include <QApplication>
#include <QDir>
#include <QHeaderView>
#include <QLineEdit>
#include <QSettings>
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

    void openWorker(DatabaseWorker &worker)
    {
        const QString path = m_path;
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
};

QTEST_MAIN(TestMemoriesPage)
#include "tst_memoriespage.moc"
