#include "compute/pointindex.h"
#include "map/mapexport.h"
#include "map/maplabels.h"
#include "map/pointmapdensity.h"
#include "map/pointmappalette.h"
#include "map/pointmaprenderer.h"
#include "map/pointmapview.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QXmlStreamReader>

#include <algorithm>
#include <cmath>
#include <random>

namespace {

QString outputPath(const QString &name)
{
    const QString dir = QStringLiteral(SEXTANT_TEST_OUTPUT);
    QDir().mkpath(dir);
    return dir + QLatin1Char('/') + name;
}

// `clusters` Gaussian blobs on a ring of centres (with a few noise points), ids "p0", "p1", …
std::shared_ptr<PointMapData> blobs(std::size_t n, int clusters, unsigned seed = 7)
{
    auto data = std::make_shared<PointMapData>();
    std::mt19937 rng(seed);
    std::normal_distribution<float> gauss(0.0f, 1.0f);
    std::uniform_real_distribution<float> uniform(-30.0f, 30.0f);
    data->x.resize(n);
    data->y.resize(n);
    data->cluster.resize(n);
    data->value.resize(n);
    data->ids.reserve(qsizetype(n));
    for (std::size_t i = 0; i < n; ++i) {
        const int c = int(i % std::size_t(clusters));
        const bool noise = i % 50 == 49;
        const double angle = 2 * M_PI * c / clusters, radius = 12 + 8 * (c % 3);
        const float spread = 1.0f + 0.4f * float(c % 4);
        data->x[i] = noise ? uniform(rng) : float(radius * std::cos(angle)) + spread * gauss(rng);
        data->y[i] = noise ? uniform(rng) : float(radius * std::sin(angle)) + spread * gauss(rng);
        data->cluster[i] = noise ? -1 : c;
        data->value[i] = data->x[i] + data->y[i];
        data->ids.append(QStringLiteral("p%1").arg(i));
    }
    return data;
}

// Points on the integer grid 0..side-1 × 0..side-1, index = y * side + x.
std::shared_ptr<PointMapData> grid(int side)
{
    auto data = std::make_shared<PointMapData>();
    for (int y = 0; y < side; ++y) {
        for (int x = 0; x < side; ++x) {
            data->x.push_back(float(x));
            data->y.push_back(float(y));
            data->cluster.push_back((x / 10) + 10 * (y / 10));
            data->ids.append(QStringLiteral("g%1_%2").arg(x).arg(y));
        }
    }
    return data;
}

// The share of `points` whose centre pixel in the view's picture has the colour the view gives the point, within
// a small distance (discs blend at their edges).
double drawnInTheirColour(PointMapView &view, const std::vector<int> &points)
{
    const QImage image = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const MapViewport v = view.viewport();
    const std::shared_ptr<const std::vector<QRgb>> colours = view.displayColors();
    if (!colours || points.empty())
        return 0.0;
    int drawn = 0;
    for (int i : points) {
        const QPoint at(int(std::floor(v.toScreenX(view.data()->x[std::size_t(i)], view.size()))),
            int(std::floor(v.toScreenY(view.data()->y[std::size_t(i)], view.size()))));
        const QRgb want = (*colours)[std::size_t(i)], got = image.rect().contains(at) ? image.pixel(at) : 0;
        drawn += std::max({ std::abs(qRed(want) - qRed(got)), std::abs(qGreen(want) - qGreen(got)),
                     std::abs(qBlue(want) - qBlue(got)) })
            <= 40;
    }
    return double(drawn) / double(points.size());
}

QHash<int, QString> labelsFor(int clusters)
{
    static const char *words[] = { "cooking", "astronomy", "sailing", "gardening", "chess", "jazz", "pottery",
        "cycling", "baking", "birdwatching", "climbing", "photography", "knitting", "surfing", "poetry", "beekeeping",
        "origami", "skiing", "fishing", "woodwork", "opera", "tennis", "geology", "calligraphy" };
    QHash<int, QString> labels;
    for (int c = 0; c < clusters; ++c)
        labels.insert(c, QString::fromLatin1(words[c % 24]) + QStringLiteral(" · recipes"));
    return labels;
}

// Waits until the frame of the view's current state is on screen (the view renders on a worker).
void waitForFrame(PointMapView &view)
{
    QSignalSpy rendered(&view, &PointMapView::frameRendered);
    QVERIFY(rendered.wait(10000));
    QVERIFY(view.lastFrame().viewport == view.viewport());
}

} // namespace

