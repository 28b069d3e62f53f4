// Point-map benchmark: whole frames of PointMapView (render into the image, then the widget's paint with
// labels and legend) while panning and while zooming, at 100k and 1M synthetic clustered points,
// offscreen with software rendering. Also the UI thread's share when frames render on the worker (the
// paint of the last frame moved to the new viewport) and the cost of a new data set (layout, colours).
// Frame times are measured on whatever else the machine runs; the load average is printed with them.
// Usage: bench_map [--quick]. Prints lines in the format tests/bench/run documents.
#include "pointmapview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
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
    return 0;
}
