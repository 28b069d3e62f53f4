#include "db/databaseworker.h"
#include "db/postgresworkspace.h"
#include "db/sqliteworkspace.h"
#include "fairness/biasqueuemodel.h"
#include "fairness/biasqueuepage.h"
#include "fairness/exposurechart.h"
#include "fairness/fairnessfunnelchart.h"
#include "fairness/fairnessgroupmodel.h"
#include "fairness/fairnesshistorymodel.h"
#include "fairness/fairnesshistoryview.h"
#include "fairness/fairnesspage.h"
#include "fairness/fairnessratechart.h"
#include "fairness/fairnessreportview.h"
#include "fairness/fairnessservice.h"
#include "fairness/fairnessstageview.h"
#include "fairness/fairnessformat.h"
#include "fairness/jobrankingmodel.h"
#include "fairness/perjobrankingview.h"
#include "support/testutil.h"
#include "tasks/taskrunner.h"
#include "workspace/workspacesession.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>
#include <QTextEdit>

#include <memory>

// The Fairness page on a generated demo workspace, as an auditor uses it: build the age-band report at the
// level-1 approvals, read where the gap enters across the stages, export the PDF and look at its first page,
// compare two saved reports, then work the text bias queue.
class TestFairnessPage : public QObject
{
    Q_OBJECT
private:
    static QString outputPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