class TestPointMapView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void indexFindsNearestWithinRadius();
    void indexRectMatchesBruteForce();
    void lassoMembershipOnKnownShapes();
    void qualitativePaletteIsDistinctAndStable();
    void sequentialPaletteRisesInLightness();
    void viewColoursFollowTheMode();
    void densityCountsEveryPointOnce_data();
    void densityCountsEveryPointOnce();
    void levelOfDetailSwitchesToDensity();
    void labelsNeverIntersect();
    void zoomingInRevealsMoreLabels();
    void zoomKeepsThePointUnderTheCursor();
    void clickRubberBandAndLassoSelect();
    void highlightDimsTheRest();
    void exportsCsvAndSvg();
    void screenshotOfClusteredMap();
};

void TestPointMapView::indexFindsNearestWithinRadius()
{
    const auto data = grid(100);
    compute::PointIndex index(data->x, data->y);
    QCOMPARE(index.nearest(10.3f, 20.4f, 1.0f), 20 * 100 + 10);
    QCOMPARE(index.nearest(99.2f, 0.1f, 0.5f), 99);
    QCOMPARE(index.nearest(10.5f, 20.5f, 0.3f), -1); // 0.707 from every neighbour
    QCOMPARE(index.nearest(-5.0f, -5.0f, 2.0f), -1); // outside the layout
    QCOMPARE(index.nearest(-1.0f, 0.0f, 1.0f), 0); // exactly at the radius counts

    // Equal distances: the lower index wins, whatever the cell order.
    std::vector<float> x { 5, 1, 3, 3 }, y { 0, 0, 0, 0 };
    compute::PointIndex ties(x, y);
    QCOMPARE(ties.nearest(2.0f, 0.0f, 5.0f), 1); // 1 and 2 both at distance 1
    QCOMPARE(ties.nearest(3.0f, 0.0f, 0.1f), 2); // duplicates: the first

    // A non-finite point is never found.
    std::vector<float> nx { NAN, 1 }, ny { 0, 1 };
    compute::PointIndex withNan(nx, ny);
    QCOMPARE(withNan.nearest(0.0f, 0.0f, 100.0f), 1);
}

void TestPointMapView::indexRectMatchesBruteForce()
{
    const auto data = blobs(20000, 12);
    compute::PointIndex index(data->x, data->y);
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> coord(-35.0f, 35.0f);
    for (int trial = 0; trial < 20; ++trial) {
        const float x0 = coord(rng), x1 = coord(rng), y0 = coord(rng), y1 = coord(rng);
        std::vector<int> expected;
        for (std::size_t i = 0; i < data->size(); ++i) {
            if (data->x[i] >= std::min(x0, x1) && data->x[i] <= std::max(x0, x1) && data->y[i] >= std::min(y0, y1)
                && data->y[i] <= std::max(y0, y1))
                expected.push_back(int(i));
        }
        QCOMPARE(index.inRect(x0, y0, x1, y1), expected);
    }
    const auto g = grid(50);
    compute::PointIndex gridIndex(g->x, g->y);
    QCOMPARE(gridIndex.inRect(10.5f, 3.0f, 20.5f, 7.0f).size(), std::size_t(10 * 5)); // x 11..20, y 3..7
}

