#include "support/testutil.h"
#include "db/databaseworker.h"
#include "tasks/taskrunner.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <atomic>

// The open workspace's two database lanes (DatabaseWorker), and what happens to work of a workspace that
// is closed while it runs: the task runner cancels it and the worker refuses its late database calls.
class TestWorkspaceLanes : public QObject
{
    Q_OBJECT

    static DatabaseWorker::Opener sqlite(const QString &path, const QString &connection)
    {
        return [path, connection] { return SqliteWorkspace::open(path, connection); };
    }

    static qint64 memoryCount(DatabaseWorker &worker)
    {
        Result<WorkspaceCounts> counts = worker.run([](Repository &r) { return r.counts(); }).result();
        return counts ? counts->memories : -1;
    }

private Q_SLOTS:
    // A background statement that holds its lane does not hold up a read on the interactive lane.
    void interactiveReadsPassABusyBackgroundLane()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lanes.sqlite"));
        DatabaseWorker worker;
        QVERIFY(worker.open(sqlite(path, QStringLiteral("lanes-ui")), sqlite(path, QStringLiteral("lanes-bg"))).result());
        QVERIFY(worker.hasBackgroundLane());

        QSemaphore entered, release;
        std::atomic<QThread *> backgroundThread { nullptr };
        QFuture<Result<int>> blocked = worker.run(
            [&](Repository &) -> Result<int> {
                backgroundThread = QThread::currentThread();
                entered.release();
                release.acquire(); // a long COPY or bulk transaction, as far as the lane can tell
                return 1;
            },
            DatabaseWorker::Lane::Background);
        entered.acquire();

