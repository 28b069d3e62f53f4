#include "db/sqlbatch.h"
#include "memories/memorybulk.h"
#include "memories/memoryimport.h"
#include "memories/memoryrecord.h"
#include "support/importtestutil.h"
#include "support/killdrill.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>

// Fault drills for the memory writes (issue 21, item 3): the PostgreSQL server is killed (pg_ctl stop -m immediate,
// no shutdown checkpoint) in the middle of an import and in the middle of a bulk action, then started again through
// crash recovery. The import is one transaction: after the kill none of its rows is there, and running it again
// writes every row once. The bulk action commits chunk by chunk: the chunks committed before the kill are there
// whole, with their audit entries, the chunk in flight is not there at all, and running it again finishes the
// rest. The kill comes from the progress callback, so it lands between known batches on every run.
// It stops the shared test server, so CTest runs it alone (RUN_SERIAL); SEXTANT_TEST_PG_CONTROL names
// packaging/scripts/pg-test-server.sh (test.sh sets it).
class TestWriteDrill : public QObject
{
    Q_OBJECT

private:
    static inline const QString Database = QStringLiteral("sextant_writedrill_test");
    static constexpr int Memories = 6000;
    static constexpr int Chunk = 500;
    QTemporaryDir m_dir;
    QString m_control;
    bool m_crashed = false;
    std::unique_ptr<DatabaseWorker> m_worker;
    PostgresSettings m_settings;
    QString m_memories; // the memories table, with its schema

    bool server(const char *command) { return runServerControl(m_control, command); }

    qint64 scalar(const QString &sql) { return drillScalar(*m_worker, sql); }

    qint64 audits(const QString &action)
    {
        Result<qint64> n
            = m_worker->runAndWait([action](Repository &r) -> Result<qint64> { return auditCount(r, action); });
        return n ? *n : -1;
    }

    // Brings the killed server back and waits for the worker to find it; returns the milliseconds that took.
    qint64 resumeAndReconnect(QSignalSpy &back)
    {
        QElapsedTimer outage;
        outage.start();
        if (!server("resume"))
            return -1;
        m_crashed = false;
        if (!QTest::qWaitFor([&] { return back.count() >= 1; }, 30000))
            return -1;
        return outage.elapsed();
    }

