// The Model registry page on a small demo workspace, as an operator uses it: the migrations' versions
// listed (sextant-1 active), a new version whose weights must sum to 1 before it can be saved, the two
// replayed against the demo's reviews side by side, suggested weights, and the new one activated after a
// confirmation that names the active one, leaving exactly one active matching version in the database.
// Screenshots go to SEXTANT_TEST_OUTPUT/registry-*.png.
#include "db/databaseworker.h"
#include "db/sqliteworkspace.h"
#include "matching/learningchart.h"
#include "matching/matchservice.h"
#include "matching/modelregistrypage.h"
#include "matching/modelversionmodel.h"
#include "matching/replaycomparison.h"
#include "matching/suggestionview.h"
#include "matching/versioneditor.h"
#include "tasks/taskrunner.h"
#include "workspace/workspacesession.h"

#include <QApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

class TestModelRegistryPage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<TaskRunner> m_tasks;
    std::unique_ptr<MatchService> m_service;
    std::unique_ptr<ModelRegistryPage> m_page;
    QUuid m_sextant1;
    QUuid m_created;

    static QString screenshotPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

    void screenshot(const QString &name)
    {
        QTest::qWait(50); // headers resize to their contents on the next layout pass
        QVERIFY(m_page->grab().save(screenshotPath(name)));
    }

    QPushButton *button(const char *name) const { return m_page->findChild<QPushButton *>(QLatin1String(name)); }

    QUuid idOf(const QString &version) const
    {
        const ModelVersionModel *model = m_page->versionModel();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->versionAt(row).version == version)
                return model->versionAt(row).id;
        }
        return {};
    }

    QStringList activeMatchingVersions()
    {
        return m_worker
            ->runAndWait([](Repository &r) -> Result<QStringList> {
                QSqlQuery q(r.database());
                if (!q.exec(QStringLiteral(
                        "SELECT version FROM ai_model_versions WHERE model_type = 'matching' AND is_active = 1")))
                    return Repository::queryError(q, QStringLiteral("active versions"));
                QStringList names;
                while (q.next())
                    names << q.value(0).toString();
                return names;
            })
            .value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("registry.sqlite"));
        DemoSpec spec;
        spec.memories = 60;
        spec.freelancers = 300;
        spec.jobs = 80;
        const Result<DemoSummary> summary = WorkspaceSession::createDemoFile(path, spec);
        QVERIFY2(summary, qPrintable(summary.errorMessage()));
        QVERIFY2(summary->reviews > 0, "the demo must hold reviews to replay against");
        m_worker = std::make_unique<DatabaseWorker>();
        QVERIFY(m_worker->open([path] { return SqliteWorkspace::open(path, QStringLiteral("registry")); }).result());
        m_tasks = std::make_unique<TaskRunner>();
        m_service = std::make_unique<MatchService>(m_worker.get(), m_tasks.get());
        m_page = std::make_unique<ModelRegistryPage>(m_service.get(), m_tasks.get());
        m_page->resize(1220, 820); // the page's size in the main window's default 1400 × 900
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    }

    void cleanupTestCase()
    {
        m_page.reset();
        m_tasks->cancelAll();
        m_tasks->waitForDone(10000);
        m_service.reset();
        m_tasks.reset();
        m_worker.reset();
    }

    void listsTheSeededVersions()
    {
        QSignalSpy loaded(m_page.get(), &ModelRegistryPage::versionsLoaded);
        m_page->load();
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        QCOMPARE(m_page->modelType(), QStringLiteral("matching"));
        const ModelVersionModel *model = m_page->versionModel();
        QVERIFY(model->rowCount() >= 2);
        QCOMPARE(model->versionAt(0).version, QStringLiteral("sextant-1"));
        QVERIFY(model->versionAt(0).isActive);
        QVERIFY(!idOf(QStringLiteral("seed-1")).isNull());
        m_sextant1 = model->versionAt(0).id;
        // The active version is selected at first, and the editor is offered for matching versions.
        QCOMPARE(m_page->selectedVersions().size(), 1);
        QCOMPARE(m_page->selectedVersions().first().id, m_sextant1);
        QVERIFY(m_page->editor()->isVisible());
        QVERIFY(!button("activateButton")->isEnabled()); // it is active already
        screenshot(QStringLiteral("registry-versions.png"));
    }

    void scratchStartsEmptyAndNormaliseMakesTheSumExact()
    {
        VersionEditor *editor = m_page->editor();
        button("newFromScratchButton")->click();
        QCOMPARE(editor->weightSum(), 0.0);
        QVERIFY(!editor->saveButton()->isEnabled());
        editor->normaliseButton()->click(); // all zero: equal shares
        QVERIFY(std::abs(editor->weightSum() - 1.0) <= 1e-9);
        QCOMPARE(editor->weightBox(compute::Skills)->value(), 0.1667);
        editor->weightBox(compute::Semantic)->setValue(0.9);
        editor->normaliseButton()->click();
        QVERIFY(std::abs(editor->weightSum() - 1.0) <= 1e-9);
        QVERIFY(editor->weightBox(compute::Semantic)->value() > 0.5);
        editor->nameEdit()->setText(QStringLiteral("scratch"));
        QVERIFY(editor->saveButton()->isEnabled());
    }

    void refusesWeightsThatDoNotSumToOneThenSaves()
    {
        button("newFromSelectedButton")->click();
        VersionEditor *editor = m_page->editor();
        QCOMPARE(editor->weightBox(compute::Semantic)->value(), 0.25);
        QCOMPARE(editor->weightBox(compute::Skills)->value(), 0.35);
        QCOMPARE(editor->topKBox()->value(), 10);

        editor->weightBox(compute::Semantic)->setValue(0.35); // sum 1.1
        QVERIFY(!editor->saveButton()->isEnabled());
        QVERIFY(editor->noteLabel()->isVisible());
        QVERIFY2(editor->noteLabel()->text().contains(QLatin1String("1.10")), qPrintable(editor->noteLabel()->text()));
        QSignalSpy refused(editor, &VersionEditor::saveRequested);
        editor->saveButton()->click();
        QCOMPARE(refused.count(), 0);
        screenshot(QStringLiteral("registry-sum-refused.png"));

        editor->weightBox(compute::Skills)->setValue(0.25); // sum 1 again
        editor->thresholdBox()->setValue(0.5);
        editor->nameEdit()->setText(QStringLiteral("semantic-heavy-1"));
        QVERIFY(editor->saveButton()->isEnabled());
        QVERIFY(editor->noteLabel()->isHidden());

        QSignalSpy created(m_page.get(), &ModelRegistryPage::versionCreated);
        QSignalSpy loaded(m_page.get(), &ModelRegistryPage::versionsLoaded);
        editor->saveButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!created.isEmpty() && !loaded.isEmpty(), 10000);
        m_created = created.first().first().value<RegistryVersion>().id;
        QVERIFY(!m_created.isNull());
        // The new draft is listed and selected, inactive, with the weights given.
        QCOMPARE(m_page->selectedVersions().size(), 1);
        QCOMPARE(m_page->selectedVersions().first().id, m_created);
        const RegistryVersion saved = m_page->selectedVersions().first();
        QVERIFY(!saved.isActive);
        QCOMPARE(saved.createdBy, ModelRegistryPage::actor());
        const Result<compute::MatchParams> params = paramsFromJson(saved.parameters);
        QVERIFY(params);
        QCOMPARE(params->weights[compute::Semantic], 0.35);
        QCOMPARE(params->threshold, 0.5);
    }

    void replaysBothAndCompares()
    {
        QVERIFY(!m_created.isNull());
        m_page->selectVersions({ m_sextant1, m_created });
        QVERIFY(button("compareButton")->isEnabled());
        QVERIFY(!button("replayButton")->isEnabled()); // one version at a time
        QSignalSpy shown(m_page.get(), &ModelRegistryPage::replaysShown);
        button("compareButton")->click();
        QVERIFY(m_page->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 120000);
        QCOMPARE(shown.first().first().toInt(), 2);
        const QList<ReplayReport> reports = m_page->replayComparison()->reports();
        QCOMPARE(reports.size(), 2);
        QCOMPARE(reports.at(0).version.id, m_sextant1);
        QCOMPARE(reports.at(1).version.id, m_created);
        QVERIFY(reports.at(0).reviewedPairs > 0);
        QCOMPARE(reports.at(0).reviewedPairs, reports.at(1).reviewedPairs);
        QVERIFY(std::isfinite(reports.at(0).overall.rocAuc));
        // The figures on screen are the reports' (the Overall row, first version: precision@k).
        const QTableWidget *table = m_page->replayComparison()->table();
        QCOMPARE(table->columnCount(), 6);
        QCOMPARE(table->rowCount(), 1 + compute::MatchComponentCount);
        QCOMPARE(
            table->item(0, ReplayComparison::RocAuc)->text(), QLocale().toString(reports.at(0).overall.rocAuc, 'f', 3));
        QCOMPARE(table->item(0, ReplayComparison::MetricCount + ReplayComparison::RocAuc)->text(),
            QLocale().toString(reports.at(1).overall.rocAuc, 'f', 3));
        QVERIFY(m_page->replayComparison()->summaryLabel()->text().contains(QLatin1String("semantic-heavy-1")));
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->isBusy(), 10000);
        qInfo("replay on the demo: sextant-1 P@k %.3f NDCG@k %.3f AUC %.3f; semantic-heavy-1 P@k %.3f NDCG@k %.3f AUC "
              "%.3f; %zu reviewed pairs",
            reports.at(0).overall.precisionAtK, reports.at(0).overall.ndcgAtK, reports.at(0).overall.rocAuc,
            reports.at(1).overall.precisionAtK, reports.at(1).overall.ndcgAtK, reports.at(1).overall.rocAuc,
            reports.at(0).reviewedPairs);

        // One selected version: the chart draws what the replay recorded, one line per metric type.
        QSignalSpy history(m_page.get(), &ModelRegistryPage::historyLoaded);
        m_page->selectVersions({ m_created });
        QTRY_VERIFY_WITH_TIMEOUT(!history.isEmpty(), 10000);
        QCOMPARE(m_page->learningChart()->seriesCount(), 3);
        m_page->selectVersions({ m_sextant1, m_created }); // the screenshot shows the comparison's selection
        screenshot(QStringLiteral("registry-compare.png"));
    }

    void suggestsWeightsAsADraft()
    {
        m_page->selectVersions({ m_sextant1 });
        QSignalSpy shown(m_page.get(), &ModelRegistryPage::suggestionShown);
        QSignalSpy failed(m_page.get(), &ModelRegistryPage::actionFailed);
        button("suggestButton")->click();
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() || !failed.isEmpty(), 120000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        const RegistryVersion draft = shown.first().first().value<RegistryVersion>();
        QVERIFY(draft.version.startsWith(QLatin1String("sextant-1-suggested-")));
        QVERIFY(!draft.isActive);
        const QTableWidget *table = m_page->suggestionView()->table();
        QCOMPARE(table->rowCount(), compute::MatchComponentCount);
        QVERIFY(table->item(0, SuggestionView::StandardError)->text().startsWith(QStringLiteral("± ")));
        QVERIFY(m_page->suggestionView()->summaryLabel()->text().contains(draft.version));
        QTRY_COMPARE_WITH_TIMEOUT(m_page->versionModel()->rowOf(draft.id) >= 0, true, 10000);
        screenshot(QStringLiteral("registry-suggest.png"));
    }

    void activatesTheNewVersionAfterConfirmation()
    {
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->versionModel()->isLoading(), 10000);
        m_page->selectVersions({ m_created });
        QVERIFY(button("activateButton")->isEnabled());
        button("activateButton")->click();
        auto *box = m_page->findChild<QMessageBox *>(QStringLiteral("activateConfirmation"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY2(box->text().contains(QLatin1String("sextant-1")), qPrintable(box->text())); // the active one now
        QVERIFY(box->text().contains(QLatin1String("semantic-heavy-1")));
        QVERIFY(box->grab().save(screenshotPath(QStringLiteral("registry-activate-confirm.png"))));
        QCOMPARE(activeMatchingVersions(), QStringList { QStringLiteral("sextant-1") }); // nothing before the answer

        QSignalSpy activated(m_page.get(), &ModelRegistryPage::versionActivated);
        QSignalSpy loaded(m_page.get(), &ModelRegistryPage::versionsLoaded);
        box->findChild<QPushButton *>(QStringLiteral("confirmButton"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!activated.isEmpty() && !loaded.isEmpty(), 10000);
        QCOMPARE(activeMatchingVersions(), QStringList { QStringLiteral("semantic-heavy-1") });
        QCOMPARE(m_page->versionModel()->versionAt(0).id, m_created);
        QVERIFY(m_page->versionModel()->versionAt(0).isActive);
        const int old = m_page->versionModel()->rowOf(m_sextant1);
        QVERIFY(!m_page->versionModel()->versionAt(old).isActive);
        screenshot(QStringLiteral("registry-activated.png"));
    }

    void retiresAnInactiveVersionNotTheActiveOne()
    {
        m_page->selectVersions({ m_created });
        QVERIFY(!button("retireButton")->isEnabled()); // the active version cannot be retired
        const QUuid seed = idOf(QStringLiteral("seed-1"));
        m_page->selectVersions({ seed });
        QVERIFY(button("retireButton")->isEnabled());
        button("retireButton")->click();
        auto *box = m_page->findChild<QMessageBox *>(QStringLiteral("retireConfirmation"));
        QVERIFY(box);
        QVERIFY2(box->text().contains(QLatin1String("semantic-heavy-1")), qPrintable(box->text()));
        QSignalSpy retired(m_page.get(), &ModelRegistryPage::versionRetired);
        QSignalSpy loaded(m_page.get(), &ModelRegistryPage::versionsLoaded);
        box->findChild<QPushButton *>(QStringLiteral("confirmButton"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!retired.isEmpty() && !loaded.isEmpty(), 10000);
        QVERIFY(m_page->versionModel()->versionAt(m_page->versionModel()->rowOf(seed)).retiredAt.isValid());
        QCOMPARE(activeMatchingVersions(), QStringList { QStringLiteral("semantic-heavy-1") });
    }
};

QTEST_MAIN(TestModelRegistryPage)
#include "tst_modelregistrypage.moc"
