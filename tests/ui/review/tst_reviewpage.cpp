#include "matching/matchservice.h"
#include "review/agreementmodels.h"
#include "review/agreementview.h"
#include "review/reviewconflictdialog.h"
#include "review/reviewdecisionbar.h"
#include "review/reviewfilterbar.h"
#include "review/reviewitemstack.h"
#include "review/reviewitemview.h"
#include "review/reviewkeys.h"
#include "review/reviewpage.h"
#include "review/reviewqueuemodel.h"
#include "review/reviewservice.h"
#include "support/reviewdemo.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The review console on a matched demo workspace, driven as an operator drives it: by keys alone. Claim a
// batch, decide 20 items (approve, reject, one flag) with a reason each, undo the last, decide three at once
// on a selection; then the level-2 queue shows the flagged item with level 1's decision, and the agreement
// view and a conflict are shown. Screenshots of each for a person to look at.
class TestReviewPage : public QObject
{
    Q_OBJECT
private:
    static QString screenshotPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

    static void key(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QWidget *focus = QApplication::focusWidget();
        QVERIFY2(focus, "nothing has the keyboard focus");
        QTest::keyClick(focus, Qt::Key(key), modifiers);
    }

    // Every item of the workspace as the service lists it (all states, level 1).
    QList<ReviewItem> allItems(int level = 1)
    {
        ReviewQueueFilter filter;
        filter.state = std::nullopt;
        filter.level = level;
        filter.limit = 100000;
        QList<ReviewItem> items;
        bool answered = false;
        m_service->queue(this, filter, [&](const Result<QList<ReviewItem>> &result) {
            answered = true;
            if (result)
                items = *result;
        });
        if (!QTest::qWaitFor([&] { return answered; }, 20000))
            qWarning("the queue did not answer");
        return items;
    }

