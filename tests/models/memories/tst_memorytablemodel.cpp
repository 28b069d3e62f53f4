#include "db/databaseworker.h"
#include "demo/demogenerator.h"
#include "memories/memorytablemodel.h"
#include "db/sqliteworkspace.h"
#include "workspace/workspacesession.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <QSet>

class TestMemoryTableModel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_path;
    DemoSummary m_summary;

    void openWorker(DatabaseWorker &worker)
    {
        const QString path = m_path;
        auto opened
            = worker.open([path] { return SqliteWorkspace::open(path, QStringLiteral("model-test")); });
        opened.waitForFinished();
        QVERIFY(opened.result());
    }

    static MemoryFilter everything()
    {
        MemoryFilter filter;
        filter.archived = TriState::Any;
        return filter;
    }

    static bool drainToEnd(MemoryTableModel &model)
    {
        // Views (and the model tester) call fetchMore as they reach the end; drive it to the end.
        return QTest::qWaitFor(
            [&] {
                return (model.canFetchMore({}) && (model.fetchMore({}), false))
                    || (model.atEnd() && !model.isLoading());
            },
            20000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_path = m_dir.filePath(QStringLiteral("small.sqlite"));
        DemoSpec spec;
        spec.memories = 530;
        spec.freelancers = 100;
        spec.jobs = 30;
        const Result<DemoSummary> summary = WorkspaceSession::createDemoFile(m_path, spec);
        QVERIFY2(summary, qPrintable(summary.errorMessage()));
        m_summary = *summary;
    }

    void pagesThroughEverything()
    {
        DatabaseWorker worker;
        openWorker(worker);
        MemoryTableModel model(&worker);
        model.setPageSize(100);
        model.setFilter(everything());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy pages(&model, &MemoryTableModel::pageLoaded);
        model.reload();
        QTRY_VERIFY_WITH_TIMEOUT(!pages.isEmpty(), 10000);
        QCOMPARE(pages.first().first().toInt(), 100); // one page, not the whole table
        // Views (and the model tester) call fetchMore as they reach the end; drive it to the end.
        QTRY_VERIFY_WITH_TIMEOUT((model.canFetchMore({}) && (model.fetchMore({}), false)) || model.atEnd(), 20000);
        QCOMPARE(qint64(model.rowCount()), m_summary.memories);
        QCOMPARE(int(pages.count()), int((m_summary.memories + 99) / 100));
        QSet<QUuid> ids;
        for (int r = 0; r < model.rowCount(); ++r)
            ids.insert(model.idAt(r));
        QCOMPARE(qint64(ids.size()), m_summary.memories);
        // Newest first; display text vs. raw sort values.
        const QDateTime first = model.index(0, MemoryTableModel::Created).data(MemoryTableModel::SortRole).toDateTime();
        const QDateTime last = model.index(model.rowCount() - 1, MemoryTableModel::Created)
                                   .data(MemoryTableModel::SortRole)
                                   .toDateTime();
        QVERIFY(first > last);
        QVERIFY(!model.index(0, MemoryTableModel::TopArchetype).data().toString().isEmpty());
        QVERIFY(model.index(0, MemoryTableModel::Priority)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("priority")));
    }

    void reloadDropsStalePage()
    {
        DatabaseWorker worker;
        openWorker(worker);
        MemoryTableModel model(&worker);
        model.setPageSize(50);
        model.setFilter(everything());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        model.reload(); // the first request is still in flight: its page must not land
        QTRY_VERIFY_WITH_TIMEOUT((model.canFetchMore({}) && (model.fetchMore({}), false)) || model.atEnd(), 20000);
        QTest::qWait(100);
        QSet<QUuid> ids;
        for (int r = 0; r < model.rowCount(); ++r)
            ids.insert(model.idAt(r));
        QCOMPARE(qint64(model.rowCount()), m_summary.memories); // a stale page would add duplicates
        QCOMPARE(qint64(ids.size()), m_summary.memories);
    }

    void closedWorkspaceReportsError()
    {
        DatabaseWorker worker; // never opened
        MemoryTableModel model(&worker);
        QSignalSpy failed(&model, &MemoryTableModel::loadFailed);
        model.reload();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        QVERIFY(!failed.first().first().toString().isEmpty());
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.canFetchMore({}));
    }

    void filterAndHeaderSortRunOnTheServer()
    {
        DatabaseWorker worker;
        openWorker(worker);
        MemoryTableModel model(&worker);
        model.setPageSize(40);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        QVERIFY(drainToEnd(model));
        QTRY_VERIFY_WITH_TIMEOUT(model.matchCount() >= 0, 5000);
        const int unarchived = model.rowCount(); // the default filter hides archived memories
        QCOMPARE(qint64(unarchived), model.matchCount());
        QVERIFY(unarchived < m_summary.memories);
        for (int r = 0; r < model.rowCount(); ++r)
            QVERIFY(model.index(r, MemoryTableModel::Archived).data().toString().isEmpty());
        const QString tone = model.index(0, MemoryTableModel::Tone).data().toString();
        int withTone = 0;
        for (int r = 0; r < model.rowCount(); ++r)
            withTone += model.index(r, MemoryTableModel::Tone).data().toString() == tone;

        // A header click sorts the whole table on the server, not the loaded prefix.
        QSignalSpy sorted(&model, &MemoryTableModel::sortChanged);
        MemoryFilter filter;
        filter.tones = { tone };
        model.setFilter(filter);
        model.sort(MemoryTableModel::Priority, Qt::AscendingOrder);
        QCOMPARE(sorted.count(), 1);
        QCOMPARE(model.sortColumn(), int(MemoryTableModel::Priority));
        QCOMPARE(model.sortOrder(), Qt::AscendingOrder);
        QVERIFY(drainToEnd(model));
        QCOMPARE(model.rowCount(), withTone);
        QTRY_COMPARE_WITH_TIMEOUT(model.matchCount(), qint64(withTone), 5000);
        for (int r = 0; r < model.rowCount(); ++r) {
            QCOMPARE(model.index(r, MemoryTableModel::Tone).data().toString(), tone);
            if (r > 0)
                QVERIFY(model.index(r - 1, 0).data(MemoryTableModel::RawPriorityRole).toDouble()
                    <= model.index(r, 0).data(MemoryTableModel::RawPriorityRole).toDouble());
        }
        // Tags cannot be ordered on the server: refused, and the header is told to put its arrow back.
        model.sort(MemoryTableModel::Tags, Qt::DescendingOrder);
        QCOMPARE(sorted.count(), 2);
        QCOMPARE(model.sortColumn(), int(MemoryTableModel::Priority));
    }

    void moreLikeThisShowsNearestWithSimilarity()
    {
        DatabaseWorker worker;
        openWorker(worker);
        MemoryTableModel model(&worker);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0 && !model.isLoading(), 10000);
        const QUuid probe = model.idAt(0);
        QSignalSpy mode(&model, &MemoryTableModel::similarityModeChanged);
        model.showMoreLike(probe, 25);
        QTRY_VERIFY_WITH_TIMEOUT(model.isSimilarityMode() && model.rowCount() == 25 && !model.isLoading(), 10000);
        QCOMPARE(mode.count(), 1);
        QCOMPARE(model.rowOf(probe), -1); // not its own neighbour
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(model.sortColumn(), int(MemoryTableModel::Similarity));
        for (int r = 1; r < model.rowCount(); ++r)
            QVERIFY(model.index(r - 1, 0).data(MemoryTableModel::SimilarityRole).toDouble()
                >= model.index(r, 0).data(MemoryTableModel::SimilarityRole).toDouble());
        QVERIFY(!model.index(0, MemoryTableModel::Similarity).data().toString().isEmpty());
        // All results are loaded, so a header click orders them here.
        model.sort(MemoryTableModel::Created, Qt::AscendingOrder);
        for (int r = 1; r < model.rowCount(); ++r)
            QVERIFY(model.index(r - 1, MemoryTableModel::Created).data(MemoryTableModel::SortRole).toDateTime()
                <= model.index(r, MemoryTableModel::Created).data(MemoryTableModel::SortRole).toDateTime());
        QCOMPARE(model.rowCount(), 25);
        model.showAll();
        QTRY_VERIFY_WITH_TIMEOUT(!model.isSimilarityMode() && model.rowCount() > 0 && !model.isLoading(), 10000);
        QVERIFY(model.index(0, MemoryTableModel::Similarity).data().toString().isEmpty());
        QCOMPARE(mode.count(), 2);
    }
};

QTEST_GUILESS_MAIN(TestMemoryTableModel)
#include "tst_memorytablemodel.moc"
