// MapPage: colouring, highlighting, the clicked point and the run summary.
#include "map/mappage.h"

#include "core/archetypenames.h"
#include "map/clusterlistmodel.h"
#include "map/mapruninfo.h"
#include "map/pointmapview.h"
#include "tasks/taskrunner.h"

#include <QComboBox>
#include <QDateTime>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTextBrowser>
#include <QTreeView>
#include <QUuid>

#include <algorithm>
#include <cmath>

namespace {

// The map's search: points whose tooltip line or keyword text contains every word, case-insensitively.
QSet<QString> searchScene(const MapScene &scene, const QString &query, const TaskControl &control)
{
    const QStringList words = query.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QSet<QString> matches;
    const MapAttributes &a = scene.attributes;
    const PointMapData &data = *scene.layout->data;
    for (std::size_t i = 0; i < scene.run.size(); ++i) {
        if ((i & 4095) == 0 && control.isCancelled())
            return {};
        QString text = a.firstLines.value(qsizetype(i));
        if (i < a.texts.size())
            text += QLatin1Char(' ') + QString::fromStdString(a.texts[i]);
        bool all = true;
        for (const QString &w : words)
            all = all && text.contains(w, Qt::CaseInsensitive);
        if (all)
            matches.insert(data.ids[qsizetype(i)]);
    }
    return matches;
}

} // namespace

void MapPage::applyColoring()
{
    if (!m_scene)
        return;
    const QVariant mode = m_colorBy->currentData();
    const QString key = mode.typeId() == QMetaType::Int ? QString() : mode.toString();
    if (key == QLatin1String("cluster")) {
        m_view->setLegendTitle(tr("Cluster"));
        m_view->setColorMode(MapColorMode::Cluster);
        return;
    }
    if (key.isEmpty() && !m_metrics) {
        loadMetrics();
        return; // applied again when they arrive
    }
    // The other colourings swap the value or category array of the data shown (same points).
    auto data = std::make_shared<PointMapData>(*m_view->data());
    const MapAttributes &a = m_scene->attributes;
    const std::size_t n = m_scene->run.size();
    if (key.isEmpty()) {
        const int metric = mode.toInt();
        data->value.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            data->value[i] = (*m_metrics)[i * Archetypes::MetricCount + std::size_t(metric)];
        m_view->replaceData(data);
        m_view->setLegendTitle(QStringLiteral("%1 %2").arg(Archetypes::name(metric / Archetypes::MetricsPerArchetype),
            ArchetypeNames::metricTitle(Archetypes::metricName(metric))));
        m_view->setColorMode(MapColorMode::Value);
    } else if (key == QLatin1String("tone")) {
        data->category = a.tone.size() == n ? a.tone : std::vector<int>(n, -1);
        data->categoryNames = a.toneNames;
        m_view->replaceData(data);
        m_view->setLegendTitle(tr("Tone"));
        m_view->setColorMode(MapColorMode::Category);
    } else {
        const bool priority = key == QLatin1String("priority");
        const std::vector<float> &values = priority ? a.priority : a.created;
        data->value = values.size() == n ? values : std::vector<float>(n, std::nanf(""));
        m_view->replaceData(data);
        m_view->setLegendTitle(priority ? tr("Priority") : tr("Created (older → newer)"));
        m_view->setColorMode(MapColorMode::Value);
    }
}

