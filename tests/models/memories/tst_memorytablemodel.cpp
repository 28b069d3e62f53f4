#include "db/databaseworker.h"
#include "db/postgresworkspace.h"
#include "db/sqliteworkspace.h"
#include "demo/demogenerator.h"
#include "memories/memorytablemodel.h"
#include "support/testutil.h"
#include "workspace/workspacesession.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QGuiApplication>
#include <QPalette>
#include <QSignalSpy>
#include <QSqlQuery>
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

    void refreshMergesChangesInPlace()
    {
        // A copy of the workspace: this test changes rows the other tests count.
        const QString path = m_dir.filePath(QStringLiteral("refresh.sqlite"));
        QVERIFY(QFile::copy(m_path, path));
        DatabaseWorker worker;
        auto opened = worker.open([path] { return SqliteWorkspace::open(path, QStringLiteral("refresh-model")); });
        opened.waitForFinished();
        QVERIFY(opened.result());
        MemoryTableModel model(&worker);
        model.setPageSize(50);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        QVERIFY(drainToEnd(model)); // the tester fetches more after every insert: let it reach the end first
        const int rows = model.rowCount();
        QVERIFY(rows > 50);
        const QUuid archived = model.idAt(10);
        const QUuid edited = model.idAt(20);
        const QPersistentModelIndex kept(model.index(20, MemoryTableModel::Summary));
        const QDateTime newest
            = model.index(0, MemoryTableModel::Created).data(MemoryTableModel::SortRole).toDateTime().addSecs(60);

        // Another client adds the newest memory, archives one on screen (the default filter hides it) and edits one.
        Result<std::unique_ptr<Repository>> other = SqliteWorkspace::open(path, QStringLiteral("refresh-other"));
        QVERIFY2(other, qPrintable(other.errorMessage()));
        Repository &repo = **other;
        const Memory added = sampleMemory(1, newest);
        QVERIFY(repo.insertMemories({ added }));
        const SqlDialect &d = repo.dialect();
        const QString table = d.table(Table::Memories);
        QSqlQuery q(repo.database());
        q.prepare(QLatin1String("UPDATE ") + table + QLatin1String(" SET archived_at = ")
            + d.placeholder(QStringLiteral("at"), SqlDialect::Time) + QLatin1String(" WHERE id = ")
            + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
        q.bindValue(QStringLiteral(":at"), d.time(newest));
        q.bindValue(QStringLiteral(":id"), d.uuid(archived));
        QVERIFY(q.exec());
        q.prepare(QLatin1String("UPDATE ") + table + QLatin1String(" SET summary = 'Edited elsewhere' WHERE id = ")
            + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
        q.bindValue(QStringLiteral(":id"), d.uuid(edited));
        QVERIFY(q.exec());

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy refreshed(&model, &MemoryTableModel::refreshed);
        model.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 1, 10000);
        // Merged, not reset: one row in at the top, the archived one out, and the edited row kept its index.
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 10);
        QCOMPARE(model.rowCount(), rows);
        QCOMPARE(model.idAt(0), added.id);
        QCOMPARE(model.index(0, MemoryTableModel::Summary).data().toString(), added.summary);
        QCOMPARE(model.rowOf(archived), -1);
        QVERIFY(kept.isValid());
        QCOMPARE(kept.row(), 20); // one in above it, one out above it
        QCOMPARE(model.idAt(kept.row()), edited);
        QCOMPARE(kept.data().toString(), QStringLiteral("Edited elsewhere"));
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

    // Imported memories often have no summary: the grid shows the reply's first line instead, in the
    // palette's placeholder colour so it does not pass for a summary; the Prompt column has the prompt's.
    void missingSummaryShowsTheReplyMuted_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::newRow("sqlite") << false;
        QTest::newRow("postgres") << true;
    }
    void missingSummaryShowsTheReplyMuted()
    {
        QFETCH(bool, postgres);
        const QDateTime at(QDate(2026, 5, 1), QTime(8, 0), Qt::UTC);
        Memory bare = sampleMemory(1, at);
        bare.summary.clear();
        bare.userPrompt = QStringLiteral("\n  What should I plant in March?\nAnd where?");
        bare.agentReply = QStringLiteral("\nPeas and early lettuce, under fleece.\nThen wait for April.");
        Memory summarised = sampleMemory(2, at.addSecs(-60));

        DatabaseWorker worker;
        std::optional<PostgresSettings> settings;
        QString path;
        {
            std::unique_ptr<Repository> repo;
            if (postgres) {
                settings = recreatePostgresDatabase(QStringLiteral("sextant_model_preview"));
                QVERIFY(settings);
                Result<std::unique_ptr<Repository>> opened
                    = PostgresWorkspace::open(*settings, QStringLiteral("preview-setup"));
                QVERIFY2(opened, qPrintable(opened.errorMessage()));
                repo = std::move(opened.value());
            } else {
                repo = openTempWorkspace(m_dir, QStringLiteral("preview"));
                path = m_dir.filePath(QStringLiteral("preview.sqlite"));
            }
            QVERIFY(repo);
            QVERIFY(repo->insertMemories({ bare, summarised }));
        }
        auto opened = worker.open([settings, path]() -> Result<std::unique_ptr<Repository>> {
            if (settings)
                return PostgresWorkspace::open(*settings, QStringLiteral("preview-model"));
            return SqliteWorkspace::open(path, QStringLiteral("preview-model"));
        });
        opened.waitForFinished();
        QVERIFY2(opened.result(), qPrintable(opened.result().errorMessage()));

        MemoryTableModel model(&worker);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        QVERIFY(drainToEnd(model));
        QCOMPARE(model.rowCount(), 2);
        const int bareRow = model.rowOf(bare.id);
        const int summarisedRow = model.rowOf(summarised.id);
        const QModelIndex preview = model.index(bareRow, MemoryTableModel::Summary);
        QCOMPARE(preview.data().toString(), QStringLiteral("Peas and early lettuce, under fleece."));
        const QColor muted = QGuiApplication::palette().color(QPalette::PlaceholderText);
        QCOMPARE(preview.data(Qt::ForegroundRole).value<QColor>(), muted);
        QCOMPARE(model.index(bareRow, MemoryTableModel::Prompt).data().toString(),
            QStringLiteral("What should I plant in March?"));
        const QModelIndex written = model.index(summarisedRow, MemoryTableModel::Summary);
        QCOMPARE(written.data().toString(), summarised.summary);
        QVERIFY(!written.data(Qt::ForegroundRole).isValid()); // a real summary keeps the view's colour
        QCOMPARE(model.headerData(MemoryTableModel::Prompt, Qt::Horizontal).toString(), QStringLiteral("Prompt"));
    }

    // A word search ranks best match first until a column is chosen; the header shows no column then.
    void wordSearchRanksUntilAColumnIsChosen()
    {
        DatabaseWorker worker;
        openWorker(worker);
        MemoryTableModel model(&worker);
        QCOMPARE(model.serverSort().key, MemorySortKey::Relevance);
        QCOMPARE(model.sortColumn(), int(MemoryTableModel::Created)); // no words: newest first
        QCOMPARE(model.sortOrder(), Qt::DescendingOrder);
        model.sort(MemoryTableModel::Created, Qt::DescendingOrder); // the view repeating its indicator
        QCOMPARE(model.serverSort().key, MemorySortKey::Relevance);
        QSignalSpy sortChanged(&model, &MemoryTableModel::sortChanged);
        MemoryFilter filter = everything();
        filter.text = QStringLiteral("the");
        model.setFilter(filter);
        QVERIFY(model.isRankedByRelevance());
        QCOMPARE(model.sortColumn(), -1);
        QCOMPARE(sortChanged.count(), 1);
        model.sort(MemoryTableModel::Created, Qt::DescendingOrder);
        QCOMPARE(model.serverSort().key, MemorySortKey::Created);
        QVERIFY(!model.isRankedByRelevance());
    }
};

QTEST_MAIN(TestMemoryTableModel)
#include "tst_memorytablemodel.moc"