void TestPointMapView::lassoMembershipOnKnownShapes()
{
    const auto g = grid(20);
    compute::PointIndex index(g->x, g->y);
    const auto at = [](int x, int y) { return y * 20 + x; };

    // A concave "L": the union of [0.5, 4.5] × [0.5, 9.5] and [0.5, 9.5] × [0.5, 3.5].
    const std::vector<compute::Point2> ell { { 0.5f, 0.5f }, { 9.5f, 0.5f }, { 9.5f, 3.5f }, { 4.5f, 3.5f },
        { 4.5f, 9.5f }, { 0.5f, 9.5f } };
    std::vector<int> expected;
    for (int y = 0; y < 20; ++y) {
        for (int x = 0; x < 20; ++x) {
            const bool inLeg = x >= 1 && x <= 4 && y >= 1 && y <= 9;
            const bool inFoot = x >= 1 && x <= 9 && y >= 1 && y <= 3;
            if (inLeg || inFoot)
                expected.push_back(at(x, y));
        }
    }
    QCOMPARE(index.inPolygon(ell), expected);
    QVERIFY(!compute::pointInPolygon(ell, 7.0f, 6.0f)); // the notch of the L is outside

    // A bow tie (self-crossing): both lobes are in, by the even–odd rule.
    const std::vector<compute::Point2> bowTie { { 0.5f, 0.5f }, { 10.5f, 10.5f }, { 10.5f, 0.5f }, { 0.5f, 10.5f } };
    QVERIFY(compute::pointInPolygon(bowTie, 2.0f, 5.0f));
    QVERIFY(compute::pointInPolygon(bowTie, 9.0f, 5.0f));
    QVERIFY(!compute::pointInPolygon(bowTie, 5.5f, 1.5f));
    const std::vector<int> tie = index.inPolygon(bowTie);
    QVERIFY(std::find(tie.begin(), tie.end(), at(2, 5)) != tie.end());
    QVERIFY(std::find(tie.begin(), tie.end(), at(5, 1)) == tie.end());

    QVERIFY(index.inPolygon(std::vector<compute::Point2> { { 0, 0 }, { 5, 5 } }).empty());
}

void TestPointMapView::qualitativePaletteIsDistinctAndStable()
{
    QVERIFY(PointMapPalette::QualitativeCount >= 20);
    double closest = 1e9;
    for (int a = 0; a < PointMapPalette::QualitativeCount; ++a) {
        for (int b = a + 1; b < PointMapPalette::QualitativeCount; ++b)
            closest = std::min(
                closest, PointMapPalette::distance(PointMapPalette::qualitative(a), PointMapPalette::qualitative(b)));
        QCOMPARE(PointMapPalette::qualitative(a), PointMapPalette::qualitative(a + PointMapPalette::QualitativeCount));
        // Every colour stands out from the light background.
        QVERIFY(PointMapPalette::distance(PointMapPalette::qualitative(a), qRgb(251, 251, 252)) > 0.12);
    }
    qInfo("closest pair of qualitative colours: %.3f OKLab", closest);
    QVERIFY(closest >= 0.08);
    QCOMPARE(PointMapPalette::qualitative(-1), PointMapPalette::qualitative(-7)); // noise is one grey
    const QColor noise(PointMapPalette::qualitative(-1));
    QVERIFY(noise.red() == noise.green() && noise.green() == noise.blue());
}

void TestPointMapView::sequentialPaletteRisesInLightness()
{
    double previous = -1;
    for (int i = 0; i <= 64; ++i) {
        const double l = PointMapPalette::lightness(PointMapPalette::sequential(i / 64.0));
        QVERIFY2(l > previous, qPrintable(QStringLiteral("step %1").arg(i)));
        previous = l;
    }
    QVERIFY(PointMapPalette::lightness(PointMapPalette::sequential(1.0))
            - PointMapPalette::lightness(PointMapPalette::sequential(0.0))
        > 0.5);
    QCOMPARE(PointMapPalette::sequential(-3), PointMapPalette::sequential(0));
    QCOMPARE(PointMapPalette::sequential(7), PointMapPalette::sequential(1));
}