    static ImportPlan plan()
    {
        const QDateTime base(QDate(2026, 4, 1), QTime(8, 0), Qt::UTC);
        QByteArray data;
        for (int i = 0; i < Memories; ++i) {
            Memory m = sampleMemory(i, base.addSecs(i));
            m.id = QUuid::createUuid();
            m.updatedAt = m.createdAt;
            data += QJsonDocument(MemoryRecord::toJson(m, {}, {}, true)).toJson(QJsonDocument::Compact) + '\n';
        }
        Result<ImportPlan> p = MemoryImport::readMemoryData(data, ImportFormat::Jsonl, QStringLiteral("drill.jsonl"));
        return p ? *p : ImportPlan {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        REQUIRE_SERVER_CONTROL(m_control);
        std::optional<PostgresSettings> settings = durableDrillDatabase(Database);
        QVERIFY(settings);
        m_settings = *settings;
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> opened = openDrillWorker(*m_worker, m_settings, QStringLiteral("drill"));
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        m_memories = m_worker
                         ->runAndWait([](Repository &r) -> Result<QString> { return r.dialect().table(Table::Memories); })
                         .value();
    }

    void cleanupTestCase()
    {
        m_worker.reset();
        if (m_crashed)
            server("resume"); // whatever happened, leave the shared server running for the tests after this one
    }

    void anImportKilledMidwayLeavesNothingAndRunsAgain()
    {
        const ImportPlan rows = plan();
        QCOMPARE(rows.valid.size(), Memories);
        QSignalSpy back(m_worker.get(), &DatabaseWorker::reconnected);
        qsizetype writtenBeforeKill = 0;
        ImportOptions options;
        options.batchSize = Chunk;
        options.progress = [&](qsizetype done, qsizetype) {
            if (done >= 3 * Chunk && !m_crashed) {
                writtenBeforeKill = done;
                m_crashed = server("crash"); // on the database thread, inside the import's transaction
            }
            return true;
        };
        const Result<ImportResult> killed
            = m_worker->runAndWait([&](Repository &r) { return MemoryImport::applyImport(r, rows, options); });
        QVERIFY(m_crashed);
        QVERIFY(!killed);
        QVERIFY2(killed.errorMessage().contains(QStringLiteral("connection to the database server was lost")),
            qPrintable(killed.errorMessage()));

        const qint64 reconnectMs = resumeAndReconnect(back);
        QVERIFY(reconnectMs >= 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM %1").arg(m_memories)), 0); // one transaction: nothing
        QCOMPARE(audits(QStringLiteral("import")), 0);

        options.progress = {};
        const Result<ImportResult> again
            = m_worker->runAndWait([&](Repository &r) { return MemoryImport::applyImport(r, rows, options); });
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(again->memories, Memories);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM %1").arg(m_memories)), Memories);
        QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT id) FROM %1").arg(m_memories)), Memories);
        QCOMPARE(audits(QStringLiteral("import")), 1);
        qInfo("DRILL import: %lld rows written before the kill, 0 expected and 0 present after it; %d expected and "
              "%lld present after the rerun; reconnected %lld ms after the server started again",
            qint64(writtenBeforeKill), Memories, scalar(QStringLiteral("SELECT count(*) FROM %1").arg(m_memories)),
            reconnectMs);
    }

    void aBulkActionKilledMidwayKeepsWholeChunksAndFinishes()
    {
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM %1").arg(m_memories)), Memories); // the import's rows
        Result<QList<QUuid>> ids = m_worker->runAndWait([this](Repository &r) -> Result<QList<QUuid>> {
            QSqlQuery q(r.database());
            if (!q.exec(QStringLiteral("SELECT id FROM %1 ORDER BY created_at").arg(m_memories)))
                return Repository::queryError(q, QStringLiteral("ids"));
            QList<QUuid> out;
            while (q.next())
                out << QUuid(q.value(0).toString());
            return out;
        });
        QVERIFY(ids);
        BulkRequest request;
        request.action = BulkRequest::AddTag;
        request.tag = QStringLiteral("drill");
        request.ids = *ids;
        request.chunkSize = Chunk;
        QSignalSpy back(m_worker.get(), &DatabaseWorker::reconnected);
        qint64 committedBeforeKill = 0;
        const Result<BulkReport> killed = m_worker->runAndWait([&](Repository &r) {
            MemoryBulk bulk(r);
            return bulk.run(request, [&](qint64 done, qint64) {
                if (done >= 3 * Chunk && !m_crashed) {
                    committedBeforeKill = done;
                    m_crashed = server("crash");
                }
                return true;
            });
        });
        QVERIFY(m_crashed);
        QVERIFY(!killed);
        QVERIFY2(killed.errorMessage().contains(QStringLiteral("connection to the database server was lost")),
            qPrintable(killed.errorMessage()));
        QCOMPARE(committedBeforeKill, 3 * Chunk);

        const qint64 reconnectMs = resumeAndReconnect(back);
        QVERIFY(reconnectMs >= 0);
        const QString tagged
            = QStringLiteral("SELECT count(*) FROM %1 WHERE 'drill' = ANY(context_tags)").arg(m_memories);
        const qint64 presentAfterKill = scalar(tagged);
        QCOMPARE(presentAfterKill, committedBeforeKill); // whole chunks: the one in flight is not there at all
        QCOMPARE(audits(QStringLiteral("bulk_tag_add")), 3);

        const Result<BulkReport> again = m_worker->runAndWait([&](Repository &r) { return MemoryBulk(r).run(request); });
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(again->changed, Memories - committedBeforeKill);
        QCOMPARE(again->unchanged, committedBeforeKill);
        QCOMPARE(scalar(tagged), Memories);
        qInfo("DRILL bulk: %lld rows expected after the kill (3 whole chunks), %lld present; %d expected and %lld "
              "present after the rerun; reconnected %lld ms after the server started again",
            committedBeforeKill, presentAfterKill, Memories, scalar(tagged), reconnectMs);
    }

    void aBatchCutByALostConnectionBlamesNoRow()
    {
        // The kill lands between two rows of one batch. The row that then fails did nothing wrong, so the message
        // must not name it: a 200,000-row import killed by hand said "Row 24: Saving memories failed: the connection
        // … was lost", and row 24 of the file was fine.
        QSignalSpy back(m_worker.get(), &DatabaseWorker::reconnected);
        const QList<int> rows { 1, 2, 3, 4, 5, 6 };
        const Result<void> cut = m_worker->runAndWait([&](Repository &r) {
            return runBatch(r, QStringLiteral("Counting"), QStringLiteral("SELECT CAST(:n AS integer)"), rows,
                [&](QSqlQuery &q, int n) {
                    if (n == 4 && !m_crashed)
                        m_crashed = server("crash");
                    q.bindValue(QStringLiteral(":n"), n);
                });
        });
        QVERIFY(m_crashed);
        QVERIFY(!cut);
        QVERIFY2(cut.errorMessage().startsWith(
                     QStringLiteral("Counting failed: the connection to the database server was lost")),
            qPrintable(cut.errorMessage()));
        QVERIFY(resumeAndReconnect(back) >= 0);
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    TestWriteDrill test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_writedrill.moc"
