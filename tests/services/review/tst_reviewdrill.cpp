#include "db/databaseworker.h"
#include "review/reviewservice.h"
#include "support/importtestutil.h"
#include "support/killdrill.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>

// The review console's promise under a real server crash: the PostgreSQL server is killed (pg_ctl stop -m immediate,
// no shutdown checkpoint) while decisions are being written, the operator keeps deciding while it is down, and the
// server comes back through crash recovery. Every decision made is then in ai.match_reviews exactly once, with
// exactly one audit entry, and none is reported as a conflict. It stops the shared test server, so CTest runs it
// alone (RUN_SERIAL); SEXTANT_TEST_PG_CONTROL names packaging/scripts/pg-test-server.sh (test.sh sets it).
class TestReviewDrill : public QObject
{
    Q_OBJECT

private:
    static inline const QString Database = QStringLiteral("sextant_reviewdrill_test");
    static constexpr int Jobs = 4;
    static constexpr int PerJob = 40;
    QTemporaryDir m_dir;
    QString m_control;
    bool m_crashed = false;

    static QUuid id(int n)
    {
        return QUuid(QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0')));
    }

    bool server(const char *command) { return runServerControl(m_control, command); }

    static Result<void> seed(Repository &r)
    {
        const QDateTime t(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);
        QList<User> users { User { id(1), QStringLiteral("client@example.org"), QStringLiteral("Client"),
            QStringLiteral("user_client"), true, t, QStringLiteral("eu-west") } };
        QList<FreelancerProfile> profiles;
        for (int f = 0; f < PerJob; ++f) {
            users << User { id(100 + f), QStringLiteral("f%1@example.org").arg(f),
                QStringLiteral("Freelancer %1").arg(f), QStringLiteral("user_freelancer"), true, t,
                QStringLiteral("eu-west") };
            profiles << FreelancerProfile { id(100 + f), QStringLiteral("Engineer %1").arg(f),
                QStringLiteral("Bio %1").arg(f), { QStringLiteral("Rust") }, 40.0 + f, 3, 0.9, QStringLiteral("Lisbon"),
                QStringLiteral("Europe/Lisbon") };
        }
        QList<Job> jobs;
        QList<MatchResult> matches;
        for (int j = 0; j < Jobs; ++j) {
            Job job;
            job.id = id(200 + j);
            job.title = QStringLiteral("Job %1").arg(j);
            job.description = QStringLiteral("Build things %1").arg(j);
            job.budget = 1000;
            job.category = QStringLiteral("dev");
            job.requiredSkills = { QStringLiteral("Rust") };
            job.status = QStringLiteral("open");
            job.clientId = id(1);
            job.region = QStringLiteral("eu-west");
            job.createdAt = t;
            jobs << job;
            for (int f = 0; f < PerJob; ++f) {
                MatchResult m;
                m.id = id(1000 + PerJob * j + f);
                m.jobId = job.id;
                m.freelancerId = id(100 + f);
                m.score = 0.9 - 0.01 * f;
                m.confidence = 0.8;
                m.ranking = f + 1;
                m.modelVersion = QStringLiteral("sextant-1");
                m.createdAt = t;
                matches << m;
            }
        }
        for (const auto &write : std::initializer_list<std::function<Result<void>()>> {
                 [&] { return r.insertUsers(users); }, [&] { return r.insertFreelancerProfiles(profiles); },
                 [&] { return r.insertJobs(jobs); }, [&] { return r.insertMatches(matches); } }) {
            if (Result<void> w = write(); !w)
                return w;
        }
        return {};
    }

    static qint64 scalar(DatabaseWorker &worker, const QString &sql) { return drillScalar(worker, sql); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        REQUIRE_SERVER_CONTROL(m_control);
    }

    void cleanupTestCase()
    {
        if (m_crashed)
            server("resume"); // whatever happened, leave the shared server running for the tests after this one
    }

    void everyDecisionSurvivesAServerKill()
    {
        std::optional<PostgresSettings> settings = durableDrillDatabase(Database);
        QVERIFY(settings);

        DatabaseWorker worker;
        const Result<void> opened = openDrillWorker(worker, *settings, QStringLiteral("drill"));
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Result<void> seeded = worker.runAndWait([](Repository &r) { return seed(r); });
        QVERIFY2(seeded, qPrintable(seeded.errorMessage()));

        ReviewService service(&worker, nullptr, m_dir.filePath(QStringLiteral("journal")));
        service.setReviewer(QStringLiteral("drill"));
        QSignalSpy conflicts(&service, &ReviewService::conflict);
        QSignalSpy lost(&worker, &DatabaseWorker::connectionLost);
        QSignalSpy back(&worker, &DatabaseWorker::reconnected);
        QList<QUuid> made;
        int undos = 0;
        int next = 0;
        const auto decide = [&](int n) {
            for (int i = 0; i < n; ++i, ++next) {
                const QUuid match = id(1000 + next);
                const QUuid record = service.decide(match,
                    next % 3 ? ReviewDecision::Approve : ReviewDecision::Reject,
                    next % 3 ? QStringLiteral("strong_fit") : QStringLiteral("skills_gap"), QString(), 1);
                QVERIFY2(!record.isNull(), qPrintable(service.journalError()));
                made << record;
                if (next % 17 == 5) { // now and then the operator takes one back
                    const QUuid undo = service.undo(record);
                    QVERIFY2(!undo.isNull(), qPrintable(service.journalError()));
                    made << undo;
                    ++undos;
                }
                QTest::qWait(8); // an operator's pace, fast: the outbox writes while decisions keep coming
            }
        };

        decide(50);
        // Kill the server while decisions are still being made and written.
        QProcess crash;
        crash.start(QStringLiteral("bash"), { m_control, QStringLiteral("crash") });
        m_crashed = true;
        decide(30);
        if (crash.state() != QProcess::NotRunning)
            QVERIFY(crash.waitForFinished(30000));
        QCOMPARE(crash.exitStatus(), QProcess::NormalExit);
        QCOMPARE(crash.exitCode(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(lost.count() >= 1, 20000);

        // The server is down: the operator goes on deciding; every decision waits in the journal.
        decide(40);
        QTest::qWait(1000);
        QVERIFY2(service.pendingCount() >= 40, qPrintable(QString::number(service.pendingCount())));

        QElapsedTimer outage;
        outage.start();
        QVERIFY(server("resume"));
        m_crashed = false;
        QTRY_VERIFY_WITH_TIMEOUT(back.count() >= 1, 30000);
        const qint64 reconnectMs = outage.elapsed();
        QTRY_COMPARE_WITH_TIMEOUT(service.pendingCount(), 0, 60000);
        const qint64 drainedMs = outage.elapsed();
        decide(Jobs * PerJob - next); // and after it is back
        QTRY_COMPARE_WITH_TIMEOUT(service.pendingCount(), 0, 30000);

        QCOMPARE(conflicts.count(), 0);
        const qint64 decisions = made.size() - undos;
        QCOMPARE(scalar(worker, QStringLiteral("SELECT count(*) FROM ai.match_reviews")), qint64(made.size()));
        QCOMPARE(scalar(worker, QStringLiteral("SELECT count(DISTINCT id) FROM ai.match_reviews")), qint64(made.size()));
        QStringList ids;
        for (const QUuid &record : std::as_const(made))
            ids << QLatin1Char('\'') + record.toString(QUuid::WithoutBraces) + QLatin1Char('\'');
        QCOMPARE(scalar(worker,
                     QStringLiteral("SELECT count(*) FROM ai.match_reviews WHERE id IN (%1)").arg(ids.join(QLatin1Char(',')))),
            qint64(made.size()));
        Result<qint64> decideEntries
            = worker.runAndWait([](Repository &r) -> Result<qint64> { return auditCount(r, QStringLiteral("match_review.decide")); });
        Result<qint64> undoEntries
            = worker.runAndWait([](Repository &r) -> Result<qint64> { return auditCount(r, QStringLiteral("match_review.undo")); });
        QCOMPARE(*decideEntries, decisions);
        QCOMPARE(*undoEntries, qint64(undos));
        // What the note quotes: the drill's figures.
        qInfo("DRILL review: %lld decisions and %d undos made, %lld rows present, reconnected %lld ms after the server "
              "started again, journal drained after %lld ms",
            decisions, undos, scalar(worker, QStringLiteral("SELECT count(*) FROM ai.match_reviews")), reconnectMs,
            drainedMs);
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    TestReviewDrill test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_reviewdrill.moc"