void TestPointMapView::viewColoursFollowTheMode()
{
    auto data = blobs(2000, 24);
    data->category.resize(data->size());
    for (std::size_t i = 0; i < data->size(); ++i)
        data->category[i] = int(i % 3);
    data->categoryNames = { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") };
    PointMapView view;
    view.resize(400, 300);
    view.setData(data);
    for (int i : { 0, 5, 23, 49 })
        QCOMPARE(view.pointColor(i), PointMapPalette::qualitative(data->cluster[std::size_t(i)]));
    QCOMPARE((*view.displayColors())[5], PointMapPalette::qualitative(5));

    view.setColorMode(MapColorMode::Value);
    const auto [lo, hi] = std::minmax_element(data->value.begin(), data->value.end());
    QCOMPARE(view.pointColor(int(lo - data->value.begin())), PointMapPalette::sequential(0));
    QCOMPARE(view.pointColor(int(hi - data->value.begin())), PointMapPalette::sequential(1));

    view.setColorMode(MapColorMode::Category);
    QCOMPARE(view.pointColor(4), PointMapPalette::qualitative(1));
}

void TestPointMapView::densityCountsEveryPointOnce_data()
{
    QTest::addColumn<int>("cell");
    QTest::newRow("1 px") << 1;
    QTest::newRow("3 px") << 3;
    QTest::newRow("7 px") << 7;
}

void TestPointMapView::densityCountsEveryPointOnce()
{
    QFETCH(int, cell);
    // Scale 1 and a centre on the frame's centre put layout (x, y) at pixel (x, h − y): points at
    // pixel-interior positions have one true bin each, some inside and some outside the frame.
    const QSize size(200, 120);
    PointMapData data;
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> px(-40, 239), py(-30, 149);
    std::uniform_real_distribution<float> frac(0.1f, 0.9f);
    std::vector<std::uint32_t> expected(
        std::size_t((size.width() + cell - 1) / cell) * std::size_t((size.height() + cell - 1) / cell));
    std::uint64_t inside = 0;
    const int cols = (size.width() + cell - 1) / cell;
    for (int i = 0; i < 50000; ++i) {
        const float sx = float(px(rng)) + frac(rng), sy = float(py(rng)) + frac(rng);
        data.x.push_back(sx);
        data.y.push_back(float(size.height()) - sy);
        if (sx >= 0 && sx < size.width() && sy >= 0 && sy < size.height()) {
            ++expected[std::size_t(int(sy) / cell) * std::size_t(cols) + std::size_t(int(sx) / cell)];
            ++inside;
        }
    }
    data.x.push_back(NAN); // never counted
    data.y.push_back(10);
    const std::vector<QRgb> colors(data.size(), qRgb(10, 20, 30));
    const MapViewport viewport { size.width() / 2.0, size.height() / 2.0, 1.0 };
    DensityBins bins;
    binPoints(data.x, data.y, colors, viewport, size, cell, bins);
    QCOMPARE(bins.visible, inside);
    std::vector<std::uint32_t> counted;
    std::uint64_t total = 0;
    for (const DensityBins::Bin &b : bins.bins) {
        counted.push_back(b.count);
        total += b.count;
        QCOMPARE(b.red, b.count * 10u); // each point's colour added exactly once, to its own bin
    }
    QCOMPARE(total, inside);
    QCOMPARE(counted, expected);
}

void TestPointMapView::levelOfDetailSwitchesToDensity()
{
    PointMapRenderer renderer;
    MapFrameRequest request;
    request.size = QSize(640, 480);
    request.viewport = { 0, 0, 8 };
    const auto pointSet = [](const PointMapData &d) {
        return MapPointSet { std::make_shared<std::vector<float>>(d.x), std::make_shared<std::vector<float>>(d.y),
            std::make_shared<std::vector<QRgb>>(d.size(), qRgb(200, 0, 0)) };
    };
    request.points = pointSet(*blobs(400000, 24));
    MapFrame frame = renderer.render(request);
    QCOMPARE(frame.mode, MapRenderMode::Density);
    QVERIFY(frame.visible > 390000);

    // Zoomed far in, few points are visible: discs again.
    request.viewport = { 12, 0, 400 };
    frame = renderer.render(request);
    QCOMPARE(frame.mode, MapRenderMode::Points);
    QVERIFY(frame.visible < PointMapRenderer::PointsLimit);

    request.points = pointSet(*blobs(3000, 24));
    request.viewport = { 0, 0, 6 }; // ±53 × ±40 layout units: every point
    frame = renderer.render(request);
    QCOMPARE(frame.mode, MapRenderMode::Points);
    QCOMPARE(frame.visible, std::uint64_t(3000));
    QCOMPARE(frame.image.size(), request.size);
    request.mode = MapRenderMode::Density;
    QCOMPARE(renderer.render(request).mode, MapRenderMode::Density);

    // A few thousand points piled into a few pixels are still discs: shaded bins would all but hide them.
    PointMapData piled;
    for (int i = 0; i < 5000; ++i) {
        piled.x.push_back(float(i % 7) * 0.01f);
        piled.y.push_back(float(i % 5) * 0.01f);
    }
    request.points = pointSet(piled);
    request.mode = MapRenderMode::Auto;
    frame = renderer.render(request);
    QCOMPARE(frame.mode, MapRenderMode::Points);
    QCOMPARE(frame.visible, std::uint64_t(5000));
}

void TestPointMapView::labelsNeverIntersect()
{
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> ax(0, 800), ay(0, 600), w(40, 160), weight(1, 1000);
    std::vector<MapLabelCandidate> candidates;
    for (int i = 0; i < 300; ++i)
        candidates.push_back(
            { i, QStringLiteral("c%1").arg(i), QSizeF(w(rng), 18), QPointF(ax(rng), ay(rng)), weight(rng) });
    const QRectF bounds(0, 0, 800, 600);
    const std::vector<PlacedMapLabel> placed = placeMapLabels(candidates, bounds);
    QVERIFY(placed.size() > 20);
    QVERIFY(placed.size() < candidates.size());
    for (std::size_t a = 0; a < placed.size(); ++a) {
        QVERIFY(bounds.contains(placed[a].rect));
        for (std::size_t b = a + 1; b < placed.size(); ++b)
            QVERIFY2(!placed[a].rect.intersects(placed[b].rect), qPrintable(QStringLiteral("%1 and %2").arg(a).arg(b)));
    }
    // The heaviest label that fits the bounds is always drawn.
    int heaviest = -1;
    for (int i = 0; i < int(candidates.size()); ++i) {
        const QRectF box(candidates[i].anchor - QPointF(candidates[i].size.width() / 2, 9), candidates[i].size);
        if (bounds.contains(box) && (heaviest < 0 || candidates[i].weight > candidates[heaviest].weight))
            heaviest = i;
    }
    QCOMPARE(placed.front().candidate, heaviest);
}

void TestPointMapView::zoomingInRevealsMoreLabels()
{
    // 60 anchors packed into 120 × 90 px; zooming spreads them (the bounds grow with the zoom).
    std::mt19937 rng(9);
    std::uniform_real_distribution<double> ax(0, 120), ay(0, 90);
    std::vector<MapLabelCandidate> base;
    for (int i = 0; i < 60; ++i)
        base.push_back(
            { i, QStringLiteral("label %1").arg(i), QSizeF(70, 18), QPointF(ax(rng), ay(rng)), double(100 - i) });
    std::size_t previous = 0;
    for (double zoom : { 1.0, 2.0, 4.0, 8.0, 16.0 }) {
        std::vector<MapLabelCandidate> zoomed = base;
        for (MapLabelCandidate &c : zoomed)
            c.anchor = QPointF(100 + c.anchor.x() * zoom, 100 + c.anchor.y() * zoom);
        const std::size_t count = placeMapLabels(zoomed, QRectF(0, 0, 200 + 120 * zoom, 200 + 90 * zoom)).size();
        QVERIFY2(count >= previous, qPrintable(QStringLiteral("zoom %1: %2 < %3").arg(zoom).arg(count).arg(previous)));
        previous = count;
    }
    QVERIFY(previous > 40);
}

void TestPointMapView::zoomKeepsThePointUnderTheCursor()
{
    PointMapView view;
    view.resize(800, 600);
    view.setData(blobs(5000, 8));
    const QSize s = view.size();
    const QPointF cursor(123, 456);
    for (double factor : { 2.5, 0.6, 17.0 }) {
        const MapViewport before = view.viewport();
        const double dx = before.toDataX(cursor.x(), s), dy = before.toDataY(cursor.y(), s);
        view.zoomAt(cursor, factor);
        const MapViewport after = view.viewport();
        QVERIFY(after.scale != before.scale);
        QVERIFY(std::abs(after.toScreenX(dx, s) - cursor.x()) < 1e-6);
        QVERIFY(std::abs(after.toScreenY(dy, s) - cursor.y()) < 1e-6);
    }
    // Panning moves every point by exactly the drag.
    const MapViewport before = view.viewport();
    view.panBy(QPointF(37, -12));
    const MapViewport after = view.viewport();
    QVERIFY(std::abs(after.toScreenX(3.0, s) - before.toScreenX(3.0, s) - 37) < 1e-6);
    QVERIFY(std::abs(after.toScreenY(4.0, s) - before.toScreenY(4.0, s) + 12) < 1e-6);
    // Fit shows every point.
    view.fitToView();
    const QRectF visible = view.viewport().visibleData(s);
    for (std::size_t i = 0; i < view.data()->size(); ++i)
        QVERIFY(visible.contains(view.data()->x[i], view.data()->y[i]));
}

void TestPointMapView::clickRubberBandAndLassoSelect()
{
    PointMapView view;
    view.resize(600, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const auto data = grid(20);
    view.setData(data);
    const QSize s = view.size();
    const MapViewport v = view.viewport();
    const auto screen = [&](double x, double y) { return QPointF(v.toScreenX(x, s), v.toScreenY(y, s)).toPoint(); };

    QSignalSpy clicked(&view, &PointMapView::pointClicked);
    QSignalSpy selection(&view, &PointMapView::selectionChanged);
    QTest::mouseClick(&view, Qt::LeftButton, {}, screen(7, 3));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.first().at(1).toString(), QStringLiteral("g7_3"));
    QCOMPARE(view.selectedIds(), QStringList { QStringLiteral("g7_3") });

    // Shift+drag: the rectangle from (2.5, 2.5) to (5.5, 4.5) holds x 3..5, y 3..4.
    QTest::mousePress(&view, Qt::LeftButton, Qt::ShiftModifier, screen(2.5, 4.5));
    QTest::mouseMove(&view, screen(4, 3.5));
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::ShiftModifier, screen(5.5, 2.5));
    QCOMPARE(view.selectedIndices().size(), std::size_t(6));
    QCOMPARE(selection.last().first().toStringList().size(), 6);

    // Lasso tool: a triangle around (10..12, 10) and (11, 11).
    view.setTool(PointMapView::Tool::Lasso);
    QTest::mousePress(&view, Qt::LeftButton, {}, screen(9.5, 9.5));
    QTest::mouseMove(&view, screen(12.5, 9.5));
    QTest::mouseMove(&view, screen(11, 11.6));
    QTest::mouseRelease(&view, Qt::LeftButton, {}, screen(9.6, 9.6));
    QStringList lassoed = view.selectedIds();
    lassoed.sort();
    QCOMPARE(lassoed,
        (QStringList {
            QStringLiteral("g10_10"), QStringLiteral("g11_10"), QStringLiteral("g11_11"), QStringLiteral("g12_10") }));

    QTest::keyClick(&view, Qt::Key_Escape);
    QVERIFY(view.selectedIndices().empty());

    // Hovering asks the owner for the tooltip of the point under the cursor.
    view.setTool(PointMapView::Tool::Pan);
    QSignalSpy hovered(&view, &PointMapView::hoveredChanged);
    int asked = -1;
    view.setTooltipProvider([&](int index) {
        asked = index;
        return QStringLiteral("first line of %1").arg(data->ids.at(index));
    });
    QTest::mouseMove(&view, screen(4, 16));
    QTRY_COMPARE(hovered.count(), 1);
    QCOMPARE(hovered.first().first().toInt(), 16 * 20 + 4);
    QCOMPARE(asked, 16 * 20 + 4);
    QTRY_COMPARE(QToolTip::text(), QStringLiteral("first line of g4_16"));
    QTest::mouseMove(&view, screen(4.5, 16.5)); // between points: nothing under the cursor
    QTRY_COMPARE(hovered.last().first().toInt(), -1);
}