    static int rowOfGroup(const FairnessGroupModel *model, const QString &group)
    {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->group(row).group == group)
                return row;
        }
        return -1;
    }

    static const GroupOutcome *stageGroup(const FairnessReport &report, FairnessStage stage, const QString &group)
    {
        for (const FairnessReport &s : report.stages) {
            if (s.request.stage != stage)
                continue;
            for (const GroupOutcome &g : s.groups) {
                if (g.group == group)
                    return &g;
            }
        }
        return nullptr;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("fairness-demo.sqlite"));
        DemoSpec spec;
        spec.memories = 100;
        spec.jobs = 200;
        spec.freelancers = 600;
        const Result<DemoSummary> made = WorkspaceSession::createDemoFile(path, spec);
        QVERIFY2(made, qPrintable(made.errorMessage()));
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> opened
            = m_worker->open([path]() { return SqliteWorkspace::open(path, QStringLiteral("fairness-page")); })
                  .result();
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
    }

    void ageBandReportAcrossStages()
    {
        TaskRunner tasks;
        FairnessService service(m_worker.get(), &tasks);
        FairnessPage page(&service, &tasks);
        QAbstractItemModelTester groupTester(
            page.reportView()->groups(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester historyTester(
            page.history()->history(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.resize(1400, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));

        QSignalSpy attributes(&page, &FairnessPage::attributesLoaded);
        page.load();
        QVERIFY(attributes.wait(10000));
        QCOMPARE(attributes.first().first().toBool(), true);
        QVERIFY2(
            page.attributeNames().contains(QStringLiteral("age_band")), qPrintable(page.attributeNames().join(u',')));
        QVERIFY(page.accessText().isEmpty());

        FairnessRequest request;
        request.stage = FairnessStage::ApprovedL1;
        request.attributes = { QStringLiteral("age_band") };
        request.reference = ReferenceGroup::HighestRate;
        request.minGroupSize = 30;
        page.setRequest(request);
        QCOMPARE(page.request().attributes, request.attributes);
        QSignalSpy built(&page, &FairnessPage::reportBuilt);
        QVERIFY(page.buildReport() != 0);
        QVERIFY(built.wait(60000));
        QVERIFY2(built.first().first().toBool(), qPrintable(page.errorText()));
        const FairnessReport report = page.currentReport();
        const QUuid approvalsId = report.id;

        // The table: every group once, one reference, the planted gap for 60+ flagged below four-fifths.
        FairnessGroupModel *groups = page.reportView()->groups();
        QVERIFY(groups->rowCount() >= 4);
        int references = 0;
        for (int row = 0; row < groups->rowCount(); ++row) {
            const GroupOutcome g = groups->group(row);
            const QString rate = groups->index(row, FairnessGroupModel::Rate).data().toString();
            if (g.suppressed) {
                QCOMPARE(rate, QStringLiteral("suppressed (n < 30)"));
                continue;
            }
            references += g.isReference ? 1 : 0;
            QVERIFY(g.n >= 30);
            QVERIFY(g.rateLow <= g.rate && g.rate <= g.rateHigh);
        }
        QCOMPARE(references, 1);
        const int older = rowOfGroup(groups, QStringLiteral("60+"));
        QVERIFY(older >= 0);
        QVERIFY2(groups->group(older).impactRatio < 0.8, qPrintable(QString::number(groups->group(older).impactRatio)));
        QCOMPARE(groups->index(older, FairnessGroupModel::FourFifths).data().toString(),
            QStringLiteral("below four-fifths"));
        QVERIFY(groups->index(older, 0).data(FairnessGroupModel::FlaggedRole).toBool());
        QVERIFY(page.reportView()->chart()->barCount() >= 4);

        // Where it enters: the engine's proposals show no such gap for 60+; the approvals do.
        QVERIFY(report.stages.size() >= 3);
        const GroupOutcome *proposed = stageGroup(report, FairnessStage::Proposed, QStringLiteral("60+"));
        const GroupOutcome *approved = stageGroup(report, FairnessStage::ApprovedL1, QStringLiteral("60+"));
        QVERIFY(proposed != nullptr && approved != nullptr);
        QVERIFY(!proposed->suppressed && !proposed->fourFifthsFlag);
        QVERIFY(approved->fourFifthsFlag);
        QCOMPARE(page.stageView()->chart()->stageCount(), int(report.stages.size()));
        QVERIFY(page.stageView()
                    ->cellText(QStringLiteral("60+"), FairnessStage::ApprovedL1)
                    .contains(QStringLiteral("ratio")));

        // The written summary names the group and the stage.
        const QString summary = page.reportView()->summaryText();
        QVERIFY2(summary.contains(QStringLiteral("60+")), qPrintable(summary));
        QVERIFY(page.exposureChart()->groupCount() > 0);

        QTest::qWait(200);
        QVERIFY(page.grab().save(outputPath(QStringLiteral("fairness-report.png"))));
        page.showTab(FairnessPage::Tab::Stages);
        QTest::qWait(200);
        QVERIFY(page.grab().save(outputPath(QStringLiteral("fairness-funnel.png"))));
        page.showTab(FairnessPage::Tab::Ranking);
        QTest::qWait(200);
        QVERIFY(page.grab().save(outputPath(QStringLiteral("fairness-ranking.png"))));
        // Per job beside pooled: the demo's jobs rank fewer than k = 10 proposals each, so none is measured on its
        // own, and the page counts them with the reason rather than showing empty figures without one.
        QCOMPARE(report.ranking.perJob.measured, 0);
        QCOMPARE(report.ranking.perJob.fewerThanK, report.ranking.jobs);
        QVERIFY2(page.perJobRanking()->countsText().contains(QStringLiteral("%1 with fewer than 10").arg(report.ranking.jobs)),
            qPrintable(page.perJobRanking()->countsText()));
        QVERIFY(page.perJobRanking()->figures()->rowCount() >= 4);
        QCOMPARE(page.perJobRanking()->worstModel()->rowCount(), 0);

        // Exports: the PDF's first page renders; HTML and CSV carry the groups.
        const QString pdf = outputPath(QStringLiteral("fairness-report.pdf"));
        QFile::remove(pdf);
        const Result<void> written = page.exportPdf(pdf);
        QVERIFY2(written, qPrintable(written.errorMessage()));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5).startsWith("%PDF"));
        const QString pageImage = outputPath(QStringLiteral("fairness-report-page1"));
        QFile::remove(pageImage + QStringLiteral(".png"));
        QProcess render;
        render.start(QStringLiteral("pdftoppm"),
            { QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("60"), QStringLiteral("-f"),
                QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("1"), QStringLiteral("-singlefile"), pdf,
                pageImage });
        QVERIFY2(render.waitForFinished(60000), "pdftoppm (poppler-utils) did not finish");
        QCOMPARE(render.exitCode(), 0);
        const QImage first(pageImage + QStringLiteral(".png"));
        QVERIFY(!first.isNull());
        QVERIFY(first.height() > first.width()); // A4 portrait
        const QString csvPath = outputPath(QStringLiteral("fairness-report.csv"));
        QVERIFY(page.exportCsv(csvPath));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(csv.readAll()).contains(QStringLiteral("60+")));
        QVERIFY(page.exportHtml(outputPath(QStringLiteral("fairness-report.html"))));

        // A second report (the engine's proposals) goes to the history; the two compare side by side.
        QSignalSpy historyLoaded(page.history(), &FairnessHistoryView::loaded);
        request.stage = FairnessStage::Proposed;
        page.setRequest(request);
        built.clear();
        QVERIFY(page.buildReport() != 0);
        QVERIFY(built.wait(60000));
        QVERIFY(built.first().first().toBool());
        const QUuid proposalsId = page.currentReport().id;
        QTRY_VERIFY_WITH_TIMEOUT(
            page.history()->history()->rowOf(approvalsId) >= 0 && page.history()->history()->rowOf(proposalsId) >= 0,
            10000);
        QSignalSpy compared(page.history(), &FairnessHistoryView::compared);
        page.history()->compare(approvalsId, proposalsId);
        QVERIFY(compared.wait(10000));
        QCOMPARE(page.history()->left()->groups()->report().request.stage, FairnessStage::ApprovedL1);
        QCOMPARE(page.history()->right()->groups()->report().request.stage, FairnessStage::Proposed);
        page.showTab(FairnessPage::Tab::History);
        QTest::qWait(200);
        QVERIFY(page.grab().save(outputPath(QStringLiteral("fairness-compare.png"))));

        // Opening a saved report shows it as it was computed, with its parameters back in the controls.
        QSignalSpy opened(&page, &FairnessPage::reportOpened);
        page.openReport(approvalsId);
        QVERIFY(opened.wait(10000));
        QCOMPARE(page.currentReport().id, approvalsId);
        QCOMPARE(page.request().stage, FairnessStage::ApprovedL1);
        QCOMPARE(page.reportView()->groups()->rowCount(), groups->rowCount());
    }

    void biasQueueScanAndDecide()
    {
        TaskRunner tasks;
        FairnessService service(m_worker.get(), &tasks);
        FairnessPage page(&service, &tasks);
        BiasQueuePage *queue = page.biasQueue();
        QAbstractItemModelTester tester(queue->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.resize(1400, 900);
        page.show();
        page.showTab(FairnessPage::Tab::BiasQueue);
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy loaded(queue, &BiasQueuePage::queueLoaded);
        page.load();
        QVERIFY(loaded.wait(10000));

        QSignalSpy scanned(queue, &BiasQueuePage::scanFinished);
        QVERIFY(queue->scan(false) != 0);
        QVERIFY(scanned.wait(60000));
        QVERIFY2(scanned.first().first().toBool(), qPrintable(queue->messageText()));

        loaded.clear();
        queue->setFilter(QString(), QString(), QStringLiteral("flagged"));
        QVERIFY(loaded.wait(10000));
        QVERIFY2(queue->model()->rowCount() > 0, "the lexicon flagged no text of the demo");
        for (int row = 0; row < queue->model()->rowCount(); ++row)
            QCOMPARE(queue->model()->item(row).state, QStringLiteral("flagged"));
        queue->selectRow(0);
        const BiasScanItem item = queue->model()->item(0);
        QVERIFY(!item.spans.isEmpty());
        QVERIFY(queue->highlightedSpans() > 0);
        // The first span's text carries its category's background.
        QTextCursor cursor(queue->textView()->document());
        cursor.setPosition(item.spans.first().start + 1);
        QCOMPARE(cursor.charFormat().background().color(), BiasQueuePage::categoryColour(item.spans.first().category));
        QTest::qWait(200);
        QVERIFY(page.grab().save(outputPath(QStringLiteral("bias-queue.png"))));

        // An edit request needs a note; with one it is saved and the item leaves the flagged filter.
        QSignalSpy decided(queue, &BiasQueuePage::decided);
        queue->noteEdit()->clear();
        queue->decide(QStringLiteral("request_edit"));
        QCOMPARE(decided.size(), 1);
        QCOMPARE(decided.first().first().toBool(), false);
        decided.clear();
        queue->noteEdit()->setText(QStringLiteral("Say \"experienced\" instead of the age-coded wording."));
        loaded.clear();
        queue->decide(QStringLiteral("request_edit"));
        QVERIFY(decided.wait(10000));
        QVERIFY2(decided.first().first().toBool(), qPrintable(queue->messageText()));
        loaded.clear();
        queue->setFilter(item.entityType, QString(), QStringLiteral("edit_requested"));
        QVERIFY(loaded.wait(10000)); // an answer for the older filter is dropped, never shown
        QVERIFY(queue->model()->rowOfReport(item.reportId) >= 0);
        const BiasScanItem after = queue->model()->item(queue->model()->rowOfReport(item.reportId));
        QCOMPARE(after.state, QStringLiteral("edit_requested"));
        QVERIFY(after.note.contains(QStringLiteral("experienced")));
    }

    // PostgreSQL: a viewer's role may not read ai.audit_attributes. The page says why in place of the report
    // and offers the region, which is not protected, instead of showing an empty table.
    void viewerIsToldWhyNotShownAnEmptyTable()
    {
        const std::optional<PostgresSettings> settings
            = recreatePostgresDatabase(QStringLiteral("sextant_fairnesspage_test"));
        QVERIFY2(settings, "the PostgreSQL test server (SEXTANT_TEST_PG) did not answer");
        {
            Result<std::unique_ptr<Repository>> migrated
                = PostgresWorkspace::open(*settings, QStringLiteral("fairnesspage-admin"));
            QVERIFY2(migrated, qPrintable(migrated.errorMessage()));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("fairnesspage-admin"));
        QVERIFY(runSql(*settings,
            { QStringLiteral(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sx_fairnesspage_viewer') "
                "THEN CREATE ROLE sx_fairnesspage_viewer LOGIN IN ROLE sextant_viewer; END IF; END $$") }));
        PostgresSettings viewer = *settings;
        viewer.user = QStringLiteral("sx_fairnesspage_viewer");
        {
            DatabaseWorker worker;
            const Result<void> opened
                = worker
                      .open([viewer]() {
                          return PostgresWorkspace::open(viewer, QStringLiteral("fairnesspage-viewer"),
                              PostgresWorkspace::Migrations::RequireCurrent);
                      })
                      .result();
            QVERIFY2(opened, qPrintable(opened.errorMessage()));
            TaskRunner tasks;
            FairnessService service(&worker, &tasks);
            FairnessPage page(&service, &tasks);
            page.resize(1400, 900);
            page.show();
            QVERIFY(QTest::qWaitForWindowExposed(&page));
            QSignalSpy attributes(&page, &FairnessPage::attributesLoaded);
            page.load();
            QVERIFY(attributes.wait(10000));
            QCOMPARE(attributes.first().first().toBool(), false);
            QVERIFY2(
                page.accessText().contains(QStringLiteral("reviewer or admin role")), qPrintable(page.accessText()));
            QCOMPARE(page.attributeNames(), QStringList { regionAttribute() });
            QCOMPARE(page.reportView()->groups()->rowCount(), 0);
            QTest::qWait(200);
            QVERIFY(page.grab().save(outputPath(QStringLiteral("fairness-refused.png"))));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("fairnesspage-viewer"));
    }

    // The intersection of two attributes makes many small cells: each is suppressed on its own, shown as
    // "suppressed (n < 30)" with no figure at all, and drawn without a bar. Cancel stops a build and leaves the
    // report shown as it was.
    void intersectionSuppressesSmallCellsAndCancelStops()
    {
        TaskRunner tasks;
        FairnessService service(m_worker.get(), &tasks);
        FairnessPage page(&service, &tasks);
        page.resize(1400, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy attributes(&page, &FairnessPage::attributesLoaded);
        page.load();
        QVERIFY(attributes.wait(10000));

        FairnessRequest request;
        request.stage = FairnessStage::ApprovedL1;
        request.attributes = { QStringLiteral("age_band"), regionAttribute() };
        page.setRequest(request);
        QCOMPARE(page.request().attributes, request.attributes);
        QSignalSpy built(&page, &FairnessPage::reportBuilt);
        QVERIFY(page.buildReport() != 0);
        QVERIFY(built.wait(60000));
        QVERIFY2(built.first().first().toBool(), qPrintable(page.errorText()));
        FairnessGroupModel *groups = page.reportView()->groups();
        int suppressed = 0;
        for (int row = 0; row < groups->rowCount(); ++row) {
            QVERIFY(groups->group(row).group.contains(QStringLiteral(" × ")));
            if (!groups->group(row).suppressed)
                continue;
            ++suppressed;
            QCOMPARE(
                groups->index(row, FairnessGroupModel::Rate).data().toString(), QStringLiteral("suppressed (n < 30)"));
            QCOMPARE(groups->index(row, FairnessGroupModel::Count).data().toString(), QStringLiteral("< 30"));
            for (int column : { int(FairnessGroupModel::Selected), int(FairnessGroupModel::ImpactRatio),
                     int(FairnessGroupModel::FourFifths), int(FairnessGroupModel::ParityDifference),
                     int(FairnessGroupModel::PValue), int(FairnessGroupModel::PAdjusted) })
                QVERIFY(groups->index(row, column).data().toString().isEmpty());
        }
        QVERIFY2(suppressed > 0, "no cell of age band × region was under 30 on the demo");
        QCOMPARE(page.reportView()->chart()->barCount(), groups->rowCount() - suppressed);
        QTest::qWait(200);
        QVERIFY(page.grab().save(outputPath(QStringLiteral("fairness-intersection.png"))));

        // Cancel: the task ends, the row goes away, and the intersection report stays on the page.
        const QUuid shown = page.currentReport().id;
        QSignalSpy busy(&page, &FairnessPage::busyChanged);
        request.attributes = { QStringLiteral("age_band") };
        page.setRequest(request);
        built.clear();
        const quint64 id = page.buildReport();
        QVERIFY(id != 0);
        auto *cancel = page.findChild<QPushButton *>(QStringLiteral("cancelTask"));
        QVERIFY(cancel != nullptr);
        cancel->click();
        QTRY_VERIFY_WITH_TIMEOUT(!busy.isEmpty() && !busy.last().first().toBool(), 10000);
        const TaskInfo::State state = tasks.task(id).state;
        if (state == TaskInfo::Cancelled) {
            QCOMPARE(page.currentReport().id, shown);
            QVERIFY(built.isEmpty());
        } else {
            QCOMPARE(state, TaskInfo::Finished); // it finished before the click reached it
        }
    }

    // The ranking section per job at a minimum group size of 2: the mean, median and worst beside the pooled
    // figures with tooltips that say what each measure means, the counts of jobs not measured, and the worst jobs,
    // sortable by any measure.
    void perJobRankingSection()
    {
        TaskRunner tasks;
        FairnessService service(m_worker.get(), &tasks);
        FairnessPage page(&service, &tasks);
        QAbstractItemModelTester worstTester(
            page.perJobRanking()->worstModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        page.resize(1400, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy attributes(&page, &FairnessPage::attributesLoaded);
        page.load();
        QVERIFY(attributes.wait(10000));
        FairnessRequest request;
        request.stage = FairnessStage::ApprovedL1;
        request.attributes = { QStringLiteral("age_band") };
        request.minGroupSize = 2;
        request.topK = 3; // the demo's jobs rank a handful of proposals each
        page.setRequest(request);
        QCOMPARE(page.request().topK, 3);
        QSignalSpy built(&page, &FairnessPage::reportBuilt);
        QVERIFY(page.buildReport() != 0);
        QVERIFY(built.wait(60000));
        QVERIFY2(built.first().first().toBool(), qPrintable(page.errorText()));
        const PerJobRanking &p = page.currentReport().ranking.perJob;
        QVERIFY(p.measured > 0);

        PerJobRankingView *view = page.perJobRanking();
        QVERIFY2(view->countsText().contains(QString::number(p.measured)), qPrintable(view->countsText()));
        QVERIFY(view->countsText().contains(QStringLiteral("Not measured")));
        QTableWidget *figures = view->figures();
        QCOMPARE(figures->verticalHeaderItem(0)->text(), QStringLiteral("NDKL"));
        QVERIFY(figures->verticalHeaderItem(0)->toolTip().contains(QStringLiteral("Geyik")));
        QCOMPARE(figures->item(0, 2)->text(), FairnessFormat::number(p.ndkl.median, 3));
        QCOMPARE(figures->item(0, 3)->text(), FairnessFormat::number(p.ndkl.worst, 3));
        QVERIFY(figures->horizontalHeaderItem(3)->toolTip().contains(QStringLiteral("worst")));

        JobRankingModel *worst = view->worstModel();
        QVERIFY(worst->rowCount() > 0);
        QVERIFY(worst->headerData(JobRankingModel::Rnd, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Yang & Stoyanovich")));
        // Sorted by NDKL, worst first; a click on rND sorts by it.
        QAbstractItemModel *shown = view->worstJobs()->model();
        for (int row = 1; row < shown->rowCount(); ++row)
            QVERIFY(shown->index(row - 1, JobRankingModel::Ndkl).data(JobRankingModel::SortRole).toDouble()
                >= shown->index(row, JobRankingModel::Ndkl).data(JobRankingModel::SortRole).toDouble());
        view->worstJobs()->sortByColumn(JobRankingModel::Rnd, Qt::DescendingOrder);
        for (int row = 1; row < shown->rowCount(); ++row)
            QVERIFY(shown->index(row - 1, JobRankingModel::Rnd).data(JobRankingModel::SortRole).toDouble()
                >= shown->index(row, JobRankingModel::Rnd).data(JobRankingModel::SortRole).toDouble());
        view->worstJobs()->sortByColumn(JobRankingModel::Ndkl, Qt::DescendingOrder);
        QVERIFY(!shown->index(0, JobRankingModel::Job).data().toString().isEmpty());

        page.showTab(FairnessPage::Tab::Ranking);
        QTest::qWait(200);
        QVERIFY(page.grab().save(outputPath(QStringLiteral("fairness-ranking-per-job.png"))));
    }

    void cleanupTestCase() { m_worker.reset(); }
};

QTEST_MAIN(TestFairnessPage)
#include "tst_fairnesspage.moc"
