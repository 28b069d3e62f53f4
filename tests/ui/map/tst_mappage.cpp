#include "compute/clustermetrics.h"
#include "map/clusterlistmodel.h"
#include "map/mappage.h"
#include "map/pointmappalette.h"
#include "map/pointmapview.h"
#include "memories/memoriespage.h"
#include "memories/memorytablemodel.h"
#include "window/mainwindow.h"
#include "workspace/workspacesession.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QItemSelectionModel>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTreeView>

#include <algorithm>
#include <cmath>
#include <set>

// The cluster map as a new user meets it on the demo workspace: Run with the defaults, read the
// labelled clusters, lasso one, open it in the browser; the browser's selection shows on the map; the
// same Run again reuses the saved run; a second run compares against the first; a rename is kept.
class TestMapPage : public QObject
{
    Q_OBJECT
private:
    static QString screenshotPath(const QString &name)
    {
        const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

    // The screen polygon around the points of `cluster`: their bounding box in widget pixels, grown a little.
    static QPolygonF boxAround(const PointMapView &view, const ClusterRun &run, int cluster)
    {
        const MapViewport v = view.viewport();
        double left = 1e9, top = 1e9, right = -1e9, bottom = -1e9;
        for (std::size_t i = 0; i < run.size(); ++i) {
            if (run.clusters[i] != cluster)
                continue;
            const double x = v.toScreenX(run.x[i], view.size()), y = v.toScreenY(run.y[i], view.size());
            left = std::min(left, x);
            right = std::max(right, x);
            top = std::min(top, y);
            bottom = std::max(bottom, y);
        }
        return QPolygonF(
            { { left - 2, top - 2 }, { right + 2, top - 2 }, { right + 2, bottom + 2 }, { left - 2, bottom + 2 } });
    }

    // The share of `points` whose centre pixel in the view's picture has the colour the view gives the point
    // (within a small distance: discs blend at their edges). A map that draws nothing, or in other colours than
    // its legend and list say, scores near 0.
    static double drawnInTheirColour(PointMapView &view, const std::vector<int> &points)
    {
        view.renderNow();
        const QImage image = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
        const MapViewport v = view.viewport();
        const PointMapData &d = *view.data();
        const std::shared_ptr<const std::vector<QRgb>> colours = view.displayColors();
        if (!colours || points.empty())
            return 0.0;
        int drawn = 0;
        for (int i : points) {
            const QPoint at(int(std::floor(v.toScreenX(d.x[std::size_t(i)], view.size()))),
                int(std::floor(v.toScreenY(d.y[std::size_t(i)], view.size()))));
            if (!image.rect().contains(at))
                continue;
            const QRgb want = (*colours)[std::size_t(i)], got = image.pixel(at);
            drawn += std::max({ std::abs(qRed(want) - qRed(got)), std::abs(qGreen(want) - qGreen(got)),
                         std::abs(qBlue(want) - qBlue(got)) })
                <= 40;
        }
        return double(drawn) / double(points.size());
    }

    static std::vector<int> membersOf(const ClusterRun &run, int cluster)
    {
        std::vector<int> members;
        for (std::size_t i = 0; i < run.size(); ++i) {
            if (run.clusters[i] == cluster)
                members.push_back(int(i));
        }
        return members;
    }

    std::unique_ptr<WorkspaceSession> m_session;
    std::unique_ptr<MainWindow> m_window;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QString path = QDir::temp().filePath(QStringLiteral("sextant-tst-mappage.sqlite"));
        QFile::remove(path);
        m_session = std::make_unique<WorkspaceSession>();
        m_window = std::make_unique<MainWindow>(m_session.get());
        m_window->resize(1500, 950);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy opened(m_session.get(), &WorkspaceSession::opened);
        m_session->openDemo(path);
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1, 120000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->memoriesPage()->model()->rowCount() > 0, 30000);
    }

    void runShowsLabelledClustersAndLassoOpensThemInTheBrowser()
    {
        MapPage *page = m_window->mapPage();
        m_window->showArea(MainWindow::MapArea);
        QVERIFY(!page->scene()); // a fresh workspace has no saved run to reopen
        QSignalSpy shown(page, &MapPage::sceneShown);
        page->run();
        QVERIFY(page->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1, 240000);
        const MapScenePtr scene = page->scene();
        QVERIFY(scene);
        QVERIFY(!scene->reused);
        // Every unarchived demo memory with an embedding (the demo archives a few).
        QVERIFY2(scene->run.size() > 5000 && scene->run.size() <= 6000, qPrintable(QString::number(scene->run.size())));
        QVERIFY2(scene->infos.size() >= 20, qPrintable(QString::number(scene->infos.size())));
        for (const MapClusterInfo &info : scene->infos)
            QVERIFY(!page->view()->clusterLabel(info.cluster).isEmpty());
        QCOMPARE(page->clusterList()->rowCount(), int(scene->infos.size()));
        QVERIFY(page->statusText().contains(QString::number(scene->infos.size())));
        // The automatic k is named with the silhouette of every k tried, and is not the top of its range.
        const int k = scene->run.quality.value(QStringLiteral("k")).toInt();
        QVERIFY2(k > scene->params.kMin && k < scene->params.kMax, qPrintable(QString::number(k)));
        QVERIFY2(page->statusText().contains(QStringLiteral("k = %1,").arg(k)), qPrintable(page->statusText()));
        QVERIFY(page->statusText().contains(QStringLiteral("k → silhouette: %1 → ").arg(scene->params.kMin)));
        // A few thousand points are drawn as discs, not as a faint density view.
        QCOMPARE(page->view()->renderNow().mode, MapRenderMode::Points);
        QVERIFY(!page->view()->placedLabels().empty());
        // The archetype means arrive after the map (a task of their own).
        QTRY_VERIFY_WITH_TIMEOUT(
            page->clusterList()
                    ->data(page->clusterList()->index(0, ClusterListModel::ArchetypeMeans), ClusterListModel::MeansRole)
                    .toList()
                    .size()
                == 8,
            30000);
        // What the picture shows: the largest cluster's points in its colour, the colour its list row shows.
        {
            const int largest = page->clusterList()->clusterAt(0);
            const QRgb colour = page->view()->clusterColor(largest);
            QCOMPARE(page->clusterList()->index(0, ClusterListModel::Name).data(Qt::DecorationRole).value<QColor>(),
                QColor(colour));
            QVERIFY(colour != page->view()->palette().color(QPalette::Base).rgb());
            const double drawn = drawnInTheirColour(*page->view(), membersOf(scene->run, largest));
            QVERIFY2(drawn >= 0.6, qPrintable(QString::number(drawn))); // measured 0.79 (the rest lie under others)
        }
        QTest::qWait(300);
        QVERIFY(m_window->grab().save(screenshotPath(QStringLiteral("map-demo.png"))));

        // Lasso the largest cluster (the list's first row) with the mouse.
        const int cluster = page->clusterList()->clusterAt(0);
        PointMapView *view = page->view();
        view->setTool(PointMapView::Tool::Lasso);
        const QPolygonF lasso = boxAround(*view, scene->run, cluster);
        const std::vector<int> expected = view->pointsInPolygon(lasso);
        QSignalSpy selected(view, &PointMapView::selectionChanged);
        QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, lasso[0].toPoint());
        for (const QPointF &p : lasso)
            QTest::mouseMove(view, p.toPoint());
        // Released on the last corner (a release where it started would be a click); the lasso closes itself.
        QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, lasso.last().toPoint());
        QVERIFY(selected.count() >= 1);
        std::vector<int> got = view->selectedIndices();
        // The drawn lasso passes through integer pixels: allow the points right on its edge to differ.
        QVERIFY(got.size() + 20 >= expected.size() && expected.size() + 20 >= got.size());
        const auto inCluster = std::count_if(
            got.begin(), got.end(), [&](int i) { return scene->run.clusters[std::size_t(i)] == cluster; });
        const auto clusterSize = std::count(scene->run.clusters.begin(), scene->run.clusters.end(), cluster);
        QVERIFY2(
            inCluster >= clusterSize * 9 / 10, qPrintable(QStringLiteral("%1 of %2").arg(inCluster).arg(clusterSize)));
        QVERIFY(page->showInMemoriesAction()->isEnabled());
        QTest::qWait(200);
        QVERIFY(m_window->grab().save(screenshotPath(QStringLiteral("map-lasso.png"))));

        // Show in Memories: the browser lists exactly the lassoed memories.
        page->showInMemoriesAction()->trigger();
        MemoriesPage *memories = m_window->memoriesPage();
        QVERIFY(memories->isVisible());
        QCOMPARE(memories->model()->filter().ids.size(), qsizetype(got.size()));
        QTRY_COMPARE_WITH_TIMEOUT(memories->model()->matchCount(), qint64(got.size()), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(memories->model()->rowCount() > 0, 20000);
        std::set<QUuid> lassoed;
        for (int i : got)
            lassoed.insert(scene->run.memberIds[std::size_t(i)]);
        for (int row = 0; row < memories->model()->rowCount(); ++row)
            QVERIFY(lassoed.count(memories->model()->idAt(row)));
        QTest::qWait(300);
        QVERIFY(m_window->grab().save(screenshotPath(QStringLiteral("map-in-memories.png"))));

        // The browser's selection highlights on the map.
        memories->table()->selectRow(0);
        const QString picked = memories->model()->idAt(0).toString(QUuid::WithoutBraces);
        const int index
            = int(std::find(view->data()->ids.begin(), view->data()->ids.end(), picked) - view->data()->ids.begin());
        QVERIFY(index < int(scene->run.size()));
        const auto emphasis = view->exportScene().emphasis;
        QVERIFY(emphasis && std::binary_search(emphasis->begin(), emphasis->end(), index));
        // A line on the map says what is highlighted, and Clear shows every point alike again.
        m_window->showArea(MainWindow::MapArea);
        QVERIFY2(page->highlightText().contains(QStringLiteral("selected in Memories are highlighted")),
            qPrintable(page->highlightText()));
        QVERIFY(page->highlightText().startsWith(QStringLiteral("1 ")));
        QTest::qWait(200);
        QVERIFY(m_window->grab().save(screenshotPath(QStringLiteral("map-highlight-line.png"))));
        page->clearHighlight();
        QVERIFY(page->highlightText().isEmpty());
        // What stays emphasised is the map's own lasso selection, no more.
        const auto cleared = view->exportScene().emphasis;
        QVERIFY(cleared && cleared->size() == view->selectedIndices().size());
        // The browser's selection back, as the later cases were measured with it (the rest of the map dimmed).
        page->setBrowserSelection({ picked });
        QVERIFY(!page->highlightText().isEmpty());
    }

    void sameRunIsReusedAndSecondRunCompares()
    {
        MapPage *page = m_window->mapPage();
        m_window->showArea(MainWindow::MapArea);
        const MapScenePtr firstScene = page->scene();
        const QUuid first = page->scene()->run.id;
        QSignalSpy shown(page, &MapPage::sceneShown);
        page->run(); // same parameters, same data
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1, 60000);
        QVERIFY(page->scene()->reused);
        QCOMPARE(page->scene()->run.id, first);

        MapParams pca = page->params();
        pca.projection = MapProjection::Pca;
        pca.clustering = MapClustering::KMeans;
        pca.k = 20;
        page->setParams(pca);
        page->run();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 2, 120000);
        QVERIFY(!page->scene()->reused);
        QVERIFY(page->scene()->run.id != first);
        QCOMPARE(int(page->scene()->infos.size()), 20);

        QSignalSpy compared(page, &MapPage::comparisonShown);
        page->compareWith(first);
        QTRY_VERIFY_WITH_TIMEOUT(compared.count() == 1, 30000);
        // The text gives the adjusted Rand index of the two runs over their shared points.
        {
            const ClusterRun &mine = page->scene()->run, &other = firstScene->run;
            QHash<QUuid, int> otherCluster;
            for (std::size_t i = 0; i < other.size(); ++i)
                otherCluster.insert(other.memberIds[i], other.clusters[i]);
            std::vector<int> a, b;
            for (std::size_t i = 0; i < mine.size(); ++i) {
                if (otherCluster.contains(mine.memberIds[i])) {
                    a.push_back(otherCluster.value(mine.memberIds[i]));
                    b.push_back(mine.clusters[i]);
                }
            }
            const QString ari = QLocale().toString(compute::adjustedRandIndex(a, b), 'f', 3);
            QVERIFY2(page->comparisonText().contains(QStringLiteral("Adjusted Rand index %1").arg(ari)),
                qPrintable(page->comparisonText()));
        }
        // Matched clusters take the first run's colours: the view recolours (some cluster no longer has its own
        // id's colour), the list shows the same swatches, and the picture draws them.
        bool recoloured = false;
        for (int row = 0; row < page->clusterList()->rowCount(); ++row) {
            const int c = page->clusterList()->clusterAt(row);
            recoloured = recoloured || page->view()->clusterColor(c) != PointMapPalette::qualitative(c);
            QCOMPARE(page->clusterList()->index(row, ClusterListModel::Name).data(Qt::DecorationRole).value<QColor>(),
                QColor(page->view()->clusterColor(c)));
        }
        QVERIFY(recoloured);
        const int cluster = page->clusterList()->clusterAt(0);
        const double drawn = drawnInTheirColour(*page->view(), membersOf(page->scene()->run, cluster));
        QVERIFY2(drawn >= 0.6, qPrintable(QString::number(drawn))); // measured 0.86
        QTest::qWait(200);
        QVERIFY(m_window->grab().save(screenshotPath(QStringLiteral("map-compare.png"))));
    }

    void renameIsKeptWithTheRun()
    {
        MapPage *page = m_window->mapPage();
        ClusterListModel *list = page->clusterList();
        const int cluster = list->clusterAt(1);
        const QUuid run = page->scene()->run.id;
        QVERIFY(list->setData(list->index(1, ClusterListModel::Name), QStringLiteral("Renamed by the test")) == false);
        QTRY_COMPARE_WITH_TIMEOUT(page->view()->clusterLabel(cluster), QStringLiteral("Renamed by the test"), 10000);
        QCOMPARE(list->nameOf(cluster), QStringLiteral("Renamed by the test"));

        QSignalSpy shown(page, &MapPage::sceneShown);
        page->openRun(run);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1, 60000);
        QCOMPARE(page->scene()->run.clusterNames.value(cluster), QStringLiteral("Renamed by the test"));
        QCOMPARE(page->clusterList()->nameOf(cluster), QStringLiteral("Renamed by the test"));
    }

    void searchHighlightsMatchingPoints()
    {
        MapPage *page = m_window->mapPage();
        QSignalSpy highlighted(page, &MapPage::searchHighlighted);
        page->setSearchText(QStringLiteral("telescope"));
        QTRY_VERIFY_WITH_TIMEOUT(highlighted.count() >= 1, 20000);
        const int matches = highlighted.last().first().toInt();
        int expected = 0;
        const MapScenePtr scene = page->scene();
        for (std::size_t i = 0; i < scene->run.size(); ++i) {
            const QString text = scene->attributes.firstLines.value(qsizetype(i)) + QLatin1Char(' ')
                + QString::fromStdString(scene->attributes.texts[i]);
            expected += text.contains(QStringLiteral("telescope"), Qt::CaseInsensitive) ? 1 : 0;
        }
        QVERIFY(expected > 0);
        QCOMPARE(matches, expected);
        QTest::qWait(200);
        QVERIFY(m_window->grab().save(screenshotPath(QStringLiteral("map-search.png"))));
        page->setSearchText(QString());

        // For a person to look at: the map coloured by an archetype metric and by priority.
        for (QComboBox *box : page->findChildren<QComboBox *>()) {
            const int metric = box->findData(Archetypes::MetricsPerArchetype); // Ella-O's first metric
            if (metric < 0)
                continue;
            box->setCurrentIndex(metric);
            // A value ramp, not the cluster palette (measured: over 100 colours, against 40 clusters), and the
            // picture shows it.
            std::vector<int> every;
            for (int i = 0; i < int(scene->run.size()); i += 7)
                every.push_back(i);
            QTRY_COMPARE(page->view()->colorMode(), MapColorMode::Value);
            const auto rampColours = [&] {
                const auto colours = page->view()->displayColors();
                return colours ? QSet<QRgb>(colours->begin(), colours->end()).size() : 0;
            };
            QVERIFY2(rampColours() > qsizetype(2 * scene->infos.size()), qPrintable(QString::number(rampColours())));
            QVERIFY(drawnInTheirColour(*page->view(), every) >= 0.7); // measured 0.9
            QTest::qWait(400);
            QVERIFY(m_window->grab().save(screenshotPath(QStringLiteral("map-colour-metric.png"))));
            box->setCurrentIndex(box->findData(QStringLiteral("priority")));
            QTRY_COMPARE(page->view()->colorMode(), MapColorMode::Value);
            QVERIFY2(rampColours() > qsizetype(2 * scene->infos.size()), qPrintable(QString::number(rampColours())));
            QVERIFY(drawnInTheirColour(*page->view(), every) >= 0.7); // measured 0.9
            QTest::qWait(400);
            QVERIFY(m_window->grab().save(screenshotPath(QStringLiteral("map-colour-priority.png"))));
            box->setCurrentIndex(box->findData(QStringLiteral("cluster")));
        }
    }

    void anotherKKeepsThePointsInPlace()
    {
        MapPage *page = m_window->mapPage();
        m_window->showArea(MainWindow::MapArea);
        MapParams automatic; // the first run's parameters: neighbour layout, automatic k
        QSignalSpy shown(page, &MapPage::sceneShown);
        page->setParams(automatic);
        page->run();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1, 60000);
        QVERIFY(page->scene()->reused);
        const MapScenePtr first = page->scene();
        MapParams otherK = automatic;
        otherK.clustering = MapClustering::KMeans;
        otherK.k = 12;
        page->setParams(otherK);
        page->run();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 2, 120000);
        QVERIFY(!page->scene()->reused);
        QCOMPARE(int(page->scene()->infos.size()), 12);
        QCOMPARE(page->scene()->run.x, first->run.x);
        QCOMPARE(page->scene()->run.y, first->run.y);
        QVERIFY2(page->statusText().contains(QStringLiteral("Points placed as in the saved run")),
            qPrintable(page->statusText()));
        QTest::qWait(300);
        QVERIFY(m_window->grab().save(screenshotPath(QStringLiteral("map-same-layout-k12.png"))));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_session.reset();
    }
};

QTEST_MAIN(TestMapPage)
#include "tst_mappage.moc"