void TestPointMapView::highlightDimsTheRest()
{
    PointMapView view;
    view.resize(300, 300);
    const auto data = grid(10);
    view.setData(data);
    view.highlightIds({ QStringLiteral("g1_1"), QStringLiteral("g2_2"), QStringLiteral("unknown") });
    const std::vector<QRgb> &colors = *view.displayColors();
    QCOMPARE(colors[11], view.pointColor(11));
    QCOMPARE(colors[22], view.pointColor(22));
    QVERIFY(colors[33] != view.pointColor(33));
    QVERIFY(PointMapPalette::lightness(colors[33]) > PointMapPalette::lightness(view.pointColor(33)));
    QCOMPARE(view.exportScene().emphasis->size(), std::size_t(2));
    // A selection adds to the highlight; Esc drops the selection but keeps the highlight.
    view.setSelectedIndices({ 33 });
    QCOMPARE((*view.displayColors())[33], view.pointColor(33));
    QCOMPARE((*view.displayColors())[11], view.pointColor(11));
    QCOMPARE(view.exportScene().emphasis->size(), std::size_t(3));
    QTest::keyClick(&view, Qt::Key_Escape);
    QVERIFY((*view.displayColors())[33] != view.pointColor(33));
    QCOMPARE((*view.displayColors())[22], view.pointColor(22));
    view.highlightIds({});
    QCOMPARE((*view.displayColors())[33], view.pointColor(33));
}

