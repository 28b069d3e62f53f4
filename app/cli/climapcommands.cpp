// map: the Map page's cluster run (projection, clustering, keywords), saved in the workspace and written as the
// points' CSV and a PNG of the map as the page draws it.
#include "cli/clicommand.h"
#include "cli/clicontext.h"
#include "map/mapexport.h"
#include "map/mapscene.h"
#include "map/pointmapview.h"

#include <QElapsedTimer>
#include <QJsonArray>

namespace {
// Cluster id → the label the map draws: the run's name for it, else its best keywords.
QHash<int, QString> labelsOf(const MapScene &scene)
{
    QHash<int, QString> labels = scene.run.clusterNames;
    for (const MapClusterInfo &info : scene.infos) {
        if (!labels.value(info.cluster).isEmpty())
            continue;
        labels.insert(info.cluster, info.keywords.mid(0, 3).join(QLatin1String(", ")));
    }
    return labels;
}

std::optional<QSize> sizeOf(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('x'));
    if (parts.size() != 2)
        return std::nullopt;
    bool wide = false, high = false;
    const QSize size(parts[0].toInt(&wide), parts[1].toInt(&high));
    if (!wide || !high || size.width() < 200 || size.height() < 200 || size.width() > 8000 || size.height() > 8000)
        return std::nullopt;
    return size;
}

Result<void> writePng(const MapScene &scene, const QHash<int, QString> &labels, const QSize &size, const QString &path)
{
    // The page's own view, never shown: the same colours, labels and legend as the PNG the page exports.
    PointMapView view;
    view.resize(size);
    view.setLayout(scene.layout);
    view.setLegendTitle(Cli::tr("Cluster"));
    view.setColorMode(MapColorMode::Cluster);
    view.setClusterLabels(labels);
    view.fitToView();
    return MapExport::writePng(view.renderImage(size), path);
}

int map(CliContext &context)
{
    if (!context.positional().isEmpty())
        return context.usage(Cli::tr("map takes no arguments; name the files with --csv and --png."));
    const QString csv = context.value(QStringLiteral("csv"));
    const QString png = context.value(QStringLiteral("png"));
    if (csv.isEmpty() && png.isEmpty())
        return context.usage(Cli::tr("Name at least one file to write: --csv FILE, --png FILE."));
    const std::optional<QSize> size = sizeOf(context.value(QStringLiteral("size")));
    if (!size)
        return context.usage(Cli::tr("--size is WIDTHxHEIGHT in pixels, each 200 to 8000, such as 1600x1200."));

    MapParams params;
    const QString source = context.value(QStringLiteral("source"));
    if (source == QLatin1String("memories"))
        params.source = MapSource::Memories;
    else if (source == QLatin1String("freelancers"))
        params.source = MapSource::Freelancers;
    else if (source == QLatin1String("jobs"))
        params.source = MapSource::Jobs;
    else
        return context.usage(Cli::tr("--source is memories, freelancers or jobs."));
    const QString projection = context.value(QStringLiteral("projection"));
    if (projection == QLatin1String("neighbours"))
        params.projection = MapProjection::NeighbourLayout;
    else if (projection == QLatin1String("pca"))
        params.projection = MapProjection::Pca;
    else
        return context.usage(Cli::tr("--projection is neighbours or pca."));
    const QString clustering = context.value(QStringLiteral("clustering"));
    bool ok = true;
    if (clustering == QLatin1String("kmeans-auto")) {
        params.clustering = MapClustering::KMeansAuto;
    } else if (clustering == QLatin1String("density")) {
        params.clustering = MapClustering::Density;
    } else if (clustering == QLatin1String("kmeans")) {
        params.clustering = MapClustering::KMeans;
        params.k = context.value(QStringLiteral("k")).toInt(&ok);
        if (!ok || params.k < 2)
            return context.usage(Cli::tr("--k needs a whole number of at least 2."));
    } else {
        return context.usage(Cli::tr("--clustering is kmeans-auto, kmeans (with --k) or density."));
    }
    params.seed = context.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        return context.usage(Cli::tr("--seed needs a whole number."));

    const MapService service(context.worker());
    const QString actor = context.actor();
    QElapsedTimer timer;
    timer.start();
    const Result<MapScenePtr> scene
        = context.runTask<MapScenePtr>(Cli::tr("Map"), [service, params, actor](TaskControl &control) {
              return MapScene::build(service.run(params, actor, control), control);
          });
    if (!scene)
        return context.fail(scene.error());
    const MapScene &result = **scene;
    const QHash<int, QString> labels = labelsOf(result);
    if (!csv.isEmpty()) {
        if (Result<void> written = MapExport::writeCsv(*result.layout->data, labels, csv); !written)
            return context.fail(written.error());
    }
    if (!png.isEmpty()) {
        if (Result<void> written = writePng(result, labels, *size, png); !written)
            return context.fail(written.error());
    }

    const double seconds = timer.elapsed() / 1000.0;
    QStringList files;
    for (const QString &path : { csv, png })
        if (!path.isEmpty())
            files.append(path);
    QJsonArray clusters;
    for (const MapClusterInfo &info : result.infos)
        clusters.append(QJsonObject { { QStringLiteral("cluster"), info.cluster },
            { QStringLiteral("size"), info.size }, { QStringLiteral("label"), labels.value(info.cluster) } });
    const QString sentence = Cli::tr("Map run %1 (%2%3): %4 points in %5 clusters, %6 noise points; wrote %7 in %8 s.")
                                 .arg(result.run.id.toString(QUuid::WithoutBraces), result.params.describe(),
                                     result.reused ? Cli::tr(", reused: the data did not change") : QString())
                                 .arg(result.run.size())
                                 .arg(result.infos.size())
                                 .arg(result.noiseCount())
                                 .arg(files.join(QLatin1String(", ")))
                                 .arg(seconds, 0, 'f', 1);
    return context.succeed(sentence,
        { { QStringLiteral("run"), result.run.id.toString(QUuid::WithoutBraces) },
            { QStringLiteral("points"), qint64(result.run.size()) }, { QStringLiteral("noise"), result.noiseCount() },
            { QStringLiteral("reused"), result.reused }, { QStringLiteral("clusters"), clusters },
            { QStringLiteral("quality"), result.run.quality },
            { QStringLiteral("files"), QJsonArray::fromStringList(files) }, { QStringLiteral("seconds"), seconds } });
}
} // namespace

