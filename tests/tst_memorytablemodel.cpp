#include "databaseworker.h"
#include "demogenerator.h"
#include "memorytablemodel.h"
#include "sqliteworkspace.h"
#include "workspacesession.h"

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
        auto opened = worker.open([path] { return asRepository(SqliteWorkspace::open(path, QStringLiteral("model-test"))); });
        opened.waitForFinished();
        QVERIFY(opened.result());
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
};

QTEST_GUILESS_MAIN(TestMemoryTableModel)
#include "tst_memorytablemodel.moc"
