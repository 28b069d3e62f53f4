#include "review/agreementmodels.h"
#include "review/reviewqueuemodel.h"
#include "review/reviewservice.h"
#include "support/reviewdemo.h"

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

// The review queue model on a matched demo workspace: rows grouped by job in ranking order, pages by
// fetchMore, counts per state, and a reload after a decision that removes the decided row and keeps the
// others (and an index into them) in place.
class TestReviewQueueModel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<TaskRunner> m_tasks;
    std::unique_ptr<ReviewService> m_service;

    static bool waitLoaded(ReviewQueueModel &model)
    {
        QSignalSpy loaded(&model, &ReviewQueueModel::loaded);
        QSignalSpy failed(&model, &ReviewQueueModel::loadFailed);
        if (!loaded.wait(20000)) {
            qWarning() << "not loaded" << (failed.isEmpty() ? QString() : failed.first().first().toString());
            return false;
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        DemoSpec spec;
        spec.memories = 100;
        spec.jobs = 80; // enough proposals for four pages
        spec.freelancers = 300;
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> ready = openMatchedDemo(
            m_dir.filePath(QStringLiteral("review-model.sqlite")), spec, *m_worker, QStringLiteral("review-model"));
        QVERIFY2(ready, qPrintable(ready.errorMessage()));
        m_tasks = std::make_unique<TaskRunner>();
        m_service
            = std::make_unique<ReviewService>(m_worker.get(), m_tasks.get(), m_dir.filePath(QStringLiteral("journal")));
        m_service->setReviewer(QStringLiteral("alice"));
    }

    void groupedPagedAndCounted()
    {
        ReviewQueueModel model(m_service.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counted(&model, &ReviewQueueModel::countsChanged);
        ReviewQueueFilter all;
        all.state = std::nullopt;
        model.setFilter(all);
        QVERIFY(waitLoaded(model));
        QCOMPARE(model.rowCount(), ReviewQueueModel::PageSize); // the demo proposes more than a page
        // The tester asks for more itself (it calls fetchMore): wait for that, then page on by hand.
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 10000);
        if (model.canFetchMore({})) {
            model.fetchMore({});
            QVERIFY(waitLoaded(model));
        }
        QVERIFY(model.rowCount() > ReviewQueueModel::PageSize);

        // Grouped by job, ranking order inside a group, no job in two groups, no row twice.
        QSet<QUuid> jobsSeen, matches;
        for (int row = 0; row < model.rowCount(); ++row) {
            const ReviewItem &item = model.item(row);
            QVERIFY2(!matches.contains(item.matchId), "a row listed twice");
            matches.insert(item.matchId);
            const bool starts = row == 0 || model.item(row - 1).jobId != item.jobId;
            QCOMPARE(model.index(row, ReviewQueueModel::Job).data(ReviewQueueModel::GroupStartRole).toBool(), starts);
            if (starts) {
                QVERIFY2(!jobsSeen.contains(item.jobId), "a job's candidates split in two groups");
                jobsSeen.insert(item.jobId);
            } else {
                QVERIFY(model.item(row - 1).ranking < item.ranking);
            }
            QVERIFY(model.index(row, ReviewQueueModel::Job).data().toString().endsWith(item.jobTitle));
            QVERIFY(item.score >= 0 && item.score <= 1);
            QCOMPARE(
                model.index(row, ReviewQueueModel::State).data().toString(), ReviewQueueModel::stateName(item.state));
        }

        QVERIFY(!counted.isEmpty() || counted.wait(10000));
        const ReviewCounts counts = model.counts();
        QVERIFY(counts.unreviewed >= model.rowCount()); // nobody decided yet: every row is unreviewed
        QCOMPARE(counts.decided, 0);
    }

    void reloadMergesADecision()
    {
        ReviewQueueModel model(m_service.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ReviewQueueFilter unreviewed;
        unreviewed.state = ReviewState::Unreviewed;
        model.setFilter(unreviewed);
        QVERIFY(waitLoaded(model));
        QVERIFY(model.rowCount() > 3);
        const QUuid decided = model.item(1).matchId;
        const QUuid kept = model.item(2).matchId;
        const int before = model.rowCount();
        QPersistentModelIndex keptIndex(model.index(2, ReviewQueueModel::Freelancer));

        QSignalSpy saved(m_service.get(), &ReviewService::decisionSaved);
        const QUuid record = m_service->decide(decided, ReviewDecision::Reject, QString(), QString(), 1);
        QVERIFY2(!record.isNull(), qPrintable(m_service->journalError()));
        QTRY_COMPARE_WITH_TIMEOUT(m_service->pendingCount(), 0, 20000);

        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.reload();
        QVERIFY(waitLoaded(model));
        QCOMPARE(model.rowOf(decided), -1);
        QVERIFY(!removed.isEmpty()); // merged, not reset
        QVERIFY(keptIndex.isValid());
        QCOMPARE(keptIndex.row(), 1);
        QCOMPARE(model.item(keptIndex.row()).matchId, kept);
        QVERIFY(model.rowCount() >= before - 1);

        // The same decision under "decided" (or routed to level 2), with its reviewer.
        ReviewQueueModel all(m_service.get());
        ReviewQueueFilter any;
        any.state = std::nullopt;
        any.limit = 5000;
        all.setFilter(any);
        QVERIFY(waitLoaded(all));
        while (all.canFetchMore({}) && all.rowOf(decided) < 0) {
            all.fetchMore({});
            QVERIFY(waitLoaded(all));
        }
        const int row = all.rowOf(decided);
        QVERIFY(row >= 0);
        QCOMPARE(all.item(row).decisions.size(), 1);
        QCOMPARE(all.item(row).decisions.first().reviewer, QStringLiteral("alice"));
        QCOMPARE(all.item(row).decisions.first().decision, ReviewDecision::Reject);
    }

    void aPageAskedForDuringAReloadArrives()
    {
        // No QAbstractItemModelTester here (the tests above run this model under it): the tester calls
        // fetchMore on its own, which would hide a page that the model failed to ask for.
        ReviewQueueModel model(m_service.get());
        ReviewQueueFilter all;
        all.state = std::nullopt;
        model.setFilter(all);
        QVERIFY(waitLoaded(model));
        const int first = model.rowCount();
        QVERIFY(model.canFetchMore({}));

        // The next page asked for, then a reload (as after a save) before it answers: the reload drops the
        // page's answer as stale, so it must bring that page itself.
        model.fetchMore({});
        model.reload();
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.rowCount() > first, 20000);

        // Asked for while a reload is in flight (canFetchMore says no): fetched once the reload has answered.
        const int second = model.rowCount();
        QVERIFY(model.canFetchMore({}));
        model.reload();
        QVERIFY(!model.canFetchMore({}));
        model.requestMore();
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.rowCount() > second, 20000);
    }

    void agreementTables()
    {
        PairAgreementModel pairs;
        ReviewerStatsModel reviewers;
        QAbstractItemModelTester pairTester(&pairs, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester reviewerTester(&reviewers, QAbstractItemModelTester::FailureReportingMode::QtTest);
        AgreementReport report;
        report.items = 12;
        report.pairs = { PairAgreement { QStringLiteral("alice"), QStringLiteral("bob"), 12, 0.625, 0.31, 0.94 },
            PairAgreement {
                QStringLiteral("alice"), QStringLiteral("carol"), 3, std::nan(""), std::nan(""), std::nan("") } };
        ReviewerStats alice;
        alice.reviewer = QStringLiteral("alice");
        alice.decisions = 40;
        alice.perHour = 120.5;
        alice.approvalRate = 0.55;
        alice.level2Compared = 0;
        alice.level2Agreement = std::nan("");
        report.reviewers = { alice };
        pairs.setReport(report);
        reviewers.setReport(report);
        QCOMPARE(pairs.rowCount(), 2);
        QCOMPARE(pairs.index(0, PairAgreementModel::Kappa).data().toString(), QLocale().toString(0.625, 'f', 2));
        QCOMPARE(pairs.index(0, PairAgreementModel::Interval).data().toString(),
            QStringLiteral("[%1, %2]").arg(QLocale().toString(0.31, 'f', 2), QLocale().toString(0.94, 'f', 2)));
        QCOMPARE(pairs.index(1, PairAgreementModel::Kappa).data().toString(), QStringLiteral("—")); // undefined
        QCOMPARE(reviewers.rowCount(), 1);
        QCOMPARE(reviewers.index(0, ReviewerStatsModel::Level2Agreement).data().toString(), QStringLiteral("—"));
        QVERIFY(
            reviewers.index(0, ReviewerStatsModel::ApprovalRate).data().toString().startsWith(QStringLiteral("55")));
    }

    void cleanupTestCase()
    {
        m_service.reset();
        m_tasks.reset();
        m_worker.reset();
    }
};

QTEST_MAIN(TestReviewQueueModel)
#include "tst_reviewqueuemodel.moc"