        QThread *interactiveThread = nullptr;
        QFuture<Result<WorkspaceCounts>> read = worker.run([&](Repository &r) {
            interactiveThread = QThread::currentThread();
            return r.counts();
        });
        QTRY_VERIFY(read.isFinished()); // while the background lane is still held
        QVERIFY(!blocked.isFinished());
        QVERIFY(read.result());
        QVERIFY(interactiveThread != backgroundThread.load());
        QCOMPARE(interactiveThread->objectName(), QStringLiteral("sextant-db"));
        QCOMPARE(backgroundThread.load()->objectName(), QStringLiteral("sextant-db-bg"));
        release.release();
        QCOMPARE(blocked.result().value(), 1);
    }

    // What a memory written on the background lane looks like from the interactive one: there, once committed.
    void bothLanesSeeOneWorkspace()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shared.sqlite"));
        DatabaseWorker worker;
        QVERIFY(worker.open(sqlite(path, QStringLiteral("shared-ui")), sqlite(path, QStringLiteral("shared-bg"))).result());
        const Memory m = sampleMemory(1, QDateTime::currentDateTimeUtc());
        QVERIFY(worker.run([m](Repository &r) { return r.insertMemories({ m }); }, DatabaseWorker::Lane::Background).result());
        QCOMPARE(memoryCount(worker), 1);
    }

    // The defect: a map run read workspace A, the user opened B, and the run saved into B. Now the task is
    // cancelled when B opens, its result never reaches the page, and its late write is refused.
    void aTaskOfAClosedWorkspaceCannotWriteIntoTheNextOne()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.sqlite"));
        const QString b = dir.filePath(QStringLiteral("b.sqlite"));
        DatabaseWorker worker;
        TaskRunner runner;
        QVERIFY(worker.open(sqlite(a, QStringLiteral("a-ui")), sqlite(a, QStringLiteral("a-bg"))).result());
        runner.setWorkspace(worker.generation());

        QSemaphore readDone, mayWrite;
        bool delivered = false;
        std::atomic<int> writeError { -1 };
        const quint64 task = runner.run(
            QStringLiteral("map run"), QString(),
            [&](TaskControl &) -> Result<void> {
                Result<WorkspaceCounts> read = worker.runAndWait([](Repository &r) { return r.counts(); });
                readDone.release();
                mayWrite.acquire(); // the user opens workspace B meanwhile
                const Memory m = sampleMemory(7, QDateTime::currentDateTimeUtc());
                Result<void> written = worker.runAndWait([m](Repository &r) { return r.insertMemories({ m }); });
                writeError = written ? 0 : int(written.error().code);
                return written;
            },
            this, [&](Result<void>) { delivered = true; });
        readDone.acquire();

        QVERIFY(worker.open(sqlite(b, QStringLiteral("b-ui")), sqlite(b, QStringLiteral("b-bg"))).result());
        runner.setWorkspace(worker.generation());
        QVERIFY(runner.task(task).cancelRequested);
        mayWrite.release();
        QTRY_VERIFY(!runner.task(task).isActive());

        QCOMPARE(writeError.load(), int(Error::Cancelled));
        QCOMPARE(memoryCount(worker), 0); // B holds nothing of A's run
        QCoreApplication::processEvents();
        QVERIFY(!delivered);
    }

    // A read the page posted for A and that answers after B opened is not shown on B's page.
    void aReplyForTheClosedWorkspaceIsDropped()
    {
        QTemporaryDir dir;
        DatabaseWorker worker;
        QVERIFY(worker.open(sqlite(dir.filePath(QStringLiteral("a.sqlite")), QStringLiteral("r-a"))).result());
        int answers = 0;
        QSemaphore hold;
        worker.run([&](Repository &) -> Result<int> {
            hold.acquire(); // keeps the lane busy so the call below is still queued at the switch
            return 0;
        });
        worker.call(this, [](Repository &r) { return r.counts(); }, [&](const Result<WorkspaceCounts> &) { ++answers; });
        QFuture<Result<void>> reopened = worker.open(sqlite(dir.filePath(QStringLiteral("b.sqlite")), QStringLiteral("r-b")));
        hold.release();
        QVERIFY(reopened.result());
        worker.call(this, [](Repository &r) { return r.counts(); }, [&](const Result<WorkspaceCounts> &) { answers += 10; });
        QTRY_COMPARE(answers, 10); // only the call made for B answered
    }

    // Cancelling a vector load on PostgreSQL stops the server's COPY (PQcancel) and leaves the connection
    // ready for the next statement.
    void cancellingAVectorLoadStopsTheCopy()
    {
        const std::optional<PostgresSettings> settings = recreatePostgresDatabase(QStringLiteral("sextant_lanes"));
        QVERIFY(settings);
        Result<std::unique_ptr<Repository>> opened = PostgresWorkspace::open(*settings, QStringLiteral("lanes-pg"));
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Repository &repository = *opened.value();
        QList<Memory> memories;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 5000; ++i)
            memories << sampleMemory(i, now);
        QVERIFY(repository.insertMemories(memories));

        // The server counts a cancelled statement as a rolled-back transaction; a COPY read to its end commits.
        auto rollbacks = [&repository]() -> qint64 {
            QSqlQuery q(repository.database());
            if (!q.exec(QStringLiteral("SELECT pg_stat_force_next_flush()")) || !q.exec(QStringLiteral("SELECT 1"))
                || !q.exec(QStringLiteral("SELECT pg_stat_clear_snapshot()"))
                || !q.exec(QStringLiteral("SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()"))
                || !q.next())
                return -1;
            return q.value(0).toLongLong();
        };
        const qint64 rolledBackBefore = rollbacks();
        QVERIFY(rolledBackBefore >= 0);

        qint64 calls = 0;
        Result<EmbeddingBlock> block = repository.loadEmbeddings(VectorSource::Memories, [&](qint64, qint64) {
            ++calls;
            return false; // the user pressed Cancel at the first progress report
        });
        QVERIFY(!block);
        QCOMPARE(block.error().code, Error::Cancelled);
        QCOMPARE(calls, 1);
        QCOMPARE(rollbacks(), rolledBackBefore + 1); // the server stopped the COPY instead of sending it all
        Result<WorkspaceCounts> counts = repository.counts();
        QVERIFY2(counts, qPrintable(counts.errorMessage()));
        QCOMPARE(counts->memories, 5000);
        QSqlQuery active(repository.database());
        QVERIFY(active.exec(QStringLiteral(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'COPY%' AND pid <> pg_backend_pid()")));
        QVERIFY(active.next());
        QCOMPARE(active.value(0).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceLanes)
#include "tst_workspacelanes.moc"
