#include "db/databaseworker.h"
#include "db/sqliteworkspace.h"
#include "matching/matchcandidatemodel.h"
#include "matching/matchdetailpanel.h"
#include "matching/matchespage.h"
#include "matching/matchjoblistmodel.h"
#include "matching/matchservice.h"
#include "tasks/taskrunner.h"
#include "workspace/workspacesession.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

// The Matches page on a generated demo workspace, as an operator reads it: run matching for all open jobs,
// open a job, read why its top candidate ranks first, follow the candidate to their other proposals.
class TestMatchesPage : public QObject
{
    Q_OBJECT
private:
    static QString screenshotPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("matches-demo.sqlite"));
        DemoSpec spec;
        spec.memories = 200;
        spec.jobs = 60;
        spec.freelancers = 400;
        const Result<DemoSummary> made = WorkspaceSession::createDemoFile(path, spec);
        QVERIFY2(made, qPrintable(made.errorMessage()));
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> opened
            = m_worker->open([path]() { return SqliteWorkspace::open(path, QStringLiteral("matches-page")); }).result();
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
    }

    void runOpenAndExplain()
    {
        TaskRunner tasks;
        MatchService service(m_worker.get(), &tasks);
        MatchesPage page(&service, &tasks);
        QAbstractItemModelTester jobTester(page.jobs(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester candidateTester(
            page.candidates(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.resize(1400, 860);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy jobsLoaded(page.jobs(), &MatchJobListModel::loaded);
        page.load();
        QVERIFY(jobsLoaded.wait(10000));
        QVERIFY(page.jobs()->rowCount() > 0);
        for (int row = 0; row < page.jobs()->rowCount(); ++row)
            QCOMPARE(page.jobs()->job(row).status, QStringLiteral("open")); // the default filter: open jobs

        // Run matching for every open job with the active version; the list then shows proposal counts.
        QSignalSpy finished(&page, &MatchesPage::runFinished);
        QVERIFY(page.runMatching(MatchesPage::RunScope::OpenJobs) != 0);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY2(page.runStatusText().contains(QStringLiteral("proposals:")), qPrintable(page.runStatusText()));
        QTRY_VERIFY_WITH_TIMEOUT(!page.jobs()->isLoading(), 10000);
        int withProposals = -1;
        for (int row = 0; row < page.jobs()->rowCount() && withProposals < 0; ++row) {
            if (page.jobs()->job(row).currentProposals > 0)
                withProposals = row;
        }
        QVERIFY2(withProposals >= 0, "no open job got a proposal");

        // Open that job: its candidates best first, each component in 0..1 with its version's weight.
        QSignalSpy candidatesLoaded(page.candidates(), &MatchCandidateModel::loaded);
        page.selectJob(withProposals);
        QTRY_VERIFY_WITH_TIMEOUT(page.candidates()->rowCount() > 0 && !page.candidates()->isLoading(), 10000);
        MatchCandidateModel *candidates = page.candidates();
        QCOMPARE(candidates->rowCount(), page.jobs()->job(withProposals).currentProposals);
        for (int row = 0; row < candidates->rowCount(); ++row) {
            const MatchCandidateRow &candidate = candidates->candidate(row);
            QCOMPARE(candidate.jobId, page.jobs()->job(withProposals).id);
            QCOMPARE(candidate.ranking, row + 1);
            if (row > 0)
                QVERIFY(candidates->candidate(row - 1).score >= candidate.score);
            double sum = 0;
            const std::optional<compute::MatchParams> params = candidates->paramsOf(candidate.modelVersion);
            QVERIFY2(params, qPrintable(candidate.modelVersion));
            for (int c = 0; c < compute::MatchComponentCount; ++c) {
                const QModelIndex cell = candidates->index(row, MatchCandidateModel::FirstComponent + c);
                const double value = cell.data(MatchCandidateModel::ComponentRole).toDouble();
                QVERIFY(value >= 0 && value <= 1);
                QCOMPARE(cell.data(MatchCandidateModel::WeightRole).toDouble(), params->weights[std::size_t(c)]);
                sum += value * params->weights[std::size_t(c)];
            }
            // The bars add up to the score: what the operator reads explains the rank.
            QVERIFY2(std::abs(sum - candidate.score) < 1e-3, qPrintable(QStringLiteral("%1 vs %2").arg(sum).arg(candidate.score)));
        }
        page.selectCandidate(0);
        MatchDetailPanel *detail = page.detail();
        QVERIFY2(detail->headingText().startsWith(QStringLiteral("#1 ")), qPrintable(detail->headingText()));
        QVERIFY(detail->headingText().contains(candidates->candidate(0).freelancerName));
        QVERIFY(!(detail->strengths().isEmpty() && detail->gaps().isEmpty()));
        QTest::qWait(200);
        QVERIFY(page.grab().save(screenshotPath(QStringLiteral("matches-job.png"))));

        // The reverse view: the top candidate's proposals across jobs, then back to the job.
        const QUuid freelancer = candidates->candidate(0).freelancerId;
        page.showFreelancer(freelancer);
        QTRY_VERIFY_WITH_TIMEOUT(candidates->view() == MatchCandidateModel::View::Freelancer
                && !candidates->isLoading() && candidates->rowCount() > 0,
            10000);
        for (int row = 0; row < candidates->rowCount(); ++row)
            QCOMPARE(candidates->candidate(row).freelancerId, freelancer);
        QVERIFY(page.grab().save(screenshotPath(QStringLiteral("matches-freelancer.png"))));
        page.backToJob();
        QTRY_VERIFY_WITH_TIMEOUT(candidates->view() == MatchCandidateModel::View::Job && !candidates->isLoading(), 10000);

        // The alert follows the service: proposals out for jobs whose bias review is pending.
        QList<MatchAlert> alerts;
        bool answered = false;
        service.alerts(this, [&](const Result<QList<MatchAlert>> &result) {
            answered = true;
            if (result)
                alerts = *result;
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
        if (alerts.isEmpty()) {
            QVERIFY(page.alertText().isEmpty());
        } else {
            QTRY_VERIFY_WITH_TIMEOUT(!page.alertText().isEmpty(), 5000);
            QVERIFY2(page.alertText().startsWith(QString::number(alerts.size())), qPrintable(page.alertText()));
        }
    }

    void cleanupTestCase()
    {
        m_worker.reset();
    }
};

QTEST_MAIN(TestMatchesPage)
#include "tst_matchespage.moc"
