#include "support/marketdrill.h"
#include "support/testutil.h"
#include "tasks/taskcontrol.h"

#include <QtConcurrent>

// Two clients deciding the same thing (issue 21, item 3): two Sextant windows on one PostgreSQL database start a
// match run for the same open jobs at the same moment. Whatever the order their transactions take, every job must
// end with one run's proposals as its current ones: the later run supersedes the earlier, never sits beside it.
// The overlap is forced: another connection holds a row lock both runs' supersede needs, and lets go only once
// PostgreSQL shows both waiting for it.
using namespace MarketDrill;

class TestMatchConcurrency : public QObject
{
    Q_OBJECT

private:
    static inline const QString Database = QStringLiteral("sextant_matchconcurrency_test");
    const QString m_actor = QStringLiteral("drill");

    static Result<qint64> count(Repository &r, const QString &sql)
    {
        QSqlQuery q(r.database());
        if (!q.exec(sql) || !q.next())
            return Repository::queryError(q, sql);
        return q.value(0).toLongLong();
    }

private Q_SLOTS:
    void twoRunsAtOnceLeaveOneCurrentSetPerJob()
    {
        const std::optional<PostgresSettings> settings = recreatePostgresDatabase(Database);
        QVERIFY(settings);
        DatabaseWorker first;
        DatabaseWorker second;
        for (auto [worker, name] : { std::pair { &first, "window-1" }, std::pair { &second, "window-2" } }) {
            const PostgresSettings target = *settings;
            const QString connection = QLatin1String(name);
            const Result<void> opened = worker
                                            ->open([target, connection]() -> Result<std::unique_ptr<Repository>> {
                                                return PostgresWorkspace::open(target, connection);
                                            })
                                            .result();
            QVERIFY2(opened, qPrintable(opened.errorMessage()));
        }
        const Result<void> seeded = first.runAndWait([](Repository &r) { return seed(r); });
        QVERIFY2(seeded, qPrintable(seeded.errorMessage()));
        QVERIFY(!activateVersion(first, m_actor).isNull());
        MatchService one(&first);
        MatchService two(&second);
        const auto runOn = [this](MatchService *service) {
            TaskControl control;
            return service->run(MatchRunRequest {}, m_actor, control);
        };
        const Result<MatchRunRecord> earlier = QtConcurrent::run(runOn, &one).result();
        QVERIFY2(earlier, qPrintable(earlier.errorMessage()));
        const QString results
            = first.runAndWait([](Repository &r) -> Result<QString> { return r.dialect().table(Table::MatchResults); })
                  .value();
        const QString current = QStringLiteral("SELECT count(*) FROM %1 WHERE superseded_at IS NULL").arg(results);

        RowLocker locker;
        QVERIFY(locker.open(*settings));
        QVERIFY(locker.lock(QStringLiteral("SELECT id FROM %1 WHERE superseded_at IS NULL AND job_id = '%2' FOR UPDATE")
                                .arg(results, jobId(Jobs - 1).toString(QUuid::WithoutBraces))));
        QFuture<Result<MatchRunRecord>> a = QtConcurrent::run(runOn, &one);
        QFuture<Result<MatchRunRecord>> b = QtConcurrent::run(runOn, &two);
        QVERIFY2(QTest::qWaitFor([&] { return locker.waiting() >= 2; }, 20000), "both runs should wait for the lock");
        QVERIFY(locker.release());
        a.waitForFinished();
        b.waitForFinished();
        const Result<MatchRunRecord> ra = a.result();
        const Result<MatchRunRecord> rb = b.result();
        // Both are saved, one after the other: neither takes the other, alive and waiting, for an interrupted run.
        QVERIFY2(ra && rb, qPrintable(ra.errorMessage() + QLatin1Char(' ') + rb.errorMessage()));

        const qint64 present = first.runAndWait([current](Repository &r) { return count(r, current); }).value();
        const qint64 jobsWithTwoRuns
            = first
                  .runAndWait([results](Repository &r) {
                      return count(r,
                          QStringLiteral("SELECT count(*) FROM (SELECT job_id FROM %1 WHERE superseded_at IS NULL "
                                         "GROUP BY job_id HAVING count(DISTINCT run_id) > 1) AS doubled")
                              .arg(results));
                  })
                  .value();
        qInfo("DRILL two match runs at once: current proposals expected %d present %lld; jobs with two runs' "
              "proposals current: %lld; first run %s, second run %s",
            Jobs * TopK, present, jobsWithTwoRuns, ra ? "saved" : qPrintable(ra.errorMessage()),
            rb ? "saved" : qPrintable(rb.errorMessage()));
        QCOMPARE(jobsWithTwoRuns, 0);
        QCOMPARE(present, qint64(Jobs * TopK));
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    TestMatchConcurrency test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_matchconcurrency.moc"
