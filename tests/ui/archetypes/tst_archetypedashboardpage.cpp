// The Archetypes page's tabs on a generated demo workspace, as the new user tries them: find the
// archetype that drifted most in the last 14 days and why, make a strategy that doubles Ella-R, preview it, apply
// it, undo it; and on the way each view's picture for a person to look at (test-output/archetypes-<view>.png).
#include "archetypes/archetypedashboard.h"
#include "archetypes/archetypedashboardpage.h"
#include "archetypes/archetypedistributionview.h"
#include "archetypes/archetypedriftview.h"
#include "archetypes/archetypeevaluator.h"
#include "archetypes/archetypemonitorview.h"
#include "archetypes/archetypepriorityview.h"
#include "archetypes/archetypeserieschart.h"
#include "archetypes/archetypeseriesview.h"
#include "archetypes/archetypestatecard.h"
#include "archetypes/archetypestateview.h"
#include "archetypes/driftalarmmodel.h"
#include "archetypes/evaluationfailuremodel.h"
#include "archetypes/evaluationmonitormodel.h"
#include "archetypes/evaluationstore.h"
#include "archetypes/metricdistributionmodel.h"
#include "archetypes/priorityrowmodel.h"
#include "archetypes/promptlibrary.h"
#include "archetypes/rankmovemodel.h"
#include "archetypes/scorehistogram.h"
#include "archetypes/strategyeditor.h"
#include "archetypes/strategylistmodel.h"
#include "archetypes/strategyservice.h"
#include "archetypes/strategysimulator.h"
#include "db/databaseworker.h"
#include "db/sqliteworkspace.h"
#include "demo/demoeumas.h"
#include "support/openaitestutil.h"
#include "tasks/taskrunner.h"
#include "workspace/workspacesession.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QHash>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class TestArchetypeDashboardPage : public QObject
{
    Q_OBJECT
private:
    static constexpr int R = Archetypes::R;

    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<TaskRunner> m_tasks;
    std::unique_ptr<ArchetypeDashboardService> m_dashboard;
    std::unique_ptr<StrategyService> m_strategies;
    std::unique_ptr<ArchetypeDashboardPage> m_page;
    QList<QUuid> m_failed;

    static void screenshot(QWidget *page, const QString &view)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        QTest::qWait(50); // the layout settles after the data arrived
        QVERIFY(page->grab().save(dir + QStringLiteral("/archetypes-%1.png").arg(view)));
    }

    // Shows a tab and waits until every request it started has answered.
    bool showTab(ArchetypeDashboardPage::Tab tab)
    {
        m_page->showTab(tab);
        return QTest::qWaitFor([this] { return !m_page->isBusy(); }, 20000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("archetypes-demo.sqlite"));
        DemoSpec spec; // "now" is the current hour, so the drift view's default windows meet the planted drift
        spec.memories = 1500;
        spec.freelancers = 60;
        spec.jobs = 12;
        const Result<DemoSummary> made = WorkspaceSession::createDemoFile(path, spec);
        QVERIFY2(made, qPrintable(made.errorMessage()));
        m_worker = std::make_unique<DatabaseWorker>();
        const Result<void> opened
            = m_worker->open([path] { return SqliteWorkspace::open(path, QStringLiteral("archetype-dashboard")); })
                  .result();
        QVERIFY2(opened, qPrintable(opened.errorMessage()));

        // The demo's evaluator never fails: three failures, as a model's unusable replies would leave them, on
        // any three memories (every memory lacks evaluations by a model that does not exist).
        const Result<QList<QUuid>> someMemories = m_worker->runAndWait([](Repository &r) {
            return EvaluationStore(r).memoriesLackingEvaluations(3, QStringLiteral("no-such-model"), QString());
        });
        QVERIFY2(someMemories, qPrintable(someMemories.errorMessage()));
        QCOMPARE(someMemories->size(), 3);
        m_failed = *someMemories;
        for (int i = 0; i < m_failed.size(); ++i) {
            EvaluationFailure f;
            f.memoryId = m_failed.at(i);
            f.at = QDateTime::currentDateTimeUtc().addSecs(-3600 * (i + 1));
            f.model = QStringLiteral("gpt-4o-mini");
            f.promptVersion = QStringLiteral("set-a-v2");
            f.reason = QStringLiteral("Ella-D: curiosityLevel is 1.7, outside [0, 1]");
            f.rawReply = QStringLiteral("{\"evaluations\": [{\"archetype\": \"Ella-D\", \"curiosityLevel\": 1.7}]}");
            f.attempts = 2;
            const Result<void> stored
                = m_worker->runAndWait([f](Repository &r) { return EvaluationStore(r).recordFailure(f); });
            QVERIFY2(stored, qPrintable(stored.errorMessage()));
        }

        m_tasks = std::make_unique<TaskRunner>();
        m_dashboard = std::make_unique<ArchetypeDashboardService>(m_worker.get(), m_tasks.get());
        m_strategies = std::make_unique<StrategyService>(m_worker.get(), m_tasks.get());
        m_page = std::make_unique<ArchetypeDashboardPage>(
            m_worker.get(), m_dashboard.get(), m_strategies.get(), m_tasks.get());
        m_page->resize(1220, 820); // the page's size in the main window's default 1400 × 900
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        m_page->load();
        QVERIFY(QTest::qWaitFor([this] { return !m_page->isBusy(); }, 20000));
    }

    void stateShowsWhichArchetypeMoved()
    {
        QVERIFY(showTab(ArchetypeDashboardPage::StateTab));
        ArchetypeStateView *state = m_page->stateView();
        QVERIFY2(state->movedMost() >= 0, qPrintable(state->headline()));
        QVERIFY(state->card(state->movedMost())->isMovedMost());
        QVERIFY2(state->headline().contains(Archetypes::name(state->movedMost())), qPrintable(state->headline()));
        screenshot(m_page.get(), QStringLiteral("state"));
    }

    void seriesOverlaysTwoMetrics()
    {
        ArchetypeSeriesView *series = m_page->seriesView();
        series->setSeries(R, DemoEumas::PlantedDriftMetric);
        series->setOverlay(true, R, 0);
        QSignalSpy loaded(series, &ArchetypeSeriesView::loaded);
        QVERIFY(showTab(ArchetypeDashboardPage::SeriesTab));
        series->load();
        QVERIFY(loaded.wait(20000) || loaded.count() > 0);
        QCOMPARE(loaded.last().first().toBool(), true);
        QCOMPARE(series->shown().size(), 2);
        QVERIFY(series->chart()->stateCount() > 0);
        QVERIFY(series->chart()->dailyCount() > 0); // the evaluations' own daily means
        screenshot(m_page.get(), QStringLiteral("series"));
    }

    void distributionsFollowTheBrowserFilter()
    {
        ArchetypeDistributionView *view = m_page->distributionView();
        QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view->setArchetype(R);
        QVERIFY(showTab(ArchetypeDashboardPage::DistributionsTab));
        QVERIFY(QTest::qWaitFor([this] { return !m_page->isBusy(); }, 20000));
        QCOMPARE(view->model()->rowCount(), ArchetypeMetrics::Count);
        const qint64 all = view->model()->rowAt(0).n;
        QVERIFY(all > 0);
        QCOMPARE(view->histogram(0)->total(), all);
        screenshot(m_page.get(), QStringLiteral("distributions"));

        // The browser's filter narrows them: long-term memories only, chosen while another tab is shown.
        QVERIFY(showTab(ArchetypeDashboardPage::StateTab));
        MemoryFilter filter;
        filter.longTerm = TriState::Yes;
        m_page->setBrowserFilter(filter);
        QVERIFY(showTab(ArchetypeDashboardPage::DistributionsTab));
        QVERIFY(QTest::qWaitFor([&] { return view->model()->rowAt(0).n != all && !m_page->isBusy(); }, 20000));
        QVERIFY(!view->chipLabels().isEmpty());
        QVERIFY2(view->model()->rowAt(0).n < all, qPrintable(QString::number(view->model()->rowAt(0).n)));
        QVERIFY(view->model()->rowAt(0).n > 0);
        m_page->setBrowserFilter({});
        QVERIFY(QTest::qWaitFor([&] { return view->model()->rowAt(0).n == all && !m_page->isBusy(); }, 20000));
    }

    // The new user's first question: which archetype drifted most in the last 14 days, and why.
    void driftNamesThePlantedPromptChange()
    {
        ArchetypeDriftView *drift = m_page->driftView();
        QAbstractItemModelTester tester(drift->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(showTab(ArchetypeDashboardPage::DriftTab));
        QSignalSpy finished(drift, &ArchetypeDriftView::finished);
        QSignalSpy charted(drift, &ArchetypeDriftView::chartLoaded);
        drift->run();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY(drift->model()->rowCount() > 0);
        const DriftRow top = drift->model()->rowAt(0);
        QCOMPARE(top.archetype, R);
        QCOMPARE(top.metric, DemoEumas::PlantedDriftMetric);
        QVERIFY(top.alarm);
        QVERIFY2(drift->headline().contains(Archetypes::name(R)), qPrintable(drift->headline()));
        // Split by version, the planted prompt is named as the cause.
        bool named = false;
        for (int row = 0; row < drift->model()->rowCount(); ++row) {
            const DriftRow r = drift->model()->rowAt(row);
            named = named
                || (r.alarm && r.archetype == R
                    && r.promptVersion == QLatin1String(DemoEumas::PlantedDriftPromptVersion));
        }
        QVERIFY(named);
        // The strongest row's metric is drawn over the two windows.
        QVERIFY(charted.wait(20000) || charted.count() > 0);
        QCOMPARE(charted.last().first().toBool(), true);
        QVERIFY(drift->chart()->dailyCount() > 0);
        QVERIFY(QTest::qWaitFor([this] { return !m_page->isBusy(); }, 5000));
        screenshot(m_page.get(), QStringLiteral("drift"));

        // Cancel stops a run: the tab is idle again and keeps the rows it had.
        const int rows = drift->model()->rowCount();
        drift->run();
        QVERIFY(drift->isRunning());
        auto *cancel = drift->findChild<QPushButton *>(QStringLiteral("cancelTask"));
        QVERIFY(cancel);
        cancel->click();
        QVERIFY(QTest::qWaitFor([&] { return !drift->isRunning() && !m_page->isBusy(); }, 20000));
        QCOMPARE(drift->model()->rowCount(), rows);
    }

    // Make a strategy that doubles Ella-R, preview it, apply it, undo it.
    void strategyDoublingEllaR()
    {
        ArchetypePriorityView *priority = m_page->priorityView();
        QAbstractItemModelTester topTester(priority->top(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester listTester(
            priority->strategies(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester upTester(priority->movesUp(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(showTab(ArchetypeDashboardPage::PriorityTab));
        QVERIFY(priority->strategies()->rowCount() >= 1);
        QVERIFY(priority->strategies()->strategyAt(0).builtIn);
        QVERIFY(priority->top()->rowCount() > 0);
        QVERIFY2(!priority->countsText().isEmpty(), "the share of long-term and core memories is said");
        // Stored priorities by memory, as far as the list goes.
        const auto storedNow = [priority] {
            QHash<QUuid, double> stored;
            for (int row = 0; row < priority->top()->rowCount(); ++row)
                stored.insert(priority->top()->rowAt(row).memoryId, priority->top()->rowAt(row).stored);
            return stored;
        };
        const QHash<QUuid, double> before = storedNow();
        screenshot(m_page.get(), QStringLiteral("priority-top"));

        priority->newStrategy();
        StrategyEditor *editor = priority->editor();
        editor->setWeight(R, 0.16);
        QVERIFY(!editor->isValid());
        QVERIFY2(
            editor->sumText().contains(QLatin1String("1.08")), qPrintable(editor->sumText())); // said, not normalised
        QVERIFY(!priority->findChild<QWidget *>(QStringLiteral("saveStrategy"))->isEnabled());
        editor->setWeight(Archetypes::M, 0.12);
        QVERIFY2(editor->isValid(), qPrintable(editor->sumText()));
        auto *name = priority->findChild<QLineEdit *>(QStringLiteral("strategyName"));
        QVERIFY(name);
        name->setText(QStringLiteral("Ella-R doubled"));

        QSignalSpy saved(priority, &ArchetypePriorityView::saved);
        priority->save();
        QVERIFY(saved.wait(10000));
        QCOMPARE(saved.first().first().toBool(), true);
        QVERIFY(QTest::qWaitFor([this] { return !m_page->isBusy(); }, 10000));
        QCOMPARE(editor->strategy().name, QStringLiteral("Ella-R doubled"));
        QVERIFY(!editor->strategy().id.isNull());

        QSignalSpy previewed(priority, &ArchetypePriorityView::previewed);
        priority->preview();
        QVERIFY(previewed.wait(60000));
        QCOMPARE(previewed.first().first().toBool(), true);
        QVERIFY2(priority->previewText().contains(QStringLiteral("τ")), qPrintable(priority->previewText()));
        QVERIFY(priority->movesUp()->rowCount() > 0);
        // Doubling Ella-R lifts memories because of Ella-R.
        QCOMPARE(priority->movesUp()->moveAt(0).mainArchetype, R);
        QVERIFY(QTest::qWaitFor([this] { return !m_page->isBusy(); }, 10000));
        screenshot(m_page.get(), QStringLiteral("priority-preview"));

        QSignalSpy applied(priority, &ArchetypePriorityView::applied);
        priority->apply();
        QVERIFY(applied.wait(60000));
        QVERIFY2(applied.first().first().toBool(), qPrintable(priority->message()));
        QVERIFY(!priority->lastBatch().isNull());
        QVERIFY(QTest::qWaitFor([this] { return !m_page->isBusy(); }, 10000));
        int changed = 0;
        for (auto [id, stored] : storedNow().asKeyValueRange())
            changed += before.contains(id) && before.value(id) != stored ? 1 : 0;
        QVERIFY2(changed > 0, "the apply recomputed the stored priorities");

        QSignalSpy undone(priority, &ArchetypePriorityView::undone);
        priority->undoLastApply();
        QVERIFY(undone.wait(60000));
        QVERIFY2(undone.first().first().toBool(), qPrintable(priority->message()));
        QVERIFY(priority->lastBatch().isNull());

        // Every stored priority is as it was before the apply.
        QVERIFY(QTest::qWaitFor([this] { return !m_page->isBusy(); }, 10000));
        const QHash<QUuid, double> after = storedNow();
        int compared = 0;
        for (auto [id, stored] : after.asKeyValueRange()) {
            if (!before.contains(id))
                continue; // decay moved it into the list since; the services test checks every memory
            QCOMPARE(stored, before.value(id));
            ++compared;
        }
        QVERIFY(compared >= before.size() / 2);
    }

    void simulatorSideBySide()
    {
        ArchetypePriorityView *priority = m_page->priorityView();
        QVERIFY(showTab(ArchetypeDashboardPage::PriorityTab));
        for (int row = 0; row < priority->strategies()->rowCount(); ++row) {
            if (priority->strategies()->strategyAt(row).name == QLatin1String("Ella-R doubled"))
                priority->selectStrategy(row);
        }
        QVERIFY(QTest::qWaitFor([this] { return !m_page->isBusy(); }, 10000));
        StrategySimulator *simulator = priority->simulator();
        QAbstractItemModelTester tester(simulator->proposed(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        priority->lists()->setCurrentWidget(simulator);
        const QString word = priority->top()->rowAt(0).summary.section(QLatin1Char(' '), 0, 0);
        simulator->setQuery(word, false);
        QSignalSpy simulated(simulator, &StrategySimulator::simulated);
        simulator->simulate();
        QVERIFY(simulated.wait(20000));
        QCOMPARE(simulated.first().first().toBool(), true);
        QVERIFY(simulator->current()->rowCount() > 0);
        QCOMPARE(simulator->proposed()->rowCount(), simulator->current()->rowCount());
        QVERIFY(QTest::qWaitFor([this] { return !m_page->isBusy(); }, 10000));
        screenshot(m_page.get(), QStringLiteral("simulator"));
        priority->lists()->setCurrentIndex(0);
    }

    // New evaluations (NOTIFY) refresh the shown tab without a reload; what an operator is typing survives it.
    void followsNewEvaluations()
    {
        QVERIFY(showTab(ArchetypeDashboardPage::StateTab));
        QSignalSpy stateLoaded(m_page->stateView(), &ArchetypeStateView::loaded);
        Q_EMIT m_dashboard->evaluationsChanged();
        Q_EMIT m_dashboard->evaluationsChanged(); // a burst: one refresh
        QVERIFY(stateLoaded.wait(10000));
        QTest::qWait(1200);
        QCOMPARE(stateLoaded.count(), 1);

        ArchetypePriorityView *priority = m_page->priorityView();
        QVERIFY(showTab(ArchetypeDashboardPage::PriorityTab));
        priority->editor()->setWeight(R, 0.30);
        QSignalSpy strategies(priority, &ArchetypePriorityView::strategiesLoaded);
        Q_EMIT m_strategies->prioritiesChanged();
        QVERIFY(strategies.wait(10000));
        QVERIFY(QTest::qWaitFor([this] { return !m_page->isBusy(); }, 10000));
        QCOMPARE(priority->editor()->strategy().weights[R], 0.30);
        QVERIFY(!priority->editor()->isValid()); // still says the sum is wrong
    }

    void monitorShowsFailuresWithTheirReply()
    {
        ArchetypeMonitorView *monitor = m_page->monitorView();
        QAbstractItemModelTester counts(
            monitor->monitorModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester failures(
            monitor->failureModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(showTab(ArchetypeDashboardPage::MonitorTab));
        QVERIFY(monitor->monitorModel()->rowCount() > 0);
        QVERIFY(monitor->monitorModel()->total(EvaluationMonitorModel::Evaluated) > 0);
        QCOMPARE(monitor->failureModel()->rowCount(), m_failed.size());
        monitor->selectFailures({ 0, 1 });
        QVERIFY(monitor->rawReplyText().contains(QLatin1String("\"curiosityLevel\": 1.7")));
        QVERIFY(monitor->reasonText().contains(QLatin1String("outside [0, 1]")));
        screenshot(m_page.get(), QStringLiteral("monitor"));

        // No AI endpoint here: the retry says so and changes nothing.
        QSignalSpy retried(monitor, &ArchetypeMonitorView::retryFinished);
        monitor->retrySelected();
        QVERIFY(retried.wait(10000));
        QCOMPARE(retried.first().first().toBool(), false);
        QVERIFY2(monitor->retryMessage().contains(QLatin1String("evaluator")), qPrintable(monitor->retryMessage()));
        QCOMPARE(monitor->failureModel()->rowCount(), m_failed.size());
    }

    // Retry Selected with an evaluator: the selected failures' memories are evaluated again as a task, and the
    // counts show the new evaluations under the evaluator's model and prompt version.
    void retryEvaluatesTheSelectedFailuresAgain()
    {
        OpenAiTestServer server;
        QVERIFY(server.listen());
        OpenAiSettings settings = mockSettings(server);
        settings.requestsPerMinute = 100000;
        OpenAiClient client(settings, testApiKey());
        const Result<PromptTemplate> prompt = PromptLibrary().find(
            QStringLiteral("archetype-evaluation"), QString::fromLatin1(PromptLibrary::PerMemory));
        QVERIFY2(prompt, qPrintable(prompt.errorMessage()));
        ArchetypeEvaluator evaluator(client, *prompt);
        m_dashboard->setEvaluator(&evaluator);

        ArchetypeMonitorView *monitor = m_page->monitorView();
        QVERIFY(showTab(ArchetypeDashboardPage::MonitorTab));
        monitor->setFailureArchetype(-1);
        QVERIFY(QTest::qWaitFor([&] { return monitor->failureModel()->rowCount() == m_failed.size(); }, 10000));
        QSignalSpy running(monitor, &ArchetypeMonitorView::retryRunningChanged);
        QSignalSpy retried(monitor, &ArchetypeMonitorView::retryFinished);
        monitor->selectFailures({ 0, 1 });
        monitor->retrySelected();
        QVERIFY(retried.wait(60000));
        m_dashboard->setEvaluator(nullptr);
        QVERIFY2(retried.first().first().toBool(), qPrintable(monitor->retryMessage()));
        QVERIFY2(monitor->retryMessage().contains(QLatin1String("2")), qPrintable(monitor->retryMessage()));
        QCOMPARE(running.count(), 2); // held the endpoint, then let it go
        QCOMPARE(running.last().first().toBool(), false);
        QVERIFY(server.requestCount() >= 2); // one request per memory (per-memory prompt)

        QVERIFY(QTest::qWaitFor([this] { return !m_page->isBusy(); }, 10000));
        qint64 byEvaluator = 0;
        for (int row = 0; row < monitor->monitorModel()->rowCount(); ++row) {
            const EvaluationMonitorRow r = monitor->monitorModel()->rowAt(row);
            if (r.model == evaluator.model() && r.promptVersion == evaluator.promptVersion())
                byEvaluator += r.evaluated;
        }
        QCOMPARE(byEvaluator, qint64(2 * Archetypes::Count));
        screenshot(m_page.get(), QStringLiteral("monitor-retried"));
    }

    void cleanupTestCase()
    {
        m_page.reset();
        m_strategies.reset();
        m_dashboard.reset();
        m_tasks.reset();
        m_worker.reset();
    }
};

QTEST_MAIN(TestArchetypeDashboardPage)
#include "tst_archetypedashboardpage.moc"
