#include "db/databaseworker.h"
#include "demo/demogenerator.h"
#include "memories/linkstree.h"
#include "memories/maintenancedialog.h"
#include "memories/memorybulkactions.h"
#include "memories/memoryconflictdialog.h"
#include "memories/memorydetailpane.h"
#include "memories/memoryeditpanel.h"
#include "memories/memoryeditstack.h"
#include "memories/memoryhistoryview.h"
#include "memories/memoryneighboursview.h"
#include "tasks/taskrunner.h"
#include "support/testutil.h"

#include <QAction>
#include <QCheckBox>
#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QUndoStack>

// The detail pane as an operator uses it, offscreen on a small demo workspace: edit tags and undo,
// a conflicting save opens the dialog and a merge keeps both operators' work, neighbours and history
// show, bulk actions run as cancellable tasks, maintenance previews and restores. Saves screenshots.
class TestMemoryDetailPane : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<DatabaseWorker> m_worker;
    QList<QUuid> m_ids;

    static QString screenshot(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }
    template<typename F> auto db(F f) { return m_worker->run(std::move(f)).result(); }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<MemoryEdit>();
        qRegisterMetaType<MemoryDetail>();
        QVERIFY(m_dir.isValid());
        m_worker = std::make_unique<DatabaseWorker>();
        const QString path = m_dir.filePath(QStringLiteral("pane.sqlite"));
        QVERIFY(m_worker->open([path] { return SqliteWorkspace::open(path, QStringLiteral("pane")); })
                    .result());
        DemoSpec spec;
        spec.memories = 400;
        spec.freelancers = 10;
        spec.jobs = 5;
        QVERIFY(db([spec](Repository &r) -> Result<void> {
            Result<DemoSummary> s = DemoGenerator::generate(r, spec);
            return s ? Result<void>() : Result<void>(s.error());
        }));
        MemoryPageRequest request;
        request.limit = 50;
        Result<MemoryPage> page = db([request](Repository &r) { return r.memoryPage(request); });
        QVERIFY(page);
        for (const MemoryRow &row : page->rows)
            m_ids << row.id;
    }
    void cleanupTestCase() { m_worker.reset(); }

    void editUndoConflictAndMerge()
    {
        MemoryEditStack stack(m_worker.get());
        stack.setActor(QStringLiteral("operator-a"));
        QSignalSpy idle(&stack, &MemoryEditStack::idle);
        MemoryDetailPane pane(m_worker.get());
        pane.setEditStack(&stack);
        pane.resize(720, 1000);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QSignalSpy neighbours(&pane, &MemoryDetailPane::neighboursLoaded);
        QSignalSpy history(&pane, &MemoryDetailPane::historyLoaded);
        const QUuid id = m_ids[3];
        pane.showMemory(id);
        QTRY_VERIFY_WITH_TIMEOUT(neighbours.count() == 1 && history.count() == 1, 10000);
        QCOMPARE(pane.neighboursView()->topLevelItemCount(), MemoryDetailPane::NeighbourCount);
        QVERIFY(pane.neighboursView()->idAt(0) != id);
        QVERIFY(pane.rawJsonText().contains(id.toString(QUuid::WithoutBraces)));
        QTest::qWait(200);
        QVERIFY(pane.grab().save(screenshot(QStringLiteral("detailpane-overview.png"))));

        // Edit the tags as an operator types them.
        const QStringList before = pane.detail().memory.contextTags;
        QLineEdit *tags = pane.editPanel()->tagsEdit();
        tags->setFocus();
        tags->setText(QStringLiteral("checked, follow-up ,checked"));
        QTest::keyClick(tags, Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return idle.count() >= 1; }, 10000));
        QTRY_COMPARE(pane.detail().memory.contextTags, (QStringList { QStringLiteral("checked"), QStringLiteral("follow-up") }));
        QTRY_VERIFY(pane.historyView()->topLevelItemCount() >= 1);
        QCOMPARE(pane.historyView()->topLevelItem(0)->text(MemoryHistoryView::Actor), QStringLiteral("operator-a"));
        pane.tabs()->setCurrentIndex(MemoryDetailPane::HistoryTab);
        QVERIFY(pane.grab().save(screenshot(QStringLiteral("detailpane-history.png"))));
        pane.tabs()->setCurrentIndex(MemoryDetailPane::LinksTab);
        // The tab lists the memory's links both ways, as the workspace holds them (or says there are none).
        const Result<MemoryDetail> linked = db([id](Repository &r) { return r.memoryDetail(id); });
        QVERIFY(linked);
        QCOMPARE(pane.linkCount(), int(linked->outgoing.size() + linked->incoming.size()));
        QCOMPARE(pane.linksTree()->isVisible(), pane.linkCount() > 0);
        QVERIFY(pane.grab().save(screenshot(QStringLiteral("detailpane-links.png"))));
        pane.tabs()->setCurrentIndex(MemoryDetailPane::OverviewTab);

        // Undo puts the tags back, in the pane and in the database.
        stack.undoStack()->undo();
        QVERIFY(QTest::qWaitFor([&] { return idle.count() >= 2; }, 10000));
        QTRY_COMPARE(pane.detail().memory.contextTags, before);
        QCOMPARE(tags->text(), before.join(QLatin1String(", ")));

        // Another operator saves the summary and pins the memory; our summary edit then conflicts.
        QVERIFY(db([id](Repository &r) {
            MemoryEdit theirs;
            theirs.memoryId = id;
            theirs.baseVersion = r.memoryDetail(id)->memory.version;
            theirs.summary = QStringLiteral("Their summary");
            theirs.longTerm = true;
            return MemoryEditor(r, QStringLiteral("operator-b")).save(theirs);
        }));
        QSignalSpy conflict(&pane, &MemoryDetailPane::conflictShown);
        MemoryEdit mine;
        mine.summary = QStringLiteral("My summary");
        mine.tags = QStringList { QStringLiteral("mine") };
        pane.requestEdit(mine);
        QTRY_COMPARE_WITH_TIMEOUT(conflict.count(), 1, 10000);
        MemoryConflictDialog *dialog = pane.conflictDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->differingFields(), (QList<MemoryEdit::Field> { MemoryEdit::Tags, MemoryEdit::Summary }));
        QCOMPARE(dialog->table()->item(1, MemoryConflictDialog::MineColumn)->text(), QStringLiteral("My summary"));
        QCOMPARE(dialog->table()->item(1, MemoryConflictDialog::TheirsColumn)->text(), QStringLiteral("Their summary"));
        QTest::qWait(100);
        QVERIFY(dialog->grab().save(screenshot(QStringLiteral("conflict-dialog.png"))));
        QCOMPARE(db([id](Repository &r) { return r.memoryDetail(id); })->memory.summary, QStringLiteral("Their summary"));

        // Merge: my tags, their summary; their pin stays.
        dialog->setUseMine(MemoryEdit::Summary, false);
        dialog->choose(MemoryConflictDialog::Merge);
        QVERIFY(QTest::qWaitFor([&] { return idle.count() >= 4; }, 10000));
        const MemoryDetail stored = *db([id](Repository &r) { return r.memoryDetail(id); });
        QCOMPARE(stored.memory.summary, QStringLiteral("Their summary"));
        QCOMPARE(stored.memory.contextTags, QStringList { QStringLiteral("mine") });
        QVERIFY(stored.memory.longTerm);
        QTRY_COMPARE(pane.detail().memory.version, stored.memory.version);
        QVERIFY(pane.editPanel()->longTermBox()->isChecked());
    }

    void bulkActionsRunAsCancellableTasks()
    {
        TaskRunner runner;
        QWidget parent;
        QList<QUuid> selection = m_ids.mid(10, 30);
        MemoryBulkActions bulk(m_worker.get(), &runner, [&selection] { return selection; }, &parent);
        bulk.setChunkSize(10);
        int asked = 0;
        bulk.setConfirm([&asked](const QString &, const QString &text) {
            ++asked;
            return text.contains(QLatin1String("30"));
        });
        QSignalSpy finished(&bulk, &MemoryBulkActions::finished);
        const qint64 archivedBefore = db([](Repository &r) { return r.counts(); })->archivedMemories;
        // Cancel as soon as the first chunk is in: the other two never run.
        connect(&bulk, &MemoryBulkActions::progressed, &runner, [&](qint64 done, qint64) {
            if (done == 10)
                runner.cancel(bulk.taskId());
        });
        bulk.action(BulkRequest::SoftDelete)->trigger();
        QCOMPARE(asked, 1);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        const BulkReport report = finished.first().first().value<BulkReport>();
        QVERIFY(report.cancelled);
        QCOMPARE(report.chunks, 1);
        QCOMPARE(report.changed + report.unchanged, 10);
        QCOMPARE(db([](Repository &r) { return r.counts(); })->archivedMemories, archivedBefore + report.changed);
        QVERIFY(!bulk.isRunning());

        // Restoring the first ten brings back what the delete archived (and any archived before).
        disconnect(&bulk, &MemoryBulkActions::progressed, &runner, nullptr);
        selection = selection.mid(0, 10);
        bulk.action(BulkRequest::Restore)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
        QCOMPARE(finished.last().first().value<BulkReport>().changed, 10);
        QCOMPARE(db([](Repository &r) { return r.counts(); })->archivedMemories, archivedBefore + report.changed - 10);

        Privileges viewer = Privileges::owner(QStringLiteral("viewer"));
        viewer.canDeleteMemories = false;
        bulk.setPrivileges(viewer);
        QVERIFY(!bulk.action(BulkRequest::Purge)->isEnabled());
        QVERIFY(bulk.action(BulkRequest::Pin)->isEnabled());
    }

    void maintenancePreviewArchiveRestore()
    {
        TaskRunner runner;
        MaintenanceDialog dialog(m_worker.get(), &runner);
        PrunePolicy policy;
        policy.olderThanDays = 30;
        policy.belowPriority = 0.3;
        policy.duplicateCosine = 0.9;
        dialog.setPolicy(policy);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy ready(&dialog, &MaintenanceDialog::previewReady);
        dialog.previewPruning();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        const PrunePreview preview = dialog.prunePreview();
        QVERIFY(!preview.candidates.isEmpty());
        QCOMPARE(dialog.previewTree()->topLevelItemCount(), preview.candidates.size());
        QTest::qWait(100);
        QVERIFY(dialog.grab().save(screenshot(QStringLiteral("maintenance-preview.png"))));

        const qint64 archivedBefore = db([](Repository &r) { return r.counts(); })->archivedMemories;
        QSignalSpy written(&dialog, &MaintenanceDialog::batchWritten);
        dialog.apply();
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, 10000);
        QCOMPARE(written.first().at(1).toLongLong(), preview.candidates.size());
        QCOMPARE(db([](Repository &r) { return r.counts(); })->archivedMemories, archivedBefore + preview.candidates.size());
        QSignalSpy restored(&dialog, &MaintenanceDialog::batchRestored);
        dialog.restoreLastBatch();
        QTRY_COMPARE_WITH_TIMEOUT(restored.count(), 1, 10000);
        QCOMPARE(db([](Repository &r) { return r.counts(); })->archivedMemories, archivedBefore);
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    TestMemoryDetailPane test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_memorydetailpane.moc"