void MapPage::loadMetrics()
{
    if (!m_scene || m_metrics || m_scene->params.source == MapSource::Freelancers
        || m_scene->params.source == MapSource::Jobs)
        return;
    MapScenePtr scene = m_scene;
    const MapService service = m_service;
    m_tasks->run(
        tr("Map: archetype metrics"), QStringLiteral("map-metrics"),
        [service, scene](TaskControl &control) -> Result<std::shared_ptr<const std::vector<float>>> {
            Result<std::vector<float>> metrics = service.archetypeMetrics(scene->run.memberIds, control);
            if (!metrics)
                return metrics.error();
            return std::make_shared<const std::vector<float>>(std::move(metrics.value()));
        },
        this,
        [this, scene](Result<std::shared_ptr<const std::vector<float>>> metrics) {
            if (scene != m_scene)
                return;
            if (!metrics) {
                showError(tr("Archetype metrics could not be read: %1").arg(metrics.error().message));
                return;
            }
            m_metrics = metrics.value();
            m_clusters->setArchetypeMetrics(m_scene->run.clusters, *m_metrics);
            if (m_colorBy->currentData().typeId() == QMetaType::Int)
                applyColoring();
        });
}

QString MapPage::clusterName(int cluster) const
{
    if (cluster < 0)
        return tr("no cluster");
    const QString name = m_names.value(cluster);
    return name.isEmpty() ? tr("cluster %1").arg(cluster) : name;
}

QString MapPage::tooltipFor(int index) const
{
    if (!m_scene || index < 0 || std::size_t(index) >= m_scene->run.size())
        return {};
    const QString line = m_scene->attributes.firstLines.value(index).left(120);
    return QStringLiteral("<b>%1</b><br>%2")
        .arg(line.toHtmlEscaped(), clusterName(m_scene->run.clusters[std::size_t(index)]).toHtmlEscaped());
}

void MapPage::showPoint(int index)
{
    if (!m_scene || index < 0 || std::size_t(index) >= m_scene->run.size())
        return;
    const std::size_t i = std::size_t(index);
    const MapAttributes &a = m_scene->attributes;
    const QLocale locale;
    const int cluster = m_scene->run.clusters[i];
    QString html = QStringLiteral("<h3>%1</h3>").arg(a.firstLines.value(index).toHtmlEscaped());
    html += QStringLiteral("<p><span style=\"color:%1\">■</span> %2")
                .arg(QColor(m_view->clusterColor(cluster)).name(), clusterName(cluster).toHtmlEscaped());
    if (i < a.created.size() && std::isfinite(a.created[i]))
        html += QStringLiteral("<br>")
            + tr("Created %1")
                  .arg(locale.toString(
                      QDateTime::fromSecsSinceEpoch(qint64(a.created[i])).toLocalTime(), QLocale::ShortFormat));
    if (i < a.priority.size() && std::isfinite(a.priority[i]))
        html += QStringLiteral("<br>") + tr("Priority %1").arg(locale.toString(a.priority[i], 'f', 3));
    if (i < a.tone.size() && a.tone[i] >= 0)
        html += QStringLiteral("<br>") + tr("Tone: %1").arg(a.toneNames.value(a.tone[i]).toHtmlEscaped());
    html += QStringLiteral("</p>");
    if (i < a.texts.size())
        html += QStringLiteral("<p>%1</p>").arg(QString::fromStdString(a.texts[i]).left(2000).toHtmlEscaped());
    html += QStringLiteral("<p><i>%1</i></p>").arg(m_scene->run.memberIds[i].toString(QUuid::WithoutBraces));
    m_detail->setHtml(html);
}

void MapPage::selectCluster(const QModelIndex &index)
{
    if (!m_scene || !index.isValid())
        return;
    const int cluster = m_clusters->clusterAt(index.row());
    std::vector<int> members;
    for (std::size_t i = 0; i < m_scene->run.size(); ++i) {
        if (m_scene->run.clusters[i] == cluster)
            members.push_back(int(i));
    }
    m_view->setSelectedIndices(std::move(members));
}

void MapPage::setBrowserSelection(const QStringList &ids)
{
    m_browserSelection = QSet<QString>(ids.begin(), ids.end());
    updateHighlight();
}

void MapPage::updateHighlight()
{
    updateHighlightBar();
    if (!m_scene)
        return;
    m_view->highlightIds(m_browserSelection + m_searchMatches);
}

