// Publishing the demo data set into a database is all or nothing: a write that fails partway (as when the
// process or the server is killed during "Writing memories") or a cancel leaves no row behind, so a second
// try starts on an empty database; a database that already holds rows is refused with Error::Conflict.
// Runs against SQLite and the PostgreSQL server given by SEXTANT_TEST_PG.
#include "demo/demopublisher.h"
#include "support/importtestutil.h"

#include <QSqlError>
#include <QSqlQuery>

class TestDemoPublisher : public QObject
{
    Q_OBJECT
public:
    explicit TestDemoPublisher(SqlDialect::Backend backend)
        : m_backend(backend)
    {
    }

private:
    SqlDialect::Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<Repository> m_repo;

    static DemoSpec smallSpec()
    {
        DemoSpec spec;
        spec.memories = 300;
        spec.freelancers = 60;
        spec.jobs = 12;
        spec.batchSize = 100; // several memory batches, so a failure can come after some were written
        spec.now = QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
        return spec;
    }

    qint64 rowsWritten()
    {
        const Result<WorkspaceCounts> c = m_repo->counts();
        if (!c)
            return -1;
        return c->memories + c->evaluations + c->links + c->freelancers + c->jobs + c->matches + c->matchReviews
            + c->biasReports;
    }

    // Makes every memory insert fail, as a server that goes away while memories are written: the
    // marketplace tables, written first, succeed.
    bool blockMemoryInserts()
    {
        const QString table = m_repo->dialect().table(Table::Memories);
        QSqlQuery q(m_repo->database());
        const QString sql = m_backend == SqlDialect::Postgres
            ? QLatin1String("ALTER TABLE ") + table + QLatin1String(" ADD CONSTRAINT demo_stop CHECK (false) NOT VALID")
            : QLatin1String("CREATE TRIGGER demo_stop BEFORE INSERT ON ") + table
                + QLatin1String(" BEGIN SELECT RAISE(ABORT, 'demo_stop'); END");
        if (!q.exec(sql)) {
            qWarning("%s", qPrintable(q.lastError().text()));
            return false;
        }
        return true;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_repo = openFreshWorkspace(m_backend, m_dir, QStringLiteral("demopublish")); // not tst_postgresschema's database
        QVERIFY(m_repo);
    }
    void cleanup() { m_repo.reset(); }

    void failureMidwayWritesNothing()
    {
        QVERIFY(blockMemoryInserts());
        QStringList stages;
        const Result<DemoSummary> summary
            = DemoPublisher::publish(*m_repo, smallSpec(), [&](int, const QString &stage) {
                  stages << stage;
                  return true;
              });
        QVERIFY(!summary);
        QCOMPARE(summary.error().code, Error::Database);
        QVERIFY(stages.contains(QStringLiteral("Writing memories"))); // the marketplace went in first
        QCOMPARE(rowsWritten(), 0);
        QVERIFY(DemoPublisher::checkEmpty(*m_repo)); // so a second try is not refused
    }

    void cancelWritesNothing()
    {
        const Result<DemoSummary> summary
            = DemoPublisher::publish(*m_repo, smallSpec(), [](int percent, const QString &) { return percent < 40; });
        QVERIFY(!summary);
        QCOMPARE(summary.error().code, Error::Cancelled);
        QCOMPARE(rowsWritten(), 0);
    }

    void publishesThenRefusesANonEmptyDatabase()
    {
        const Result<DemoSummary> summary = DemoPublisher::publish(*m_repo, smallSpec());
        QVERIFY2(summary, qPrintable(summary.errorMessage()));
        QCOMPARE(summary->memories, 300);
        QCOMPARE(m_repo->counts()->memories, 300);
        QCOMPARE(m_repo->counts()->jobs, 12);
        const qint64 before = rowsWritten();
        const Result<DemoSummary> again = DemoPublisher::publish(*m_repo, smallSpec());
        QVERIFY(!again);
        QCOMPARE(again.error().code, Error::Conflict);
        QVERIFY2(
            again.errorMessage().contains(QStringLiteral("nothing was changed")), qPrintable(again.errorMessage()));
        QCOMPARE(rowsWritten(), before);
    }
};

int main(int argc, char *argv[])
{
    return runOnBothBackends<TestDemoPublisher>(argc, argv);
}
#include "tst_demopublisher.moc"