QList<CliCommand> mapCommands()
{
    CliCommand command;
    command.name = QStringLiteral("map");
    command.summary = Cli::tr("Cluster and lay out the embeddings; write the points as CSV and the map as PNG.");
    command.description
        = Cli::tr("Projects the embeddings of the memories (or freelancers, or jobs) to two dimensions, clusters them, "
                  "names each cluster by its keywords and saves the run in the workspace, as the Map page does; an "
                  "earlier run with the same parameters on unchanged data is reused. Writes every point (id, x, y, "
                  "cluster, label) as CSV and the map with its cluster labels and legend as PNG.");
    command.options = {
        QCommandLineOption(QStringLiteral("csv"), Cli::tr("Write the points here."), QStringLiteral("file")),
        QCommandLineOption(QStringLiteral("png"), Cli::tr("Write the picture here."), QStringLiteral("file")),
        QCommandLineOption(QStringLiteral("size"), Cli::tr("The picture's size in pixels."), QStringLiteral("WxH"),
            QStringLiteral("1600x1200")),
        QCommandLineOption(QStringLiteral("source"), Cli::tr("memories, freelancers or jobs."),
            QStringLiteral("source"), QStringLiteral("memories")),
        QCommandLineOption(QStringLiteral("projection"), Cli::tr("neighbours (a neighbour layout) or pca."),
            QStringLiteral("projection"), QStringLiteral("neighbours")),
        QCommandLineOption(QStringLiteral("clustering"),
            Cli::tr("kmeans-auto (k by silhouette), kmeans (with --k) or density."), QStringLiteral("method"),
            QStringLiteral("kmeans-auto")),
        QCommandLineOption(QStringLiteral("k"), Cli::tr("Clusters for --clustering kmeans."), QStringLiteral("k"),
            QStringLiteral("24")),
        QCommandLineOption(QStringLiteral("seed"), Cli::tr("Seed of the layout and the clustering."),
            QStringLiteral("number"), QStringLiteral("42")),
    };
    command.example = QStringLiteral("sextant-cli map --workspace team.sqlite --csv map.csv --png map.png");
    command.needsGui = true;
    command.run = map;
    return { command };
}