    // Rows in ai.match_reviews, decisions and undos alike: the table only ever grows.
    qint64 storedRecords()
    {
        const Result<qint64> count
            = m_worker
                  ->run([](Repository &repository) -> Result<qint64> {
                      QSqlQuery query(repository.database());
                      if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM ai_match_reviews")) || !query.next())
                          return Error { Error::Database, query.lastError().text() };
                      return query.value(0).toLongLong();
                  })
                  .result();
        return count ? *count : -1;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<TaskRunner> m_tasks;
    std::unique_ptr<MatchService> m_matches;
    std::unique_ptr<ReviewService> m_service;
    QHash<QUuid, ReviewDecision> m_decided; // by the keyboard session
    QUuid m_flagged;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        DemoSpec spec;
        spec.memories = 200;
        spec.jobs = 60;
        spec.freelancers = 400;
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> ready = openMatchedDemo(
            m_dir.filePath(QStringLiteral("review-demo.sqlite")), spec, *m_worker, QStringLiteral("review-page"));
        QVERIFY2(ready, qPrintable(ready.errorMessage()));
        m_tasks = std::make_unique<TaskRunner>();
        m_matches = std::make_unique<MatchService>(m_worker.get(), m_tasks.get());
        m_service
            = std::make_unique<ReviewService>(m_worker.get(), m_tasks.get(), m_dir.filePath(QStringLiteral("journal")));
        m_service->setReviewer(QStringLiteral("alice"));
        // Every claimed item goes to two level-1 reviewers, so the agreement view has pairs to show.
        ReviewSettings settings;
        settings.doubleReviewShare = 1.0;
        bool saved = false;
        m_service->saveSettings(this, settings, [&](const Result<void> &result) {
            QVERIFY2(result, qPrintable(result.errorMessage()));
            saved = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(saved, 10000);
    }

    void keyboardSession()
    {
        ReviewPage page(m_service.get());
        page.setMatchService(m_matches.get());
        QAbstractItemModelTester tester(page.queue(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.resize(1500, 920);
        page.show();
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        QSignalSpy loaded(page.queue(), &ReviewQueueModel::loaded);
        page.load();
        QVERIFY(loaded.wait(20000));
        QVERIFY(page.queue()->rowCount() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(page.filters()
                                     ->chipText(ReviewState::Unreviewed)
                                     .contains(QLocale().toString(page.queue()->counts().unreviewed))
                && page.queue()->counts().unreviewed > 0,
            10000);
        QCOMPARE(QApplication::focusWidget(), page.queueView());
        QTest::qWait(300);
        QVERIFY(page.grab().save(screenshotPath(QStringLiteral("review-queue.png"))));

        // C claims a batch: the queue then shows the operator's own items.
        key(Qt::Key_C);
        QTRY_COMPARE_WITH_TIMEOUT(page.filters()->state(), std::optional(ReviewState::Mine), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(page.queue()->rowCount() >= 20 && !page.queue()->isLoading(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(page.queue()->counts().mine, ReviewPage::BatchSize, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!page.currentMatchId().isNull(), 5000);

        // The cheat sheet opens and closes with ?.
        key(Qt::Key_Question);
        auto *sheet = page.findChild<ReviewCheatSheet *>();
        QVERIFY(sheet && sheet->isVisible());
        QTest::keyClick(sheet, Qt::Key_Question);
        QVERIFY(!sheet->isVisible());
        QVERIFY(QTest::qWaitForWindowActive(&page));
        QTRY_COMPARE(QApplication::focusWidget(), page.queueView());

        QUuid lastItem;
        for (int i = 0; i < 20; ++i) {
            const QUuid item = page.currentMatchId();
            QVERIFY(!item.isNull());
            QCOMPARE(page.currentItemView()->matchId(), item);
            const ReviewDecision decision
                = i == 5 ? ReviewDecision::Flag : (i % 3 == 0 ? ReviewDecision::Reject : ReviewDecision::Approve);
            key(decision == ReviewDecision::Flag         ? Qt::Key_F
                    : decision == ReviewDecision::Reject ? Qt::Key_R
                                                         : Qt::Key_A);
            key(Qt::Key_1);
            QVERIFY2(!page.decisionBar()->reasonCode().isEmpty(), "no reason for digit 1");
            if (i == 2) {
                QTest::qWait(100);
                QVERIFY(page.grab().save(screenshotPath(QStringLiteral("review-side-by-side.png"))));
                // The side by side names the job and the freelancer with the skills marked.
                const ReviewItem &shown = page.currentItemView()->item();
                QVERIFY(page.currentItemView()->jobText().contains(shown.jobTitle));
                QVERIFY(page.currentItemView()->freelancerText().contains(shown.freelancerName));
            }
            key(Qt::Key_Return);
            m_decided.insert(item, decision);
            lastItem = item;
            if (decision == ReviewDecision::Flag)
                m_flagged = item;
            if (i < 19)
                QVERIFY2(page.currentMatchId() != item,
                    qPrintable(QStringLiteral("Enter did not move on at item %1: %2").arg(i).arg(page.messageText())));
        }
        QCOMPARE(page.undoDepth(), 20);
        QTRY_COMPARE_WITH_TIMEOUT(m_service->pendingCount(), 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(page.pendingText(), QStringLiteral("All decisions saved"), 5000);
        const qint64 before = storedRecords();
        QVERIFY(before >= 20);

        // U undoes the last decision by appending a record that supersedes it.
        key(Qt::Key_U);
        QCOMPARE(page.undoDepth(), 19);
        const QUuid undone = lastItem;
        QTRY_COMPARE_WITH_TIMEOUT(page.currentMatchId(), undone, 5000); // back to the undone item
        QTRY_COMPARE_WITH_TIMEOUT(m_service->pendingCount(), 0, 20000);
        QCOMPARE(storedRecords(), before + 1);
        QVERIFY(m_decided.contains(undone));
        m_decided.remove(undone);

        // Every remaining decision is in ai.match_reviews, by alice, as the key said.
        const QList<ReviewItem> items = allItems();
        int found = 0;
        for (const ReviewItem &item : items) {
            if (item.matchId == undone)
                QVERIFY2(item.decisions.isEmpty(), "the undone decision still counts");
            const auto it = m_decided.constFind(item.matchId);
            if (it == m_decided.constEnd())
                continue;
            ++found;
            QCOMPARE(item.decisions.size(), 1);
            QCOMPARE(item.decisions.first().reviewer, QStringLiteral("alice"));
            QCOMPARE(item.decisions.first().decision, *it);
            QVERIFY(!item.decisions.first().reasonCode.isEmpty());
        }
        QCOMPARE(found, 19);

        // A bulk decision on a selection, confirmed with the exact count.
        QTRY_VERIFY_WITH_TIMEOUT(!page.queue()->isLoading(), 5000);
        const int firstRow = page.queue()->rowOf(page.currentMatchId());
        QVERIFY(firstRow >= 0 && firstRow + 2 < page.queue()->rowCount());
        key(Qt::Key_Down, Qt::ShiftModifier);
        key(Qt::Key_Down, Qt::ShiftModifier);
        QCOMPARE(page.queueView()->selectionModel()->selectedRows().size(), 3);
        key(Qt::Key_A);
        key(Qt::Key_1);
        key(Qt::Key_Return);
        auto *box = page.findChild<QMessageBox *>(QStringLiteral("bulkConfirm"));
        QVERIFY(box && box->isVisible());
        QVERIFY2(box->text().contains(QLatin1String("3")), qPrintable(box->text()));
        const qint64 beforeBulk = storedRecords();
        box->button(QMessageBox::Yes)->click();
        QTRY_COMPARE_WITH_TIMEOUT(m_service->pendingCount(), 0, 20000);
        QCOMPARE(storedRecords(), beforeBulk + 3);

        // A conflict is shown with both decisions and does not take the keyboard.
        ReviewConflict conflict;
        conflict.mine.matchId = m_flagged;
        conflict.mine.reviewer = QStringLiteral("alice");
        conflict.mine.decision = ReviewDecision::Approve;
        conflict.mine.decidedAt = QDateTime::currentDateTimeUtc();
        ReviewRecord theirs = conflict.mine;
        theirs.reviewer = QStringLiteral("lead");
        theirs.decision = ReviewDecision::Reject;
        theirs.level = 2;
        conflict.theirs = theirs;
        conflict.reason = QStringLiteral("Decided at level 2 meanwhile.");
        Q_EMIT m_service->conflict(conflict);
        QVERIFY(page.conflicts()->isVisible());
        QCOMPARE(page.conflicts()->conflictCount(), 1);
        QVERIFY(page.conflicts()->text().contains(QStringLiteral("lead")));
        QVERIFY(page.conflicts()->text().contains(QStringLiteral("alice")));
        page.conflicts()->hide();
    }

    void levelTwoAndAgreement()
    {
        QVERIFY2(!m_flagged.isNull(), "the keyboard session flagged nothing");
        ReviewPage page(m_service.get());
        page.setMatchService(m_matches.get());
        page.resize(1500, 920);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.load();
        QSignalSpy loaded(page.queue(), &ReviewQueueModel::loaded);
        page.setMode(ReviewPage::Mode::Level2);
        QVERIFY(loaded.wait(20000));
        const int row = page.queue()->rowOf(m_flagged);
        QVERIFY2(row >= 0, "the flagged item is not in the level-2 queue");
        page.queueView()->selectRow(row);
        QTRY_COMPARE(page.currentItemView()->matchId(), m_flagged);
        // Level 2 reads level 1's decision and reason.
        QVERIFY2(page.currentItemView()->decisionsText().contains(QStringLiteral("alice")),
            qPrintable(page.currentItemView()->decisionsText()));
        QTest::qWait(300);
        QVERIFY(page.grab().save(screenshotPath(QStringLiteral("review-level2.png"))));

        // A lead claims level 2 with C and approves the flagged item by keys; level 2's decision is final.
        m_service->setReviewer(QStringLiteral("lead"));
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        QTRY_COMPARE(QApplication::focusWidget(), page.queueView());
        key(Qt::Key_C);
        QTRY_COMPARE_WITH_TIMEOUT(page.filters()->state(), std::optional(ReviewState::Mine), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(page.queue()->rowOf(m_flagged) >= 0 && !page.queue()->isLoading(), 10000);
        page.queueView()->selectRow(page.queue()->rowOf(m_flagged));
        QTRY_COMPARE(page.currentMatchId(), m_flagged);
        key(Qt::Key_A);
        key(Qt::Key_1);
        key(Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(m_service->pendingCount(), 0, 20000);
        bool final = false;
        for (const ReviewItem &item : allItems(2)) {
            if (item.matchId != m_flagged)
                continue;
            for (const ReviewRecord &record : item.decisions)
                final = final || (record.level == 2 && record.reviewer == QStringLiteral("lead"));
            QCOMPARE(item.state, ReviewState::Decided);
        }
        QVERIFY2(final, "the level-2 decision is not stored");
        m_service->setReviewer(QStringLiteral("alice"));

        // A second level-1 reviewer decides the same items (all in the double-review sample), disagreeing on a
        // few: the agreement view's pair.
        ReviewService bob(m_worker.get(), m_tasks.get(), m_dir.filePath(QStringLiteral("journal-bob")));
        bob.setReviewer(QStringLiteral("bob"));
        int n = 0;
        for (auto it = m_decided.cbegin(); it != m_decided.cend(); ++it, ++n) {
            const ReviewDecision decision = n % 4 == 3
                ? (*it == ReviewDecision::Approve ? ReviewDecision::Reject : ReviewDecision::Approve)
                : *it;
            QVERIFY(!bob.decide(it.key(), decision, QString(), QString(), 1).isNull());
        }
        QTRY_COMPARE_WITH_TIMEOUT(bob.pendingCount(), 0, 20000);

        QSignalSpy refreshed(page.agreement(), &AgreementView::refreshed);
        page.setMode(ReviewPage::Mode::Agreement);
        QVERIFY(refreshed.wait(20000));
        QCOMPARE(refreshed.first().first().toBool(), true);
        QVERIFY(page.agreement()->report().items > 0);
        QCOMPARE(page.agreement()->pairs()->rowCount(), 1);
        const PairAgreement &pair = page.agreement()->pairs()->pair(0);
        QCOMPARE(QSet<QString>({ pair.reviewerA, pair.reviewerB }),
            QSet<QString>({ QStringLiteral("alice"), QStringLiteral("bob") }));
        QTest::qWait(300);
        QVERIFY(page.grab().save(screenshotPath(QStringLiteral("review-agreement.png"))));
        const QString csv = m_dir.filePath(QStringLiteral("agreement.csv"));
        QVERIFY2(page.agreement()->exportCsv(csv), qPrintable(page.agreement()->statusText()));
        QVERIFY(QFileInfo(csv).size() > 0);
    }

    void cleanupTestCase()
    {
        m_service.reset();
        m_matches.reset();
        m_tasks.reset();
        m_worker.reset();
    }
};

QTEST_MAIN(TestReviewPage)
#include "tst_reviewpage.moc"
