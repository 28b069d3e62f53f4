#include "ai/aiendpoint.h"
#include "ai/aimenu.h"
#include "core/archetypes.h"
#include "memories/bulkembedding.h"
#include "db/databaseworker.h"
#include "window/mainwindow.h"
#include "memories/memoryquery.h"
#include "memories/memoriescuration.h"
#include "memories/memoriespage.h"
#include "memories/memorybulk.h"
#include "memories/memorybulkactions.h"
#include "memories/memorydetailpane.h"
#include "memories/memoryexportdialog.h"
#include "memories/memorymaintenance.h"
#include "memories/memorytablemodel.h"
#include "core/secretstore.h"
#include "db/sqliteworkspace.h"
#include "db/repository.h"
#include "tasks/taskrunner.h"
#include "workspace/workspacesession.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QItemSelectionModel>
#include <QLocale>
#include <QMainWindow>
#include <QMenu>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

// Bulk actions on "all memories matching the filter" as an operator runs them, offscreen on the demo
// workspace: the confirmation names the exact count, exactly the filter's memories change (in bounded
// transactions), an empty match changes nothing, re-embedding and export take the same scope. And a
// decay pass is shown once: the grid and the detail pane decay only from the pass on.
class TestBulkFilter : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_path;

    // The window the curation hooks into, with the page as its central widget.
    struct Ui
    {
        DatabaseWorker worker;
        TaskRunner runner;
        QMainWindow window;
        MemoriesPage *page = nullptr;
        MemoriesCuration *curation = nullptr;
    };

    std::unique_ptr<Ui> openUi()
    {
        auto ui = std::make_unique<Ui>();
        const QString path = m_path;
        auto opened
            = ui->worker.open([path] { return SqliteWorkspace::open(path, QStringLiteral("bulk")); });
        opened.waitForFinished();
        if (!opened.result())
            return nullptr;
        ui->page = new MemoriesPage(&ui->worker, &ui->window);
        ui->window.setCentralWidget(ui->page);
        ui->curation = new MemoriesCuration(ui->page, &ui->worker, &ui->runner, &ui->window);
        ui->window.resize(1400, 900);
        ui->window.show();
        ui->page->load();
        return ui;
    }

    template<typename F> static auto db(DatabaseWorker &worker, F f) { return worker.run(std::move(f)).result(); }

    static QList<QUuid> idsMatching(DatabaseWorker &worker, const MemoryFilter &filter)
    {
        Result<QList<QUuid>> ids = db(worker, [filter](Repository &r) -> Result<QList<QUuid>> {
            Result<MemoryQuery> query = MemoryQuery::on(r);
            if (!query)
                return query.error();
            return query->filteredIds(filter);
        });
        return ids ? *ids : QList<QUuid>();
    }

    static QList<QUuid> sorted(QList<QUuid> ids)
    {
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    // Every long-term memory, archived or not.
    static QList<QUuid> pinned(DatabaseWorker &worker)
    {
        MemoryFilter filter;
        filter.archived = TriState::Any;
        filter.longTerm = TriState::Yes;
        return sorted(idsMatching(worker, filter));
    }

    static void save(QWidget &widget, const QString &name)
    {
        const QString folder = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(folder);
        QVERIFY(widget.grab().save(folder + QLatin1Char('/') + name));
    }

    // Fetches pages until `id` is loaded; its row, or -1.
    static int loadRowOf(MemoryTableModel *model, const QUuid &id)
    {
        for (int guard = 0; guard < 100 && model->rowOf(id) < 0; ++guard) {
            if (!QTest::qWaitFor([model] { return !model->isLoading(); }, 10000))
                return -1;
            if (model->rowOf(id) >= 0 || !model->canFetchMore({}))
                break;
            model->fetchMore({});
        }
        return model->rowOf(id);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        qRegisterMetaType<BulkReport>();
        m_path = m_dir.filePath(QStringLiteral("bulk.sqlite"));
        DemoSpec spec;
        spec.memories = 600;
        spec.freelancers = 50;
        spec.jobs = 20;
        const Result<DemoSummary> summary = WorkspaceSession::createDemoFile(m_path, spec);
        QVERIFY2(summary, qPrintable(summary.errorMessage()));
    }
    void cleanupTestCase() { QSettings().clear(); }

    void pinAllMatchingPinsExactlyTheFilter()
    {
        std::unique_ptr<Ui> ui = openUi();
        QVERIFY(ui);
        MemoryTableModel *model = ui->page->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 && model->matchCount() > 0, 10000);

        // A filter that matches some memories but not all, and more than one chunk of them.
        MemoryFilter filter = model->filter();
        filter.tones = { model->index(0, MemoryTableModel::Tone).data().toString() };
        filter.longTerm = TriState::No;
        model->setFilter(filter);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->matchCount() >= 0, 10000);
        const QList<QUuid> expected = sorted(idsMatching(ui->worker, filter));
        const int n = int(expected.size());
        QCOMPARE(qint64(n), model->matchCount());
        QVERIFY(n > 7 && n < 600);
        const QList<QUuid> pinnedBefore = pinned(ui->worker);
        QVERIFY(!pinnedBefore.isEmpty()); // the demo pins some: they must stay pinned and nothing else change

        // The menu names the scope with its count.
        QCOMPARE(ui->curation->filteredMenu()->title(),
            QStringLiteral("&All %1 Memories Matching the Filter").arg(QLocale().toString(n)));

        QMenu *memories = ui->curation->createMemoriesMenu();
        memories->popup(ui->window.mapToGlobal(QPoint(200, 30)));
        QTRY_VERIFY(memories->isVisible());
        ui->curation->filteredMenu()->popup(memories->mapToGlobal(QPoint(memories->width(), 0)));
        QTRY_VERIFY(ui->curation->filteredMenu()->isVisible());
        save(*memories, QStringLiteral("bulkfilter-memories-menu.png"));
        save(*ui->curation->filteredMenu(), QStringLiteral("bulkfilter-matching-submenu.png"));
        ui->curation->filteredMenu()->hide();
        memories->hide();

        MemoryBulkActions *bulk = ui->curation->bulkActions();
        bulk->setChunkSize(7); // bounded transactions: several of them
        QStringList asked;
        bulk->setConfirm([&asked](const QString &title, const QString &text) {
            asked << title << text;
            return true;
        });
        QSignalSpy finished(bulk, &MemoryBulkActions::finished);
        QSignalSpy resolving(bulk, &MemoryBulkActions::resolvingChanged);
        QAction *pinAll = bulk->action(BulkRequest::Pin, MemoryBulkActions::Scope::Filtered);
        QVERIFY(pinAll && pinAll->isEnabled());
        QVERIFY(ui->curation->filteredMenu()->actions().contains(pinAll));
        pinAll->trigger();
        QVERIFY(bulk->isResolving()); // the ids are read on the database thread, not here
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        QCOMPARE(resolving.count(), 2);

        QCOMPARE(asked.size(), 2);
        QCOMPARE(asked[0], QStringLiteral("Pin memories"));
        QVERIFY2(asked[1].startsWith(QStringLiteral("Pin %1 memories matching the filter").arg(QLocale().toString(n))),
            qPrintable(asked[1]));
        const BulkReport report = finished.first().first().value<BulkReport>();
        QCOMPARE(report.changed, qint64(n));
        QCOMPARE(report.unchanged + report.missing, 0);
        QCOMPARE(report.chunks, (n + 6) / 7);

        QList<QUuid> want = pinnedBefore + expected;
        want = sorted(want);
        want.erase(std::unique(want.begin(), want.end()), want.end());
        QCOMPARE(pinned(ui->worker), want);
        // The grid merged the change: with "long-term: no" in the filter, the pinned rows are gone.
        QTRY_VERIFY_WITH_TIMEOUT(model->matchCount() == 0 && model->rowCount() == 0, 10000);
        save(ui->window, QStringLiteral("bulkfilter-after-pin.png"));

        // Unpin them again through the filter's tone alone, to leave the workspace as it was.
        filter.longTerm = TriState::Any;
        model->setFilter(filter);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->matchCount() > 0, 10000);
        const QList<QUuid> again = idsMatching(ui->worker, filter);
        asked.clear();
        bulk->setConfirm([&asked](const QString &, const QString &text) {
            asked << text;
            return false; // the operator says no: nothing happens
        });
        bulk->action(BulkRequest::Unpin, MemoryBulkActions::Scope::Filtered)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(asked.size(), 1, 10000);
        QVERIFY(asked[0].contains(QLocale().toString(qint64(again.size()))));
        QCOMPARE(pinned(ui->worker), want);
    }

    void emptyMatchAndSelectionScope()
    {
        std::unique_ptr<Ui> ui = openUi();
        QVERIFY(ui);
        MemoryTableModel *model = ui->page->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 3 && model->matchCount() > 0, 10000);
        MemoryBulkActions *bulk = ui->curation->bulkActions();
        int asked = 0;
        bulk->setConfirm([&asked](const QString &, const QString &) {
            ++asked;
            return true;
        });

        // Selection: three rows, pinned without a question (they are on screen), the submenu counts them.
        ui->page->table()->selectionModel()->select(QItemSelection(model->index(0, 0), model->index(2, 0)),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(ui->curation->selectionMenu()->title(), QStringLiteral("&Selected Memories (3)"));
        const QList<QUuid> selected = ui->curation->selectedIds();
        QSignalSpy finished(bulk, &MemoryBulkActions::finished);
        QString question; // the tag question, with the count, is the confirmation
        bulk->setTagPrompt([&question](bool add, const QString &text) {
            question = text;
            return add ? QStringLiteral("bulk-filter-test") : QString();
        });
        bulk->action(BulkRequest::AddTag)->trigger();
        QCOMPARE(question, QStringLiteral("Tag to add to the 3 selected memories:"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(finished.first().first().value<BulkReport>().changed, 3);
        QCOMPARE(asked, 0);
        MemoryFilter tagged;
        tagged.tags = { QStringLiteral("bulk-filter-test") };
        QCOMPARE(sorted(idsMatching(ui->worker, tagged)), sorted(selected));

        // Nothing matches: a notice, no question, no task.
        MemoryFilter none = model->filter();
        none.text = QStringLiteral("zzqqxxnothingmatchesthis");
        model->setFilter(none);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->matchCount() == 0, 10000);
        QVERIFY(!ui->curation->filteredMenu()->menuAction()->isEnabled());
        QSignalSpy notice(bulk, &MemoryBulkActions::notice);
        bulk->action(BulkRequest::Archive, MemoryBulkActions::Scope::Filtered)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(notice.count(), 1, 10000);
        QCOMPARE(asked, 0);
        QCOMPARE(finished.count(), 1);
    }

    void reembedAndExportMatching()
    {
        std::unique_ptr<Ui> ui = openUi();
        QVERIFY(ui);
        MemoryTableModel *model = ui->page->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 && model->matchCount() > 0, 10000);
        MemoryFilter filter = model->filter();
        filter.tones = { model->index(0, MemoryTableModel::Tone).data().toString() };
        model->setFilter(filter);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->matchCount() > 0, 10000);
        const qint64 n = model->matchCount();

        // AI → Re-embed All Matching the Filter (offline embedder), after a confirmation with the count.
        SecretStore secrets;
        AiEndpoint endpoint(&ui->worker, &secrets);
        AiMenu ai(&endpoint, &ui->runner, &ui->worker, &ui->window);
        ui->curation->attachAiMenu(&ai);
        QString asked;
        ai.setConfirm([&asked](const QString &, const QString &text) {
            asked = text;
            return true;
        });
        QSignalSpy embedded(ai.bulkEmbedding(), &BulkEmbedding::finished);
        QVERIFY(ai.reembedFilteredAction()->isEnabled());
        ai.reembedFilteredAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(embedded.count(), 1, 30000);
        QVERIFY2(
            asked.startsWith(QStringLiteral("Re-embed %1 memories matching the filter").arg(QLocale().toString(n))),
            qPrintable(asked));
        const auto summary = embedded.first().first().value<BulkEmbedding::Summary>();
        QVERIFY2(summary.error.isEmpty(), qPrintable(summary.error));
        QCOMPARE(summary.total, n);

        // File → Export Memories…, third scope: exactly the filter's memories.
        MemoryExportDialog dialog(&ui->worker, &ui->runner, {});
        dialog.setFilterScope(filter, n);
        const QString path = m_dir.filePath(QStringLiteral("matching.jsonl"));
        dialog.setPath(path);
        QSignalSpy exported(&dialog, &MemoryExportDialog::exported);
        dialog.show();
        save(dialog, QStringLiteral("bulkfilter-export-dialog.png"));
        dialog.exportNow();
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 15000);
        QCOMPARE(exported.first().first().toLongLong(), n);
    }

    void mainWindowGivesTheAiMenuTheFilter()
    {
        // The AI menu is created before the curation; the curation hands it the grid's scopes.
        WorkspaceSession session;
        MainWindow window(&session);
        QVERIFY(window.aiMenu()->reembedFilteredAction()->isEnabled());
        QVERIFY(window.aiMenu()->menu()->actions().contains(window.aiMenu()->reembedFilteredAction()));
        QVERIFY(!window.aiMenu()->reevaluateFilteredAction()->isEnabled()); // offline: no chat model
    }

    void detailPaneLeavesTheGridMostOfTheWidth()
    {
        std::unique_ptr<Ui> ui = openUi();
        QVERIFY(ui);
        MemoryTableModel *model = ui->page->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0, 10000);
        MemoryDetailPane *pane = ui->page->detailPane();
        ui->page->selectRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(pane->detail().memory.id == model->idAt(0) && !pane->isLoading(), 10000);
        QTest::qWait(50); // layouts settle

        // At a 1,400 px window the grid keeps most of the width, and the Overview fits the pane
        // without scrolling sideways.
        QVERIFY(pane->sizeHint().width() <= 380);
        QVERIFY(pane->minimumSizeHint().width() <= 380);
        QVERIFY2(ui->page->table()->width() > 3 * pane->width() / 2,
            qPrintable(QStringLiteral("grid %1, pane %2").arg(ui->page->table()->width()).arg(pane->width())));
        auto *overview = qobject_cast<QScrollArea *>(pane->tabs()->widget(MemoryDetailPane::OverviewTab));
        QVERIFY(overview);
        QVERIFY2(overview->widget()->minimumSizeHint().width() <= overview->viewport()->width(),
            qPrintable(QStringLiteral("overview needs %1, has %2")
                           .arg(overview->widget()->minimumSizeHint().width())
                           .arg(overview->viewport()->width())));
        save(ui->window, QStringLiteral("bulkfilter-window-1400.png"));
    }

    void decayPassIsShownOnce()
    {
        std::unique_ptr<Ui> ui = openUi();
        QVERIFY(ui);
        MemoryTableModel *model = ui->page->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 && model->matchCount() > 0, 10000);

        // A memory the pass decays by a visible amount, not accessed since.
        Result<MaintenanceSnapshot> snapshot
            = db(ui->worker, [](Repository &r) { return MemoryMaintenance::loadSnapshot(r, false); });
        QVERIFY(snapshot);
        const DecayPreview preview = MemoryMaintenance::previewDecay(*snapshot);
        QVERIFY(!preview.changes.isEmpty());
        const DecayChange change = preview.changes.first(); // the largest drop
        QVERIFY(change.before - change.after > 0.01);
        const QString after = QString::number(change.after, 'f', 3);

        // Before the pass the grid already shows the decayed value (decay since the last access).
        int row = loadRowOf(model, change.id);
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, MemoryTableModel::Priority).data().toString(), after);

        Result<MaintenanceBatch> batch
            = db(ui->worker, [preview](Repository &r) { return MemoryMaintenance::applyDecay(r, preview); });
        QVERIFY(batch);
        QVERIFY(batch->written > 0);

        // After it the stored priority is the decayed one, and the grid shows it as it is, not decayed
        // again from the last access (which would show a visibly lower number).
        model->reload();
        row = loadRowOf(model, change.id);
        QVERIFY(row >= 0);
        const QModelIndex priority = model->index(row, MemoryTableModel::Priority);
        QCOMPARE(priority.data(MemoryTableModel::RawPriorityRole).toDouble(), change.after);
        QCOMPARE(priority.data().toString(), after);
        QVERIFY(priority.data(Qt::ToolTipRole).toString().contains(QStringLiteral("decay pass")));

        // The detail pane agrees.
        MemoryDetailPane *pane = ui->page->detailPane();
        QSignalSpy loaded(pane, &MemoryDetailPane::detailLoaded);
        pane->showMemory(change.id);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
        const QString text = pane->priorityText();
        QVERIFY2(text.contains(QStringLiteral("Priority now: %1 after decay since the decay pass")
                                   .arg(QLocale().toString(change.after, 'f', 3))),
            qPrintable(text));
        const double twice = Archetypes::decayedPriority(
            change.after, pane->detail().memory.lastAccessed, QDateTime::currentDateTimeUtc(), false, false);
        QVERIFY(QLocale().toString(twice, 'f', 3) != QLocale().toString(change.after, 'f', 3));
        save(ui->window, QStringLiteral("bulkfilter-decay-detail.png"));

        // Restoring the pass puts the old priority back, and the grid decays it from the last access
        // again: the same number as before the pass.
        Result<qint64> restored = db(ui->worker, [id = batch->batchId](Repository &r) -> Result<qint64> {
            return MemoryBulk(r).restoreBatch(id);
        });
        QVERIFY(restored);
        model->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(model->index(model->rowOf(change.id), MemoryTableModel::Priority)
                                      .data(MemoryTableModel::RawPriorityRole)
                                      .toDouble(),
            change.before, 10000);
        QCOMPARE(model->index(model->rowOf(change.id), MemoryTableModel::Priority).data().toString(), after);
    }
};

QTEST_MAIN(TestBulkFilter)
#include "tst_bulkfilter.moc"
