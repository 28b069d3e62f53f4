#include "db/databaseworker.h"
#include "db/postgresworkspace.h"
#include "support/faultproxy.h"
#include "support/testutil.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>

// Network fault drills between Sextant and PostgreSQL (issue 21, item 3): a DatabaseWorker reaches the test server
// only through a loopback FaultProxy, which cuts a reply in the middle (FIN), resets the connection (RST) in the
// middle of a write, stalls, and slows to a trickle. Each failed step names the lost connection and writes nothing
// (a many-row write is one transaction: the count before and after), the worker reconnects by itself once the
// proxy passes again, and the same step then succeeds. The proxy breaks only its own connections, so the shared
// server is safe to use.
class TestProxyDrill : public QObject
{
    Q_OBJECT

private:
    static inline const QString Database = QStringLiteral("sextant_proxydrill_test");
    static constexpr int Seeded = 300;
    static constexpr int Batch = 500;
    static inline const QString LostWords = QStringLiteral("connection to the database server was lost");

    std::unique_ptr<FaultProxy> m_proxy;
    std::unique_ptr<DatabaseWorker> m_worker;
    QString m_memories;
    int m_made = 0;

    QList<Memory> memories(int n)
    {
        const QDateTime base(QDate(2026, 5, 1), QTime(8, 0), Qt::UTC);
        QList<Memory> out;
        for (int i = 0; i < n; ++i, ++m_made)
            out << sampleMemory(m_made, base.addSecs(m_made));
        return out;
    }

    qint64 count()
    {
        Result<qint64> n = m_worker->runAndWait([this](Repository &r) -> Result<qint64> {
            QSqlQuery q(r.database());
            const QString sql = QStringLiteral("SELECT count(*) FROM %1").arg(m_memories);
            if (!q.exec(sql) || !q.next())
                return Repository::queryError(q, sql);
            return q.value(0).toLongLong();
        });
        return n ? *n : -1;
    }

    Result<void> insert(const QList<Memory> &rows)
    {
        return m_worker->runAndWait([rows](Repository &r) { return r.insertMemories(rows); });
    }

    // Lets the proxy pass again and waits for the worker's monitor to find the connection gone and open a new one;
    // the milliseconds from the pass to the reconnection.
    qint64 passAndReconnect(QSignalSpy &back)
    {
        QElapsedTimer outage;
        outage.start();
        m_proxy->setMode(FaultProxy::Mode::Pass);
        if (!QTest::qWaitFor([&] { return back.count() >= 1; }, 20000))
            return -1;
        return outage.elapsed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const std::optional<PostgresSettings> settings = recreatePostgresDatabase(Database);
        QVERIFY(settings);
        m_proxy = std::make_unique<FaultProxy>(settings->host, quint16(settings->port));
        QVERIFY(m_proxy->listen());
        PostgresSettings proxied = *settings;
        proxied.host = m_proxy->host();
        proxied.port = m_proxy->port();
        proxied.sslMode = QStringLiteral("disable"); // the bytes the proxy counts are the protocol's own
        m_worker = std::make_unique<DatabaseWorker>();
        Result<void> opened = m_worker
                                  ->open([proxied]() -> Result<std::unique_ptr<Repository>> {
                                      return PostgresWorkspace::open(proxied, QStringLiteral("proxydrill"));
                                  })
                                  .result();
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        m_memories
            = m_worker->runAndWait([](Repository &r) -> Result<QString> { return r.dialect().table(Table::Memories); })
                  .value();
        const Result<void> seeded = insert(memories(Seeded));
        QVERIFY2(seeded, qPrintable(seeded.errorMessage()));
        QCOMPARE(count(), Seeded);
        QVERIFY(m_proxy->connectionsAccepted() >= 1);
    }

    // Whatever a drill left behind, the next starts with the proxy passing and the worker connected.
    void cleanup()
    {
        m_proxy->setMode(FaultProxy::Mode::Pass);
        QVERIFY(QTest::qWaitFor([this] { return count() >= 0; }, 20000));
    }

