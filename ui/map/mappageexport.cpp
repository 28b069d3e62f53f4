// MapPage: files of the map and writing its clusters back to the workspace.
#include "map/mappage.h"

#include "map/mapexport.h"
#include "map/pointmapview.h"
#include "tasks/taskrunner.h"

#include <QFileDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QStandardPaths>

namespace {

QString suggestedPath(const QString &name)
{
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QLatin1Char('/') + name;
}

} // namespace

void MapPage::exportImage(bool svg)
{
    if (!m_scene)
        return;
    const QString path = QFileDialog::getSaveFileName(this, svg ? tr("Export Map as SVG") : tr("Export Map as PNG"),
        suggestedPath(svg ? QStringLiteral("map.svg") : QStringLiteral("map.png")),
        svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    // The scene (or image) is taken now, as shown; the file is written on a worker.
    if (svg) {
        const MapExportScene scene = m_view->exportScene();
        m_tasks->run(
            tr("Map: export SVG"), QString(),
            [scene, path](TaskControl &) { return MapExport::writeSvg(scene, path); }, this,
            [this](Result<void> done) { showError(done ? QString() : done.error().message); });
    } else {
        const QImage image = m_view->renderImage(m_view->size() * 2);
        m_tasks->run(
            tr("Map: export PNG"), QString(), [image, path](TaskControl &) { return MapExport::writePng(image, path); },
            this, [this](Result<void> done) { showError(done ? QString() : done.error().message); });
    }
}

void MapPage::exportCsv()
{
    if (!m_scene)
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Map Points as CSV"), suggestedPath(QStringLiteral("map.csv")), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    const PointMapDataPtr data = m_view->data();
    const QHash<int, QString> names = m_names;
    m_tasks->run(
        tr("Map: export CSV"), QString(),
        [data, names, path](TaskControl &) { return MapExport::writeCsv(*data, names, path); }, this,
        [this](Result<void> done) { showError(done ? QString() : done.error().message); });
}

void MapPage::writeLinks()
{
    if (!m_scene)
        return;
    if (m_scene->params.source == MapSource::Freelancers || m_scene->params.source == MapSource::Jobs) {
        showError(tr("Only maps of memories can be written back as memory links."));
        return;
    }
    const qint64 linked = qint64(m_scene->run.size()) - m_scene->noiseCount() - qint64(m_scene->infos.size());
    const auto answer = QMessageBox::question(this, tr("Write semantic_cluster Links"),
        tr("Link every clustered memory to its cluster's most central memory (%Ln links)? Links an earlier "
           "write-back made are replaced; other links are left alone.",
            nullptr, int(std::max<qint64>(linked, 0))));
    if (answer != QMessageBox::Yes)
        return;
    MapScenePtr scene = m_scene;
    const MapService service = m_service;
    m_tasks->run(
        tr("Map: write semantic_cluster links"), QStringLiteral("map-links"),
        [service, scene](TaskControl &control) { return service.writeSemanticLinks(scene->run, control); },
        this,
        [this](Result<qint64> written) {
            if (!written) {
                showError(tr("The links were not written: %1").arg(written.error().message));
                return;
            }
            showError(QString());
            m_status->setText(m_status->text() + QLatin1Char('\n')
                + tr("Wrote %Ln semantic_cluster links.", nullptr, int(written.value())));
        });
}

void MapPage::writeMembers()
{
    if (!m_scene)
        return;
    if (m_scene->params.source == MapSource::Freelancers || m_scene->params.source == MapSource::Jobs) {
        showError(tr("cluster_members holds memories only; export this map as CSV instead."));
        return;
    }
    MapScenePtr scene = m_scene;
    const MapService service = m_service;
    m_tasks->run(
        tr("Map: write cluster members"), QStringLiteral("map-members"),
        [service, scene](TaskControl &) { return service.writeMembers(scene->run); },
        this,
        [this, scene](Result<void> done) {
            if (!done) {
                showError(tr("The cluster members were not written: %1").arg(done.error().message));
                return;
            }
            showError(QString());
            m_status->setText(m_status->text() + QLatin1Char('\n')
                + tr("Wrote %n cluster_members rows (run %1): the browser's Cluster filter and other tools can query them.",
                    nullptr, int(scene->run.size()))
                      .arg(scene->run.id.toString(QUuid::WithoutBraces)));
        });
}