void TestPointMapView::exportsCsvAndSvg()
{
    auto data = std::make_shared<PointMapData>(*grid(10));
    data->ids[3] = QStringLiteral("id, with \"quotes\"");
    PointMapView view;
    view.resize(400, 300);
    view.setData(data);
    QHash<int, QString> labels { { 0, QStringLiteral("alpha, beta") }, { 1, QStringLiteral("<gamma> & delta") } };
    view.setClusterLabels(labels);

    const QString csvPath = outputPath(QStringLiteral("pointmap-export.csv"));
    QVERIFY(MapExport::writeCsv(*data, labels, csvPath).ok());
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().split('\n');
    QCOMPARE(lines.size(), 1 + 100 + 1); // header, rows, the empty tail after the last CRLF
    QCOMPARE(lines[0], QByteArray("id,x,y,cluster,label\r"));
    QCOMPARE(lines[1], QByteArray("g0_0,0,0,0,\"alpha, beta\"\r"));
    QCOMPARE(lines[4], QByteArray("\"id, with \"\"quotes\"\"\",3,0,0,\"alpha, beta\"\r"));
    QCOMPARE(lines[12], QByteArray("g1_1,1,1,0,\"alpha, beta\"\r"));

    const QString svgPath = outputPath(QStringLiteral("pointmap-export.svg"));
    MapExportScene scene = view.exportScene();
    QVERIFY(MapExport::writeSvg(scene, svgPath).ok());
    const auto countElements = [](const QString &path, int *texts) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return -1;
        QXmlStreamReader xml(&file);
        int circles = 0;
        *texts = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement) {
                circles += xml.name() == QLatin1String("circle");
                *texts += xml.name() == QLatin1String("text");
            }
        }
        return xml.hasError() ? -2 : circles;
    };
    int texts = 0;
    QCOMPARE(countElements(svgPath, &texts), 100);
    QCOMPARE(std::size_t(texts), scene.labels.size());
    QVERIFY(texts >= 1);

    // Over the cap the SVG carries the density view instead of one circle per point.
    PointMapView big;
    big.resize(400, 300);
    big.setData(blobs(30000, 12));
    QVERIFY(MapExport::writeSvg(big.exportScene(), svgPath, 20000).ok());
    QCOMPARE(countElements(svgPath, &texts), 0);
    QVERIFY(QFileInfo(svgPath).size() < 3 * 1024 * 1024);

    QVERIFY(!MapExport::writeCsv(*data, labels, QStringLiteral("/nonexistent-dir/x.csv")).ok());
    const QString pngPath = outputPath(QStringLiteral("pointmap-export.png"));
    QVERIFY(MapExport::writePng(view.renderImage(QSize(800, 600)), pngPath).ok());
    QCOMPARE(QImage(pngPath).size(), QSize(800, 600));
}

