// Point-map benchmark: whole frames of PointMapView (render into the image, then the widget's paint with
// labels and legend) while panning and while zooming, at 100k and 1M synthetic clustered points,
// offscreen with software rendering. Also the UI thread's share when frames render on the worker (the
// paint of the last frame moved to the new viewport) and the cost of a new data set (layout, colours).
// Frame times are measured on whatever else the machine runs; the load average is printed with them.
// End to end, "run to paint": the map's vectors and attributes read from a workspace, the pipeline
// (projection, clustering, keywords), the point data built and the first frame rendered: the demo
// workspace (5k), 100k synthetic clustered memories written to a temporary SQLite file (full run only;
// the write and the vector load rate are rows of their own) and 1M synthetic vectors in memory (full run
// only; PCA + k-means; the database load is excluded, see load_rate_100k).
// Usage: bench_map [--quick]. Prints lines in the format tests/bench/run documents.
#include "compute/splitmix.h"
#include "demo/demogenerator.h"
#include "map/mapdata.h"
#include "map/mappipeline.h"
#include "map/pointmapview.h"
#include "db/sqliteworkspace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>
#include <QWindow>

#include <algorithm>
#include <cmath>
#include <random>

namespace {

constexpr double GoalMs = 33.0;
constexpr int Frames = 30;

std::shared_ptr<PointMapData> clusteredPoints(std::size_t n)
{
    auto data = std::make_shared<PointMapData>();
    std::mt19937 rng(20261121);
    std::normal_distribution<float> gauss(0.0f, 1.0f);
    constexpr int Clusters = 48;
    std::vector<std::pair<float, float>> centres;
    std::uniform_real_distribution<float> place(-40.0f, 40.0f);
    for (int c = 0; c < Clusters; ++c)
        centres.emplace_back(place(rng), place(rng));
    data->x.resize(n);
    data->y.resize(n);
    data->cluster.resize(n);
    data->ids.reserve(qsizetype(n));
    for (std::size_t i = 0; i < n; ++i) {
        const int c = int(rng() % Clusters);
        const float spread = 1.0f + float(c % 5) * 0.5f;
        data->x[i] = centres[std::size_t(c)].first + spread * gauss(rng);
        data->y[i] = centres[std::size_t(c)].second + spread * gauss(rng);
        data->cluster[i] = c;
        data->ids.append(QString::number(i));
    }
    return data;
}

QString fixed(double v, int decimals)
{
    return QString::number(v, 'f', decimals);
}

struct Stats
{
    double mean = 0, worst = 0;
    QString mode;
};

// `frames` frames, each: step(view) changes the viewport, the frame renders, the widget repaints.
template<typename Step> Stats measure(PointMapView &view, Step step)
{
    std::vector<double> times;
    int density = 0;
    for (int f = 0; f < Frames; ++f) {
        QElapsedTimer timer;
        timer.start();
        step(view, f);
        view.repaint();
        times.push_back(timer.nsecsElapsed() / 1e6);
        density += view.lastFrame().mode == MapRenderMode::Density;
    }
    Stats s;
    for (double t : times)
        s.mean += t / times.size();
    s.worst = *std::max_element(times.begin(), times.end());
    s.mode = density == Frames ? QStringLiteral("density")
        : density == 0         ? QStringLiteral("points")
                               : QStringLiteral("mixed");
    return s;
}

void report(QTextStream &out, const QString &row, const Stats &s)
{
    out << "BENCH map." << row << " value=" << fixed(s.mean, 1) << "ms baseline=" << GoalMs
        << "ms ratio=" << fixed(s.mean / GoalMs, 2) << " quality=worst:" << fixed(s.worst, 1) << "ms,lod:" << s.mode
        << '\n';
    out.flush();
}

// A shown view, exposed, rendering synchronously (repaint() paints only an exposed window).
void expose(PointMapView &view)
{
    view.resize(1280, 800);
    view.setSynchronousRendering(true);
    view.show();
    QElapsedTimer exposure;
    exposure.start();
    while (!(view.windowHandle() && view.windowHandle()->isExposed()) && exposure.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
}

// What the map page does with a finished run: point data (priority as value, tone as category), the
// layout, the labels and the first frame. Returns milliseconds.
double paintRun(PointMapView &view, const ClusterRun &run, const MapAttributes *attributes)
{
    QElapsedTimer timer;
    timer.start();
    auto data = std::make_shared<PointMapData>();
    data->x = run.x;
    data->y = run.y;
    data->cluster = run.clusters;
    if (attributes) {
        data->value = attributes->priority;
        data->category = attributes->tone;
        data->categoryNames = attributes->toneNames;
    }
    data->ids.reserve(qsizetype(run.size()));
    for (const QUuid &id : run.memberIds)
        data->ids.append(id.toString(QUuid::WithoutBraces));
    view.setLayout(PointMapLayout::build(data));
    view.setClusterLabels(run.clusterNames);
    view.fitToView();
    view.renderNow();
    view.repaint();
    return timer.nsecsElapsed() / 1e6;
}

struct RunTimes
{
    double load = 0, pipeline = 0, paint = 0;
    int k = 0;
    double total() const { return load + pipeline + paint / 1000.0; }
};

// Vectors and attributes from the workspace, the default pipeline, the first frame.
bool runToPaint(Repository &repo, const MapParams &params, PointMapView &view, RunTimes &times)
{
    QElapsedTimer timer;
    timer.start();
    Result<MapVectors> vectors = MapData::vectors(repo, params);
    if (!vectors)
        return false;
    Result<MapAttributes> attributes = MapData::attributes(repo, params.source, vectors->ids);
    if (!attributes)
        return false;
    times.load = timer.nsecsElapsed() / 1e9;
    timer.restart();
    Result<ClusterRun> run = MapPipeline::run(vectors->vectors, vectors->ids, attributes->texts, params);
    if (!run)
        return false;
    times.pipeline = timer.nsecsElapsed() / 1e9;
    times.k = run->quality.value(QStringLiteral("k")).toInt();
    times.paint = paintRun(view, *run, &*attributes);
    return true;
}

void reportRun(QTextStream &out, const QString &row, const RunTimes &t, const QString &extra = {})
{
    out << "BENCH map." << row << " value=" << fixed(t.total(), 2) << "s quality=load:" << fixed(t.load, 2)
        << "s,pipeline:" << fixed(t.pipeline, 2) << "s,paint:" << fixed(t.paint, 0) << "ms,k:" << t.k << extra << '\n';
    out.flush();
}

// `clusters` topics in 1536-D: each point its topic's unit centre plus noise, then unit length. The
// noise (0.035 per dimension, about 2.2 in norm against the centre's 1) leaves neighbours mostly within
// their topic, as the demo's texts do. Words per topic make the keywords.
struct Synthetic
{
    std::vector<float> centres;
    int clusters = 48;
    compute::SplitMix random { 20261121 };

    explicit Synthetic(int count)
        : clusters(count)
    {
        centres.resize(std::size_t(clusters) * EmbeddingDimensions);
        for (float &c : centres)
            c = float(random.normal());
        for (int c = 0; c < clusters; ++c) {
            float *centre = centres.data() + std::size_t(c) * EmbeddingDimensions;
            double norm = 0;
            for (int j = 0; j < EmbeddingDimensions; ++j)
                norm += double(centre[j]) * centre[j];
            for (int j = 0; j < EmbeddingDimensions; ++j)
                centre[j] = float(centre[j] / std::sqrt(norm));
        }
    }
    int point(float *out)
    {
        const int c = int(random.below(std::uint64_t(clusters)));
        const float *centre = centres.data() + std::size_t(c) * EmbeddingDimensions;
        for (int j = 0; j < EmbeddingDimensions; ++j) // uniform noise of the same variance: fast to draw
            out[j] = centre[j] + 0.035f * float((random.uniform() - 0.5) * 3.4641016);
        return c;
    }
    std::string text(int c)
    {
        std::string t;
        for (int w = 0; w < 6; ++w)
            t += "topic" + std::to_string(c) + "word" + std::to_string(random.below(8)) + ' ';
        return t;
    }
};

void benchRunToPaint(QTextStream &out, bool quick)
{
    QTemporaryDir dir;
    PointMapView view;
    expose(view);
    {
        auto repo = SqliteWorkspace::open(dir.filePath(QStringLiteral("demo.sqlite")), QStringLiteral("bench-demo"));
        DemoSpec spec;
        spec.now = QDateTime(QDate(2026, 2, 1), QTime(9, 0), Qt::UTC);
        if (!repo || !DemoGenerator::generate(**repo, spec))
            return;
        RunTimes times;
        if (runToPaint(**repo, MapParams(), view, times))
            reportRun(out, QStringLiteral("run_to_paint_5k"), times, QStringLiteral(",source:demo"));
    }
    if (quick)
        return;
    {
        // 100k synthetic memories written through the repository, then read back as the map reads them.
        auto repo
            = SqliteWorkspace::open(dir.filePath(QStringLiteral("synthetic.sqlite")), QStringLiteral("bench-100k"));
        if (!repo)
            return;
        constexpr int Rows = 100000, Batch = 5000;
        Synthetic synthetic(48);
        QElapsedTimer timer;
        timer.start();
        const QDateTime start(QDate(2025, 6, 1), QTime(0, 0), Qt::UTC);
        for (int b = 0; b < Rows; b += Batch) {
            QList<Memory> memories;
            for (int i = b; i < b + Batch; ++i) {
                Memory m;
                m.id = QUuid::createUuid();
                m.embedding = Embedding(EmbeddingDimensions);
                const int c = synthetic.point(m.embedding.data());
                m.summary = QString::fromStdString(synthetic.text(c));
                m.userPrompt = m.summary;
                m.createdAt = start.addSecs(i * 60);
                m.lastAccessed = m.createdAt;
                m.updatedAt = m.createdAt;
                m.embeddingModel = QStringLiteral("synthetic");
                m.tone = QStringLiteral("calm");
                memories << m;
            }
            if (!(*repo)->insertMemories(memories))
                return;
        }
        const double write = timer.nsecsElapsed() / 1e9;
        out << "BENCH map.db_write_100k value=" << fixed(write, 1) << "s quality=rows_per_s:" << fixed(Rows / write, 0)
            << '\n';
        timer.restart();
        Result<MapVectors> vectors = MapData::vectors(**repo, MapParams());
        if (!vectors)
            return;
        const double load = timer.nsecsElapsed() / 1e9;
        out << "BENCH map.load_rate_100k value=" << fixed(double(vectors->ids.size()) / load, 0)
            << "rows/s quality=vectors:" << fixed(load, 2) << "s,backend:sqlite\n";
        out.flush();
        RunTimes times;
        if (runToPaint(**repo, MapParams(), view, times))
            reportRun(out, QStringLiteral("run_to_paint_100k"), times, QStringLiteral(",source:synthetic-sqlite"));
    }
    {
        // 1M vectors in memory: PCA + k-means (k = 48). The database load is excluded: at the 100k load
        // rate above it would add n / rate seconds.
        constexpr std::size_t Rows = 1000000;
        Synthetic synthetic(48);
        compute::EmbeddingMatrix matrix(Rows, EmbeddingDimensions);
        std::vector<QUuid> ids(Rows);
        std::vector<std::string> texts(Rows);
        for (std::size_t i = 0; i < Rows; ++i) {
            const int c = synthetic.point(matrix.row(i));
            texts[i] = synthetic.text(c);
            ids[i] = QUuid::createUuid();
        }
        matrix.normalizeRows();
        MapParams params;
        params.projection = MapProjection::Pca;
        params.clustering = MapClustering::KMeans;
        params.k = 48;
        RunTimes times;
        QElapsedTimer timer;
        timer.start();
        Result<ClusterRun> run = MapPipeline::run(matrix, ids, texts, params);
        if (!run)
            return;
        times.pipeline = timer.nsecsElapsed() / 1e9;
        times.k = run->quality.value(QStringLiteral("k")).toInt();
        times.paint = paintRun(view, *run, nullptr);
        reportRun(out, QStringLiteral("run_to_paint_1m_db_load_excluded"), times, QStringLiteral(",source:memory"));
    }
    view.renderNow();
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    QTextStream out(stdout);
    const std::vector<std::size_t> sizes
        = quick ? std::vector<std::size_t> { 20000 } : std::vector<std::size_t> { 100000, 1000000 };

    QFile loadFile(QStringLiteral("/proc/loadavg"));
    if (loadFile.open(QIODevice::ReadOnly))
        out << "BENCH map.machine_load_1min value=" << loadFile.readAll().split(' ').value(0) << '\n';
    for (std::size_t n : sizes) {
        const QString label
            = n >= 1000000 ? QStringLiteral("%1m").arg(n / 1000000) : QStringLiteral("%1k").arg(n / 1000);
        const auto data = clusteredPoints(n);
        PointMapView view;
        view.resize(1280, 800);
        view.setSynchronousRendering(true);
        QHash<int, QString> labels;
        for (int c = 0; c < 48; ++c)
            labels.insert(c, QStringLiteral("cluster %1 words").arg(c));
        view.setClusterLabels(labels);
        view.show();
        // repaint() paints only an exposed window.
        QElapsedTimer exposure;
        exposure.start();
        while (!(view.windowHandle() && view.windowHandle()->isExposed()) && exposure.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);

        // What an owner does off the UI thread (index, spatial order, anchors), then on it (colours, fit).
        QElapsedTimer timer;
        timer.start();
        const PointMapLayoutPtr layout = PointMapLayout::build(data);
        out << "BENCH map.layout_build_" << label << " value=" << fixed(timer.nsecsElapsed() / 1e6, 1) << "ms\n";
        timer.restart();
        view.setLayout(layout);
        out << "BENCH map.set_layout_" << label << " value=" << fixed(timer.nsecsElapsed() / 1e6, 1) << "ms\n";

        report(out, QStringLiteral("frame_pan_") + label,
            measure(view, [](PointMapView &v, int f) { v.panBy(QPointF(f % 2 ? -14 : 15, 6)); }));
        view.fitToView();
        // Zoom in towards one spot for 20 frames (×1.15 each, ×16 in all), then back out.
        report(out, QStringLiteral("frame_zoom_") + label, measure(view, [](PointMapView &v, int f) {
            v.zoomAt(QPointF(v.width() * 0.6, v.height() * 0.45), f < 20 ? 1.15 : 1.0 / 1.3);
        }));

        // Frames on the worker: the UI thread only paints the last frame moved to the new viewport.
        view.setSynchronousRendering(false);
        view.fitToView();
        view.renderNow();
        Stats ui = measure(view, [](PointMapView &v, int f) { v.panBy(QPointF(f % 2 ? -9 : 10, 3)); });
        ui.mode = QStringLiteral("ui-thread");
        report(out, QStringLiteral("ui_paint_") + label, ui);
        view.renderNow(); // lets the worker finish before the view goes
    }
    benchRunToPaint(out, quick);
    return 0;
}
