// MapPage: running, reopening and comparing cluster runs.
#include "map/mappage.h"

#include "map/clusterlistmodel.h"
#include "compute/clustermatching.h"
#include "compute/clustermetrics.h"
#include "map/pointmapview.h"
#include "tasks/taskrunner.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTextBrowser>
#include <QLocale>
#include <QToolButton>

namespace {

struct Comparison
{
    double ari = 0;
    qint64 shared = 0;
    QHash<int, int> slots; // this run's cluster → the other run's matched cluster
};

Result<Comparison> compareRuns(const ClusterRun &mine, const ClusterRun &other)
{
    QHash<QUuid, std::size_t> position;
    position.reserve(qsizetype(other.size()));
    for (std::size_t i = 0; i < other.size(); ++i)
        position.insert(other.memberIds[i], i);
    std::vector<int> a, b;
    for (std::size_t i = 0; i < mine.size(); ++i) {
        const auto p = position.constFind(mine.memberIds[i]);
        if (p != position.constEnd()) {
            a.push_back(other.clusters[*p]);
            b.push_back(mine.clusters[i]);
        }
    }
    if (a.size() < 2)
        return makeError(Error::InvalidInput, MapPage::tr("The two runs share no points: they map different data."));
    Comparison c;
    c.ari = compute::adjustedRandIndex(a, b);
    c.shared = qint64(a.size());
    const std::vector<int> match = compute::matchClusters(a, b);
    for (std::size_t l = 0; l < match.size(); ++l)
        c.slots.insert(int(l), match[l]);
    return c;
}

} // namespace

void MapPage::setTask(quint64 id)
{
    const bool wasBusy = m_taskId != 0;
    m_taskId = id;
    m_run->setEnabled(id == 0);
    if (wasBusy != (id != 0))
        Q_EMIT busyChanged(id != 0);
}

void MapPage::run()
{
    if (m_taskId)
        return;
    showError(QString());
    const MapParams p = params();
    const MapService service = m_service;
    const QString actor = m_actor;
    setTask(m_tasks->run(
        tr("Map: %1").arg(p.describe()), QStringLiteral("map-run"),
        [service, p, actor](TaskControl &control) {
            return MapScene::build(service.run(p, actor, control), control);
        },
        this,
        [this](Result<MapScenePtr> scene) {
            setTask(0);
            if (!scene) {
                showError(tr("The map could not be computed: %1").arg(scene.error().message));
                return;
            }
            show(scene.value());
            listRuns(scene.value()->run.id);
        }));
}

void MapPage::openRun(const QUuid &runId)
{
    if (m_taskId || runId.isNull())
        return;
    showError(QString());
    const MapService service = m_service;
    setTask(m_tasks->run(
        tr("Map: open saved run"), QStringLiteral("map-run"),
        [service, runId](TaskControl &control) { return MapScene::build(service.open(runId, control), control); },
        this,
        [this](Result<MapScenePtr> scene) {
            setTask(0);
            if (!scene) {
                showError(tr("The saved run could not be opened: %1").arg(scene.error().message));
                return;
            }
            show(scene.value());
        }));
}

void MapPage::show(MapScenePtr scene)
{
    m_scene = std::move(scene);
    m_metrics.reset();
    m_comparison.clear();
    m_searchMatches.clear();
    m_names = m_scene->run.clusterNames;
    m_empty->hide();
    m_view->show();
    m_view->setClusterPaletteMap({});
    m_view->setLayout(m_scene->layout);
    m_clusters->setClusters(m_scene->infos, m_names, m_scene->noiseCount());
    for (const MapClusterInfo &info : m_scene->infos)
        m_names.insert(info.cluster, m_clusters->nameOf(info.cluster)); // keywords where the run has no name
    m_view->setClusterLabels(m_names);
    m_export->setEnabled(true);
    m_showInMemories->setEnabled(false);
    m_detail->clear();
    setParams(m_scene->params);
    const int runIndex = m_runs->findData(m_scene->run.id);
    if (runIndex >= 0)
        m_runs->setCurrentIndex(runIndex);
    applyColoring();
    if (!m_search->text().isEmpty())
        runSearch();
    updateHighlight();
    loadMetrics();
    updateStatus();
    Q_EMIT sceneShown();
}

