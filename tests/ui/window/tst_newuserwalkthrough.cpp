#include "ai/aimenu.h"
#include "common/language.h"
#include "map/clusterlistmodel.h"
#include "map/mappage.h"
#include "memories/memoriescuration.h"
#include "memories/memoriespage.h"
#include "memories/memoryfilterbar.h"
#include "memories/memoryimportdialog.h"
#include "memories/memorytablemodel.h"
#include "window/mainwindow.h"
#include "window/uisettings.h"
#include "window/workspacefileactions.h"
#include "window/workspacestatusbar.h"
#include "workspace/workspacesession.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <vector>
#include <QJsonDocument>
#include <QJsonObject>

// The "done means" for the memory half, as a new user would go: a 1,000-line JSONL file with only a
// prompt and a reply per line, all sharing one prompt; a new workspace from the File menu; import; read the
// grid; search by words and by meaning; map it; no cluster label made of words every line shares.
class TestNewUserWalkthrough : public QObject
{
    Q_OBJECT
private:
    static QString screenshotPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

    static const QString &sharedPrompt()
    {
        static const QString prompt = QStringLiteral("Tell me honestly what has been on your mind this week");
        return prompt;
    }

    // Replies on eight themes, each line a different combination, as people write them.
    static void writeFile(const QString &path)
    {
        const std::vector<std::vector<const char *>> themes {
            { "My tomato plants finally ripened", "the garden beds need more compost", "I spent Sunday weeding the vegetable patch",
                "the zucchini took over the raised bed", "planting garlic before the frost" },
            { "the mortgage rate went up again", "we argued about the household budget", "saving for the deposit is slow",
                "the electricity bill doubled", "I moved my pension into an index fund" },
            { "my knee hurts after the long run", "training for the half marathon", "the physiotherapist said rest",
                "I ran ten kilometres before breakfast", "new running shoes gave me blisters" },
            { "our daughter starts school in September", "the toddler refuses to sleep", "parent evening went well",
                "my son learned to ride his bicycle", "packing lunch boxes every morning" },
            { "the deployment failed at midnight", "my manager wants the migration done", "debugging the flaky test suite",
                "the database migration locked the tables", "code review comments piled up" },
            { "grandmother is in hospital", "visiting my father at the care home", "the doctor changed her medication",
                "she did not recognise me today", "the nurses were kind to him" },
            { "we booked a train through the Alps", "the ferry to the islands was cancelled", "packing for the camping trip",
                "the hotel in Lisbon had a view", "lost my passport at the airport" },
            { "learning the cello at forty", "the choir rehearsal ran late", "practising scales every evening",
                "our band played its first concert", "tuning the old piano" },
        };
        const std::vector<const char *> tails { "and I keep thinking about it.", "which surprised me.", "so I wrote it down.",
            "and it made me tired.", "and honestly it felt good.", "but nobody asked." };
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QRandomGenerator random(7);
        for (int i = 0; i < 1000; ++i) {
            const std::vector<const char *> &theme = themes.at(std::size_t(i) % themes.size());
            const auto pick = [&random](const std::vector<const char *> &words) {
                return QString::fromLatin1(words.at(std::size_t(random.bounded(int(words.size())))));
            };
            const QString reply = QStringLiteral("%1, %2 %3").arg(pick(theme), pick(theme), pick(tails));
            const QJsonObject line { { QStringLiteral("prompt"), sharedPrompt() }, { QStringLiteral("reply"), reply } };
            out.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        UiSettings::clearRecentWorkspaces();
        Language::install(QCoreApplication::instance(), QStringLiteral("en")); // as the app does: plural forms
    }

    void walkthrough()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("week.jsonl"));
        writeFile(file);