    void cleanupTestCase()
    {
        m_worker.reset();
        m_proxy.reset();
    }

    // The vectors of every memory (a binary COPY of about 2 MB) cut off after 50 kB.
    void aReadCutMidReplyFailsClearlyAndWorksAgain()
    {
        QSignalSpy back(m_worker.get(), &DatabaseWorker::reconnected);
        m_proxy->setMode(FaultProxy::Mode::Drop, 50000);
        const Result<EmbeddingBlock> cut
            = m_worker->runAndWait([](Repository &r) { return r.loadEmbeddings(VectorSource::Memories); });
        QVERIFY(!cut);
        QVERIFY2(cut.errorMessage().contains(LostWords), qPrintable(cut.errorMessage()));
        const qint64 reconnectMs = passAndReconnect(back);
        QVERIFY(reconnectMs >= 0);
        const Result<EmbeddingBlock> again
            = m_worker->runAndWait([](Repository &r) { return r.loadEmbeddings(VectorSource::Memories); });
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(again->rows(), Seeded);
        qInfo("DRILL pg-proxy drop mid-read: rows expected %d present %lld after the retry; reconnected %lld ms after "
              "the proxy passed again",
            Seeded, qint64(again->rows()), reconnectMs);
    }

    // A 500-row write (one transaction) whose replies stop after 3 kB (about a hundred rows in), with an orderly
    // close (drop) and with a TCP reset: nothing of it is there; the same write afterwards saves all of it.
    void aWriteCutMidwaySavesNothingAndRunsAgain_data()
    {
        QTest::addColumn<FaultProxy::Mode>("mode");
        QTest::newRow("drop") << FaultProxy::Mode::Drop;
        QTest::newRow("reset") << FaultProxy::Mode::Reset;
    }

    void aWriteCutMidwaySavesNothingAndRunsAgain()
    {
        QFETCH(FaultProxy::Mode, mode);
        const qint64 before = count();
        QVERIFY(before >= Seeded);
        const QList<Memory> rows = memories(Batch);
        QSignalSpy back(m_worker.get(), &DatabaseWorker::reconnected);
        const qint64 cutsBefore = m_proxy->connectionsCut();
        m_proxy->setMode(mode, 3000);
        const Result<void> cut = insert(rows);
        QVERIFY(!cut);
        QCOMPARE(m_proxy->connectionsCut(), cutsBefore + 1);
        QVERIFY2(cut.errorMessage().contains(LostWords), qPrintable(cut.errorMessage()));
        const qint64 reconnectMs = passAndReconnect(back);
        QVERIFY(reconnectMs >= 0);
        const qint64 afterCut = count();
        QCOMPARE(afterCut, before); // one transaction: not one of its rows

        const Result<void> again = insert(rows);
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(count(), before + Batch);
        qInfo("DRILL pg-proxy %s mid-write: rows expected %lld present %lld after the cut; %lld expected %lld present "
              "after the rerun; reconnected %lld ms after the proxy passed again",
            QTest::currentDataTag(), before, afterCut, before + Batch, count(), reconnectMs);
    }