void MapPage::updateHighlightBar()
{
    QStringList parts;
    if (!m_browserSelection.isEmpty()) {
        const int selected = int(m_browserSelection.size());
        qsizetype onMap = 0;
        if (m_scene) {
            QSet<QUuid> wanted;
            for (const QString &id : std::as_const(m_browserSelection))
                wanted.insert(QUuid::fromString(id));
            onMap = std::count_if(m_scene->run.memberIds.begin(), m_scene->run.memberIds.end(),
                [&wanted](const QUuid &id) { return wanted.contains(id); });
        }
        parts << (onMap == selected
                ? tr("%n memories selected in Memories are highlighted", nullptr, selected)
                : tr("%n memories selected in Memories are highlighted (%1 of them on this map)", nullptr, selected)
                      .arg(QLocale().toString(onMap)));
    }
    if (!m_searchMatches.isEmpty())
        parts << tr("%n points match the search", nullptr, int(m_searchMatches.size()));
    m_highlightText->setText(parts.join(QStringLiteral(" · ")));
    m_highlightBar->setVisible(!parts.isEmpty());
}

QString MapPage::highlightText() const
{
    return m_highlightBar->isHidden() ? QString() : m_highlightText->text();
}

void MapPage::clearHighlight()
{
    m_browserSelection.clear();
    m_searchMatches.clear();
    if (!m_search->text().isEmpty())
        m_search->clear();
    updateHighlight();
}

void MapPage::setSearchText(const QString &text)
{
    m_search->setText(text);
}

void MapPage::runSearch()
{
    const QString query = m_search->text().trimmed();
    if (!m_scene || query.isEmpty()) {
        m_searchMatches.clear();
        updateHighlight();
        return;
    }
    MapScenePtr scene = m_scene;
    m_tasks->run(
        tr("Map: search"), QStringLiteral("map-search"),
        [scene, query](TaskControl &control) -> Result<QSet<QString>> { return searchScene(*scene, query, control); },
        this,
        [this, scene](Result<QSet<QString>> matches) {
            if (scene != m_scene || !matches)
                return;
            m_searchMatches = matches.value();
            updateHighlight();
            Q_EMIT searchHighlighted(int(m_searchMatches.size()));
        });
}

void MapPage::showSelectionInMemories()
{
    if (!m_scene)
        return;
    QList<QUuid> ids;
    for (int i : m_view->selectedIndices())
        ids << m_scene->run.memberIds[std::size_t(i)];
    if (!ids.isEmpty())
        Q_EMIT showInMemoriesRequested(ids, tr("Map selection"));
}

QString MapPage::statusText() const
{
    return m_status->text();
}

void MapPage::updateStatus()
{
    if (!m_scene) {
        m_status->clear();
        return;
    }
    const ClusterRun &run = m_scene->run;
    const QLocale locale;
    QStringList parts;
    parts << run.name;
    parts << tr("%n points", nullptr, int(run.size()));
    parts << tr("%n clusters", nullptr, int(m_scene->infos.size()));
    const QJsonValue silhouette = run.quality.value(QStringLiteral("silhouette"));
    if (silhouette.isDouble())
        parts << tr("silhouette %1").arg(locale.toString(silhouette.toDouble(), 'f', 3));
    if (const qint64 noise = m_scene->noiseCount(); noise > 0)
        parts << tr("%1 noise").arg(locale.toString(noise));
    parts << (m_scene->reused ? tr("opened saved run in %1 s") : tr("computed and saved in %1 s"))
                 .arg(locale.toString(m_scene->seconds, 'f', 1));
    QString text = parts.join(QStringLiteral(" · "));
    for (const QString &line : { MapRunInfo::kChoice(run.quality, locale), MapRunInfo::projection(run.quality) }) {
        if (!line.isEmpty())
            text += QLatin1Char('\n') + line;
    }
    if (!m_comparison.isEmpty())
        text += QStringLiteral("\n") + m_comparison;
    m_status->setText(text);
}