        WorkspaceSession session;
        MainWindow window(&session);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy opened(&session, &WorkspaceSession::opened);
        window.workspaceFiles()->createFile(dir.filePath(QStringLiteral("my-week.sqlite")));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 15000);
        QCOMPARE(window.windowTitle(), QStringLiteral("my-week"));

        // Import: no created_at, no id, no summary; the dialog's defaults apply (the import time, new ids).
        const QPointer<MemoryImportDialog> dialog = window.curation()->importFile(file);
        QSignalSpy checked(dialog, &MemoryImportDialog::checked);
        QVERIFY(checked.wait(20000));
        QTest::qWait(200); // the buttons take their new texts' size on the next layout pass
        QVERIFY2(dialog->summaryText().startsWith(QStringLiteral("1,000 rows read")), qPrintable(dialog->summaryText()));
        QVERIFY(dialog->grab().save(screenshotPath(QStringLiteral("walkthrough-1-import.png"))));
        QSignalSpy imported(dialog, &MemoryImportDialog::imported);
        dialog->importValidRows();
        QVERIFY(imported.wait(30000));
        QCOMPARE(imported.first().first().value<ImportResult>().memories, 1000);
        if (dialog)
            dialog->close();

        // The grid: the reply's first line where there is no summary; the status bar counts 1,000.
        MemoryTableModel *model = window.memoriesPage()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0 && !model->isLoading() && model->matchCount() == 1000, 20000);
        const QString shown = model->index(0, MemoryTableModel::Summary).data().toString();
        QVERIFY2(shown.contains(QLatin1Char(',')), qPrintable(shown)); // a reply, not a timestamp
        QTRY_VERIFY2_WITH_TIMEOUT(window.workspaceStatusBar()->countsText().startsWith(QStringLiteral("1,000 memories")),
            qPrintable(window.workspaceStatusBar()->countsText()), 10000);
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("walkthrough-2-grid.png"))));

        // Words: relevance order, stop words not demanded.
        MemoryFilterBar *filterBar = window.memoriesPage()->filterBar();
        filterBar->setSearchText(QStringLiteral("the marathon and the knee"));
        MemoryFilter filter = model->filter();
        filter.text = filterBar->searchText();
        Q_EMIT filterBar->filterChanged(filter);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->matchCount() > 0 && model->rowCount() > 0, 15000);
        const QString top = model->index(0, MemoryTableModel::Summary).data().toString();
        QVERIFY2(top.contains(QStringLiteral("marathon")) || top.contains(QStringLiteral("knee")), qPrintable(top));
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("walkthrough-3-words.png"))));
        window.memoriesPage()->filterBar()->clearAll();
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->matchCount() == 1000, 15000);

        // Meaning needs embeddings: AI → Embed Memories Lacking Embeddings, with the offline embedder.
        QSignalSpy embedded(window.aiMenu(), &AiMenu::memoriesChanged);
        window.aiMenu()->embedMissingAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(embedded.count() >= 1, 60000);
        filterBar->setSearchMode(MemoryFilterBar::SearchMode::Meaning);
        filterBar->setSearchText(QStringLiteral("tomatoes from my own garden"));
        Q_EMIT filterBar->meaningSearchRequested(filterBar->searchText());
        QTRY_VERIFY_WITH_TIMEOUT(model->isSimilarityMode() && !model->isLoading() && model->rowCount() > 0, 15000);
        int gardenInTop = 0;
        const QRegularExpression garden(QStringLiteral("tomato|garden|compost|weeding|zucchini|garlic|vegetable"));
        QStringList nearest;
        for (int row = 0; row < qMin(10, model->rowCount()); ++row) {
            nearest << model->index(row, MemoryTableModel::Summary).data().toString();
            gardenInTop += nearest.last().contains(garden) ? 1 : 0;
        }
        qInfo("nearest by meaning: %s", qPrintable(nearest.join(QStringLiteral(" | "))));
        QVERIFY2(gardenInTop >= 5, qPrintable(QString::number(gardenInTop)));
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("walkthrough-4-meaning.png"))));
        window.memoriesPage()->showAllMemories();

        // The map: clusters whose labels come from what differs, never from the shared prompt.
        window.showArea(MainWindow::MapArea);
        MapPage *map = window.mapPage();
        QSignalSpy shownMap(map, &MapPage::sceneShown);
        MapParams params = map->params();
        params.source = MapSource::Memories;
        params.clustering = MapClustering::KMeansAuto;
        map->setParams(params);
        map->run();
        QTRY_VERIFY_WITH_TIMEOUT(shownMap.count() >= 1 && !map->isBusy(), 120000);
        const QSet<QString> promptWords = [] {
            QSet<QString> words;
            for (const QString &w : sharedPrompt().toLower().split(QLatin1Char(' ')))
                words.insert(w);
            return words;
        }();
        ClusterListModel *clusters = map->clusterList();
        QVERIFY(clusters->rowCount() >= 4);
        QStringList labels;
        for (int row = 0; row < clusters->rowCount(); ++row) {
            const QString label = clusters->index(row, ClusterListModel::Name).data().toString();
            labels << label;
            const QStringList words = label.toLower().split(QRegularExpression(QStringLiteral("[^\\p{L}]+")),
                Qt::SkipEmptyParts);
            QVERIFY2(!words.isEmpty(), qPrintable(label));
            int shared = 0;
            for (const QString &w : words)
                shared += promptWords.contains(w) ? 1 : 0;
            QVERIFY2(shared < words.size(), qPrintable(QStringLiteral("label made of the shared prompt: ") + label));
        }
        qInfo("cluster labels: %s", qPrintable(labels.join(QStringLiteral(" | "))));
        QTest::qWait(300);
        QVERIFY(window.grab().save(screenshotPath(QStringLiteral("walkthrough-5-map.png"))));
    }
};

QTEST_MAIN(TestNewUserWalkthrough)
#include "tst_newuserwalkthrough.moc"