void TestPointMapView::screenshotOfClusteredMap()
{
    PointMapView view;
    view.resize(1100, 760);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setData(blobs(50000, 24));
    view.setClusterLabels(labelsFor(24));
    waitForFrame(view);
    const std::vector<MapLabel> labels = view.placedLabels();
    QVERIFY(labels.size() >= 12);
    for (std::size_t a = 0; a < labels.size(); ++a) {
        for (std::size_t b = a + 1; b < labels.size(); ++b)
            QVERIFY(!labels[a].rect.intersects(labels[b].rect));
    }
    QVERIFY(view.grab().save(outputPath(QStringLiteral("pointmap-50k-clusters.png"))));

    // Zoomed in around one cluster, with part of it selected.
    view.zoomAt(QPointF(view.width() * 0.75, view.height() * 0.5), 3.0);
    const std::vector<int> picked = view.pointsInRect(QRectF(700, 250, 200, 200));
    QVERIFY2(picked.size() > 20, qPrintable(QString::number(picked.size())));
    view.setSelectedIndices(picked);
    waitForFrame(view);
    // What the picture shows: the selection in its cluster colours on top, everything else faded towards the
    // background.
    QVERIFY(drawnInTheirColour(view, picked) >= 0.9);
    for (int i : picked)
        QCOMPARE(view.displayColors()->at(std::size_t(i)), view.pointColor(i));
    const QRgb background = view.palette().color(QPalette::Base).rgb();
    const int other = picked.front() == 0 ? 1 : 0; // not selected: the picks are sorted and unique
    QVERIFY(!std::binary_search(picked.begin(), picked.end(), other));
    const QRgb faded = view.displayColors()->at(std::size_t(other)), own = view.pointColor(other);
    QVERIFY(std::abs(qRed(faded) - qRed(background)) < std::abs(qRed(own) - qRed(background))
        || std::abs(qGreen(faded) - qGreen(background)) < std::abs(qGreen(own) - qGreen(background))
        || std::abs(qBlue(faded) - qBlue(background)) < std::abs(qBlue(own) - qBlue(background)));
    QVERIFY(view.grab().save(outputPath(QStringLiteral("pointmap-zoomed-selection.png"))));

    // A million points: the density view, coloured by value with its legend.
    view.setData(blobs(1000000, 24));
    view.setColorMode(MapColorMode::Value);
    view.setLegendTitle(QStringLiteral("x + y"));
    waitForFrame(view);
    QCOMPARE(view.lastFrame().mode, MapRenderMode::Density);
    {
        // The picture shades the blobs with the value ramp: a good part of it is not background, in many colours.
        const QImage image = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
        qsizetype shaded = 0;
        QSet<QRgb> shades;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                if (image.pixel(x, y) != background) {
                    ++shaded;
                    shades.insert(image.pixel(x, y));
                }
            }
        }
        QVERIFY(shaded >= image.width() * image.height() / 10); // measured 22 %, in some 17,000 colours
        QVERIFY(shades.size() > 100);
    }
    QVERIFY(view.grab().save(outputPath(QStringLiteral("pointmap-1m-density-value.png"))));
}

QTEST_MAIN(TestPointMapView)
#include "tst_pointmapview.moc"