void MapPage::load()
{
    listRuns();
}

void MapPage::listRuns(const QUuid &select)
{
    m_service.listRuns(this,
        [this, select](const Result<QList<ClusterRunSummary>> &runs) {
            if (!runs) {
                showError(tr("Saved runs could not be listed: %1").arg(runs.error().message));
                return;
            }
            const QLocale locale;
            m_runs->clear();
            m_compare->clear();
            m_compare->addItem(tr("(no comparison)"), QUuid());
            for (const ClusterRunSummary &s : runs.value()) {
                const QString text = tr("%1 — %Ln points, %2", nullptr, int(s.pointCount))
                                         .arg(s.name, locale.toString(s.createdAt.toLocalTime(), QLocale::ShortFormat));
                m_runs->addItem(text, s.id);
                m_compare->addItem(text, s.id);
            }
            if (m_runs->count() == 0)
                m_runs->addItem(tr("(none yet)"), QUuid());
            const QUuid wanted = !select.isNull() ? select : (m_scene ? m_scene->run.id : QUuid());
            const int index = m_runs->findData(wanted);
            if (index >= 0)
                m_runs->setCurrentIndex(index);
            else if (!m_scene && !runs.value().isEmpty() && !m_taskId)
                openRun(runs.value().front().id); // the newest run, at once: nothing is computed
        });
}

void MapPage::compareWith(const QUuid &other)
{
    if (!m_scene || other.isNull() || other == m_scene->run.id) {
        m_comparison.clear();
        m_view->setClusterPaletteMap({});
        m_clusters->setColors([this](int cluster) { return m_view->clusterColor(cluster); });
        updateStatus();
        return;
    }
    MapScenePtr scene = m_scene;
    const MapService service = m_service;
    const int otherIndex = m_compare->findData(other);
    const QString otherName = otherIndex >= 0 ? m_compare->itemText(otherIndex) : other.toString(QUuid::WithoutBraces);
    if (otherIndex >= 0)
        m_compare->setCurrentIndex(otherIndex);
    m_tasks->run(
        tr("Map: compare runs"), QStringLiteral("map-compare"),
        [service, scene, other](TaskControl &) -> Result<Comparison> {
            Result<ClusterRun> run = service.load(other);
            if (!run)
                return run.error();
            return compareRuns(scene->run, run.value());
        },
        this,
        [this, scene, otherName](Result<Comparison> comparison) {
            if (scene != m_scene)
                return;
            if (!comparison) {
                showError(comparison.error().message);
                return;
            }
            const QLocale locale;
            m_comparison = tr("Adjusted Rand index %1 against “%2” (%Ln shared points); matched clusters share "
                              "colours.",
                nullptr, int(comparison.value().shared))
                               .arg(locale.toString(comparison.value().ari, 'f', 3), otherName);
            m_view->setClusterPaletteMap(comparison.value().slots);
            m_clusters->setColors([this](int cluster) { return m_view->clusterColor(cluster); });
            updateStatus();
            Q_EMIT comparisonShown();
        });
}

void MapPage::renameCluster(int cluster, const QString &name)
{
    if (!m_scene)
        return;
    const QUuid runId = m_scene->run.id;
    m_service.renameCluster(this, runId, cluster, name,
        [this, runId, cluster, name](const Result<void> &done) {
            if (!done) {
                showError(tr("The cluster could not be renamed: %1").arg(done.error().message));
                return;
            }
            if (!m_scene || m_scene->run.id != runId)
                return;
            m_clusters->setName(cluster, name);
            if (name.isEmpty())
                m_names.insert(cluster, m_clusters->nameOf(cluster));
            else
                m_names.insert(cluster, name);
            m_view->setClusterLabels(m_names);
        });
}

QString MapPage::comparisonText() const
{
    return m_comparison;
}
