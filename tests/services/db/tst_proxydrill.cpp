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
// proxy passes again, and the same step then succeeds. A stall is bounded by the stall watchdog (a clear message, then
// the same recovery), a user's Cancel works during one, and a long statement on a busy server is left to finish. The
// proxy breaks only its own connections, so the shared server is safe to use.
class TestProxyDrill : public QObject
{
    Q_OBJECT

private:
    static inline const QString Database = QStringLiteral("sextant_proxydrill_test");
    static constexpr int Seeded = 300;
    static constexpr int Batch = 500;
    static inline const QString LostWords = QStringLiteral("connection to the database server was lost");
    // Short stall bounds, so the drills take seconds (the application's are 20 s and 5 s).
    static constexpr int StallSilenceMs = 1500;
    static constexpr int StallProbeMs = 1500;
    static constexpr int CancelGraceMs = 1000;
    static constexpr int DirectSilenceMs = 1000;
    static constexpr int LongQueryMs = 3500;

    std::unique_ptr<FaultProxy> m_proxy;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<DatabaseWorker> m_direct; // to the server itself, not through the proxy
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
        m_worker->setStallPolicy(StallPolicy { StallSilenceMs, StallProbeMs, CancelGraceMs });
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

        m_direct = std::make_unique<DatabaseWorker>();
        m_direct->setStallPolicy(StallPolicy { DirectSilenceMs, StallProbeMs, CancelGraceMs });
        const PostgresSettings direct = *settings;
        opened = m_direct
                     ->open([direct]() -> Result<std::unique_ptr<Repository>> {
                         return PostgresWorkspace::open(direct, QStringLiteral("proxydrill-direct"));
                     })
                     .result();
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
    }

    // Whatever a drill left behind, the next starts with the proxy passing and the worker connected.
    void cleanup()
    {
        m_proxy->setMode(FaultProxy::Mode::Pass);
        QVERIFY(QTest::qWaitFor([this] { return count() >= 0; }, 20000));
    }

    void cleanupTestCase()
    {
        m_direct.reset();
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

    // A 500-row write (one transaction) whose replies stop after 50 bytes, with an orderly close (drop) and with a TCP
    // reset. The rows go 500 to a statement, so the replies are short: BEGIN, the savepoint and the prepare answer in
    // about 45 bytes, and the cut comes in the answer to the INSERT itself, after the server ran it and before any
    // COMMIT. Nothing of it is there; the same write afterwards saves all of it.
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
        m_proxy->setMode(mode, 50);
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

    // A stall (bytes accepted, nothing answered) during a 500-row write (one transaction): the watchdog finds the
    // statement silent for StallSilenceMs, a second connection through the same stalled path gets no answer within
    // StallProbeMs, and the write fails with a sentence that names the stall; nothing of it is there, and once the
    // proxy passes the worker reconnects and the same write saves all of it.
    void aStallFailsClearlyWithinTheBoundAndWorksAgain()
    {
        const qint64 before = count();
        QVERIFY(before >= Seeded);
        const QList<Memory> rows = memories(Batch);
        const int stallsBefore = m_worker->watchdog().stallsDeclared();
        QSignalSpy back(m_worker.get(), &DatabaseWorker::reconnected);
        m_proxy->setMode(FaultProxy::Mode::Stall);
        QElapsedTimer stalled;
        stalled.start();
        const Result<void> cut = insert(rows);
        const qint64 messageMs = stalled.elapsed();
        QVERIFY(!cut);
        QVERIFY2(cut.errorMessage().contains(QLatin1String("has not answered for")), qPrintable(cut.errorMessage()));
        QVERIFY2(
            cut.errorMessage().contains(QLatin1String("could not reach it either")), qPrintable(cut.errorMessage()));
        QVERIFY2(cut.errorMessage().contains(LostWords), qPrintable(cut.errorMessage()));
        QVERIFY(m_worker->watchdog().stallsDeclared() > stallsBefore);
        // Silence, then the probe's bound, then the watchdog's tick and the lane's own return: well inside this.
        QVERIFY2(messageMs < StallSilenceMs + StallProbeMs + 5000, qPrintable(QString::number(messageMs)));
        const qint64 reconnectMs = passAndReconnect(back);
        QVERIFY(reconnectMs >= 0);
        const qint64 afterStall = count();
        QCOMPARE(afterStall, before); // one transaction: not one of its rows

        const Result<void> again = insert(rows);
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(count(), before + Batch);
        qInfo("DRILL pg-proxy stall mid-write: rows expected %lld present %lld after the stall; %lld expected %lld "
              "present after the rerun; the message came %lld ms after the write was sent (silence bound %d ms, probe "
              "bound %d ms); reconnected %lld ms after the proxy passed again",
            before, afterStall, before + Batch, count(), messageMs, StallSilenceMs, StallProbeMs, reconnectMs);
        qInfo("  message: %s", qPrintable(cut.errorMessage()));
    }

    // The same stall on a worker with two lanes, met by a write on the background lane: the same sentence, nothing
    // of the write, and once the proxy passes the background lane is connected again (by the interactive lane's
    // monitor, or by itself before its next call) and the write saves all of it.
    void aStallOnTheBackgroundLaneFailsClearlyAndWorksAgain()
    {
        const std::optional<PostgresSettings> settings = testPostgres();
        QVERIFY(settings);
        PostgresSettings proxied = *settings;
        proxied.database = Database;
        proxied.host = m_proxy->host();
        proxied.port = m_proxy->port();
        proxied.sslMode = QStringLiteral("disable");
        DatabaseWorker lanes;
        lanes.setStallPolicy(StallPolicy { StallSilenceMs, StallProbeMs, CancelGraceMs });
        const Result<void> opened
            = lanes
                  .open(
                      [proxied]() -> Result<std::unique_ptr<Repository>> {
                          return PostgresWorkspace::open(proxied, QStringLiteral("proxydrill-fg"));
                      },
                      [proxied]() -> Result<std::unique_ptr<Repository>> {
                          return PostgresWorkspace::open(proxied, QStringLiteral("proxydrill-bg"));
                      })
                  .result();
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        QVERIFY(lanes.hasBackgroundLane());
        const qint64 before = count();
        const QList<Memory> rows = memories(Batch);
        m_proxy->setMode(FaultProxy::Mode::Stall);
        QElapsedTimer stalled;
        stalled.start();
        const Result<void> cut = lanes.runAndWait([rows](Repository &r) { return r.insertMemories(rows); });
        const qint64 messageMs = stalled.elapsed();
        QVERIFY(!cut);
        QVERIFY2(cut.errorMessage().contains(QLatin1String("has not answered for")), qPrintable(cut.errorMessage()));
        QVERIFY2(cut.errorMessage().contains(LostWords), qPrintable(cut.errorMessage()));
        m_proxy->setMode(FaultProxy::Mode::Pass);
        QVERIFY(QTest::qWaitFor([this] { return count() >= 0; }, 20000));
        const qint64 afterStall = count();
        QCOMPARE(afterStall, before);
        Result<void> again = lanes.runAndWait([rows](Repository &r) { return r.insertMemories(rows); });
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(count(), before + Batch);
        qInfo("DRILL pg-proxy stall on the background lane: rows expected %lld present %lld after the stall; %lld "
              "expected %lld present after the rerun; the message came %lld ms after the write was sent",
            before, afterStall, before + Batch, count(), messageMs);
    }

    // A user's Cancel while a write waits on a stalled network: the cancel request cannot reach the server either,
    // so after the grace the socket is shut and the call returns Error::Cancelled; nothing of it is there. The
    // silence bound is lifted for this drill, so only the Cancel ends the wait.
    void aCancelDuringAStallReturnsPromptly()
    {
        const qint64 before = count();
        const QList<Memory> rows = memories(Batch);
        QSignalSpy back(m_worker.get(), &DatabaseWorker::reconnected);
        m_worker->setStallPolicy(StallPolicy { 600000, StallProbeMs, CancelGraceMs });
        m_proxy->setMode(FaultProxy::Mode::Stall);
        QElapsedTimer clock;
        clock.start();
        qint64 cancelledAtMs = -1;
        const Result<void> cancelled = m_worker->runAndWait([rows](Repository &r) { return r.insertMemories(rows); },
            [&] {
                if (cancelledAtMs < 0 && clock.elapsed() >= 1000)
                    cancelledAtMs = clock.elapsed();
                return cancelledAtMs >= 0;
            });
        const qint64 returnedMs = clock.elapsed() - cancelledAtMs;
        m_worker->setStallPolicy(StallPolicy { StallSilenceMs, StallProbeMs, CancelGraceMs });
        QVERIFY(cancelledAtMs >= 0);
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error().code, Error::Cancelled);
        QVERIFY2(cancelled.errorMessage().contains(QLatin1String("Cancelled")), qPrintable(cancelled.errorMessage()));
        QVERIFY2(returnedMs < CancelGraceMs + 3000, qPrintable(QString::number(returnedMs)));
        const qint64 reconnectMs = passAndReconnect(back);
        QVERIFY(reconnectMs >= 0);
        const qint64 present = count();
        QCOMPARE(present, before);
        qInfo("DRILL pg-proxy cancel during a stall: rows expected %lld present %lld; the call returned %lld ms after "
              "Cancel (grace %d ms); reconnected %lld ms after the proxy passed again",
            before, present, returnedMs, CancelGraceMs, reconnectMs);
        qInfo("  message: %s", qPrintable(cancelled.errorMessage()));
    }

    // A long statement on a healthy server sends nothing either: the probes find its backend working and let it
    // finish, however many silence bounds it takes (on a direct connection, no proxy).
    void aLongQueryOnABusyServerIsNotKilled()
    {
        const int probesBefore = m_direct->watchdog().probes();
        const int busyBefore = m_direct->watchdog().busyAnswers();
        QElapsedTimer took;
        took.start();
        const Result<qint64> slept = m_direct->runAndWait([](Repository &r) -> Result<qint64> {
            QSqlQuery q(r.database());
            const QString sql = QStringLiteral("SELECT 42 FROM pg_sleep(%1)").arg(LongQueryMs / 1000.0);
            if (!q.exec(sql) || !q.next())
                return Repository::queryError(q, QStringLiteral("Sleeping"));
            return q.value(0).toLongLong();
        });
        const qint64 tookMs = took.elapsed();
        QVERIFY2(slept, qPrintable(slept.errorMessage()));
        QCOMPARE(*slept, 42);
        const int probes = m_direct->watchdog().probes() - probesBefore;
        const int busy = m_direct->watchdog().busyAnswers() - busyBefore;
        QVERIFY(probes >= 2); // the statement outlasted the silence bound at least twice
        QCOMPARE(busy, probes);
        QCOMPARE(m_direct->watchdog().stallsDeclared(), 0);
        qInfo("DRILL pg long query: pg_sleep of %d ms took %lld ms with a %d ms silence bound; %d probes, all found "
              "the backend working; no stall declared",
            LongQueryMs, tookMs, DirectSilenceMs, probes);
    }

    // A call that computes between two statements of one transaction leaves the server idle in that transaction
    // with nothing outstanding: however long it computes, the lane is not waiting for the server, so nothing is
    // probed and nothing is closed.
    void aClientBusyBetweenStatementsIsNotKilled()
    {
        const int probesBefore = m_direct->watchdog().probes();
        const Result<qint64> answered = m_direct->runAndWait([](Repository &r) -> Result<qint64> {
            qint64 value = 0;
            const Result<void> done = r.inTransaction([&r, &value]() -> Result<void> {
                QSqlQuery q(r.database());
                if (!q.exec(QStringLiteral("SELECT 1")))
                    return Repository::queryError(q, QStringLiteral("First"));
                QElapsedTimer busy;
                busy.start();
                volatile qint64 spin = 0;
                while (busy.elapsed() < 3 * DirectSilenceMs)
                    spin = spin + 1;
                if (!q.exec(QStringLiteral("SELECT 7")) || !q.next())
                    return Repository::queryError(q, QStringLiteral("Second"));
                value = q.value(0).toLongLong();
                return {};
            });
            if (!done)
                return done.error();
            return value;
        });
        QVERIFY2(answered, qPrintable(answered.errorMessage()));
        QCOMPARE(*answered, 7);
        QCOMPARE(m_direct->watchdog().probes(), probesBefore);
        QCOMPARE(m_direct->watchdog().stallsDeclared(), 0);
    }

    // Cancel of a long statement on a healthy connection: the server stops it (pg_cancel_backend), the call returns
    // Error::Cancelled soon, and the same connection answers the next call without a reconnect.
    void aCancelOfALongQueryStopsTheServer()
    {
        QElapsedTimer clock;
        clock.start();
        qint64 cancelledAtMs = -1;
        const Result<qint64> stopped = m_direct->runAndWait(
            [](Repository &r) -> Result<qint64> {
                QSqlQuery q(r.database());
                if (!q.exec(QStringLiteral("SELECT 1 FROM pg_sleep(60)")) || !q.next())
                    return Repository::queryError(q, QStringLiteral("Sleeping"));
                return q.value(0).toLongLong();
            },
            [&] {
                if (cancelledAtMs < 0 && clock.elapsed() >= 500)
                    cancelledAtMs = clock.elapsed();
                return cancelledAtMs >= 0;
            });
        const qint64 returnedMs = clock.elapsed() - cancelledAtMs;
        QVERIFY(!stopped);
        QCOMPARE(stopped.error().code, Error::Cancelled);
        QVERIFY2(stopped.errorMessage().contains(QLatin1String("server stopped")), qPrintable(stopped.errorMessage()));
        QVERIFY2(returnedMs < 10000, qPrintable(QString::number(returnedMs)));
        const Result<int> version = m_direct->runAndWait([](Repository &r) { return r.schemaVersion(); });
        QVERIFY2(version, qPrintable(version.errorMessage()));
        qInfo("DRILL pg cancel of a long query: returned %lld ms after Cancel; the connection answered the next call",
            returnedMs);
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    TestProxyDrill test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_proxydrill.moc"