    // A reset of every connection while idle: the next query fails with the same sentence, then the worker is back.
    void aResetWhileIdleFailsTheNextQueryClearly()
    {
        QSignalSpy lost(m_worker.get(), &DatabaseWorker::connectionLost);
        QSignalSpy back(m_worker.get(), &DatabaseWorker::reconnected);
        m_proxy->setMode(FaultProxy::Mode::Reset);
        // The monitor's ping (one a second) meets the reset first, or the count does: either way the count fails.
        const Result<qint64> failed = m_worker->runAndWait([this](Repository &r) -> Result<qint64> {
            QSqlQuery q(r.database());
            if (!q.exec(QStringLiteral("SELECT count(*) FROM %1").arg(m_memories)) || !q.next())
                return Repository::queryError(q, QStringLiteral("Counting memories"));
            return q.value(0).toLongLong();
        });
        QVERIFY(!failed);
        QVERIFY2(failed.errorMessage().contains(LostWords), qPrintable(failed.errorMessage()));
        QVERIFY(QTest::qWaitFor([&] { return lost.count() >= 1; }, 5000));
        // New connections are reset too while the mode holds: the monitor keeps retrying.
        QTest::qWait(1500);
        QCOMPARE(back.count(), 0);
        const qint64 reconnectMs = passAndReconnect(back);
        QVERIFY(reconnectMs >= 0);
        const qint64 present = count();
        QVERIFY(present >= Seeded);
        qInfo("DRILL pg-proxy reset while idle: rows expected %lld present %lld; reconnected %lld ms after the proxy "
              "passed again",
            present, present, reconnectMs);
    }

    // A trickle (512 bytes per direction every 5 ms, about 100 kB/s) is slow, not broken: a 50-row write and a read
    // of every vector complete with the right rows.
    void aTrickleStillCompletes()
    {
        const qint64 before = count();
        const QList<Memory> rows = memories(50);
        m_proxy->setMode(FaultProxy::Mode::Trickle, 512);
        QElapsedTimer took;
        took.start();
        const Result<void> written = insert(rows);
        QVERIFY2(written, qPrintable(written.errorMessage()));
        const qint64 writeMs = took.restart();
        m_proxy->setMode(FaultProxy::Mode::Trickle, 16384);
        const Result<EmbeddingBlock> read
            = m_worker->runAndWait([](Repository &r) { return r.loadEmbeddings(VectorSource::Memories); });
        QVERIFY2(read, qPrintable(read.errorMessage()));
        const qint64 readMs = took.elapsed();
        m_proxy->setMode(FaultProxy::Mode::Pass);
        QCOMPARE(read->rows(), before + rows.size());
        QCOMPARE(count(), before + rows.size());
        qInfo("DRILL pg-proxy trickle: rows expected %lld present %lld (write %lld ms at 100 kB/s, read of every "
              "vector %lld ms at 3 MB/s); no reconnect needed",
            before + rows.size(), qint64(read->rows()), writeMs, readMs);
    }

    // A stall: nothing bounds a read that waits on a silent connection (no statement or socket timeout on the
    // client; TCP keepalives probe only an idle socket, and a proxy that holds bytes answers them). The query waits
    // as long as the stall lasts; once the bytes flow again it completes with the right answer.
    void aStallHoldsTheQueryUntilTheBytesFlowAgain()
    {
        const qint64 expected = count();
        m_proxy->setMode(FaultProxy::Mode::Stall);
        QFuture<Result<qint64>> waiting = m_worker->run([this](Repository &r) -> Result<qint64> {
            QSqlQuery q(r.database());
            if (!q.exec(QStringLiteral("SELECT count(*) FROM %1").arg(m_memories)) || !q.next())
                return Repository::queryError(q, QStringLiteral("Counting memories"));
            return q.value(0).toLongLong();
        });
        QElapsedTimer stalled;
        stalled.start();
        QTest::qWait(3000);
        const bool stillWaiting = !waiting.isFinished();
        m_proxy->setMode(FaultProxy::Mode::Pass);
        QVERIFY(QTest::qWaitFor([&] { return waiting.isFinished(); }, 20000));
        const qint64 waitedMs = stalled.elapsed();
        const Result<qint64> answer = waiting.result();
        QVERIFY2(answer, qPrintable(answer.errorMessage()));
        QCOMPARE(*answer, expected);
        qInfo("DRILL pg-proxy stall: rows expected %lld present %lld; the query %s after 3 s of stall and answered "
              "%lld ms after it was sent, once the proxy passed (no client timeout bounds a stalled read)",
            expected, *answer, stillWaiting ? "was still waiting" : "had already returned", waitedMs);
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    TestProxyDrill test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_proxydrill.moc"
