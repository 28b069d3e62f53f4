#include "map/mappage.h"

#include "common/taborder.h"

#include "archetypes/archetypebarsdelegate.h"
#include "core/archetypenames.h"
#include "map/clusterlistmodel.h"
#include "map/pointmapview.h"
#include "tasks/taskrunner.h"

#include <QActionGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

MapPage::MapPage(DatabaseWorker *worker, TaskRunner *tasks, QWidget *parent)
    : QWidget(parent)
    , m_service(worker)
    , m_tasks(tasks)
    , m_view(new PointMapView(this))
    , m_empty(new QLabel(this))
    , m_clusters(new ClusterListModel(this))
    , m_clusterView(new QTreeView(this))
    , m_detail(new QTextBrowser(this))
    , m_status(new QLabel(this))
    , m_error(new QLabel(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
{
    m_showInMemories = new QAction(QIcon::fromTheme(QStringLiteral("edit-find")), tr("Show in Memories"), this);
    m_showInMemories->setToolTip(tr("Open the selected points in the memory browser"));
    m_showInMemories->setEnabled(false);
    connect(m_showInMemories, &QAction::triggered, this, &MapPage::showSelectionInMemories);

    m_empty->setText(tr("No map yet. Choose what to map and how, then press Run.\n"
                        "Runs are saved in the workspace and reopen instantly."));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true); // the automatic k's curve is a long line

    auto *mapArea = new QWidget(this);
    auto *mapLayout = new QVBoxLayout(mapArea);
    mapLayout->setContentsMargins(0, 0, 0, 0);
    QWidget *viewBar = createViewBar();
    mapLayout->addWidget(viewBar);
    m_highlightBar = new QWidget(mapArea);
    auto *highlightRow = new QHBoxLayout(m_highlightBar);
    highlightRow->setContentsMargins(0, 0, 0, 0);
    m_highlightText = new QLabel(m_highlightBar);
    auto *clearHighlight = new QToolButton(m_highlightBar);
    clearHighlight->setText(tr("Clear"));
    clearHighlight->setToolTip(tr("Show every point alike again"));
    highlightRow->addWidget(m_highlightText, 1);
    highlightRow->addWidget(clearHighlight);
    // Its row is kept while hidden: a map that changed size whenever a selection came and went would jump.
    QSizePolicy keepRow = m_highlightBar->sizePolicy();
    keepRow.setRetainSizeWhenHidden(true);
    m_highlightBar->setSizePolicy(keepRow);
    m_highlightBar->hide();
    connect(clearHighlight, &QToolButton::clicked, this, &MapPage::clearHighlight);
    mapLayout->addWidget(m_highlightBar);
    mapLayout->addWidget(m_empty, 1);
    mapLayout->addWidget(m_view, 1);
    m_view->hide();
    m_splitter->addWidget(mapArea);
    m_splitter->addWidget(createSidePanel());
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    QWidget *controls = createControls();
    layout->addWidget(controls);
    layout->addWidget(m_error);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_status);
    // Tab reads the page top to bottom, left to right: the view was made before the bars above it.
    TabOrder::chain({ controls, viewBar, m_highlightBar, m_view, m_splitter->widget(1) });

    m_view->setTooltipProvider([this](int index) { return tooltipFor(index); });
    connect(m_view, &PointMapView::pointClicked, this, [this](int index, const QString &) { showPoint(index); });
    connect(m_view, &PointMapView::selectionChanged, this, [this](const QStringList &ids) {
        m_showInMemories->setEnabled(!ids.isEmpty() && m_scene && m_scene->params.source != MapSource::Freelancers
            && m_scene->params.source != MapSource::Jobs);
        if (ids.size() == 1)
            showPoint(m_view->selectedIndices().front());
    });
    connect(m_clusterView, &QTreeView::clicked, this, &MapPage::selectCluster);
    connect(m_clusters, &ClusterListModel::renameRequested, this, &MapPage::renameCluster);
    m_clusters->setColors([this](int cluster) { return m_view->clusterColor(cluster); });
    // A cancelled or superseded run never calls back: the runner's record says when it ended.
    connect(m_tasks, &TaskRunner::taskFinished, this, [this](const TaskInfo &task) {
        if (m_taskId != 0 && task.id == m_taskId)
            setTask(0);
    });
    updateParamWidgets();
}

MapPage::~MapPage() = default;

QWidget *MapPage::createControls()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_source = new QComboBox(bar);
    for (MapSource s : { MapSource::Memories, MapSource::FilteredMemories, MapSource::Freelancers, MapSource::Jobs })
        m_source->addItem(MapParams::sourceName(s), int(s));
    m_projection = new QComboBox(bar);
    for (MapProjection p : { MapProjection::NeighbourLayout, MapProjection::Pca })
        m_projection->addItem(MapParams::projectionName(p), int(p));
    m_projection->setToolTip(tr("Neighbour layout keeps similar points together (like UMAP); PCA is the fastest "
                                "linear view"));
    m_clustering = new QComboBox(bar);
    for (MapClustering c : { MapClustering::KMeansAuto, MapClustering::KMeans, MapClustering::Density })
        m_clustering->addItem(MapParams::clusteringName(c), int(c));
    m_clustering->setToolTip(tr("k-means on the vectors (k chosen by silhouette on a sample, or yours), or density "
                                "clustering of the map, which also finds points that belong to no cluster"));
    m_k = new QSpinBox(bar);
    m_k->setRange(2, 500);
    m_k->setValue(24);
    m_k->setPrefix(tr("k = "));
    m_k->setAccessibleName(tr("Number of clusters"));
    m_run = new QToolButton(bar);
    m_run->setText(tr("Run"));
    m_run->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_run->setIcon(QIcon::fromTheme(QStringLiteral("media-playback-start")));
    m_run->setToolTip(tr("Compute the map as a task (Tasks panel: progress and cancel); an unchanged run is reused"));
    m_runs = new QComboBox(bar);
    m_runs->setMinimumContentsLength(24);
    m_runs->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runs->setToolTip(tr("Saved cluster runs of this workspace, newest first"));
    m_compare = new QComboBox(bar);
    m_compare->setMinimumContentsLength(16);
    m_compare->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_compare->setToolTip(tr("Score another run against this one and colour matching clusters alike"));

    row->addWidget(new QLabel(tr("Map:"), bar));
    row->addWidget(m_source);
    row->addWidget(m_projection);
    row->addWidget(m_clustering);
    row->addWidget(m_k);
    row->addWidget(m_run);
    row->addSpacing(16);
    row->addWidget(new QLabel(tr("Saved runs:"), bar));
    row->addWidget(m_runs, 1);
    row->addWidget(new QLabel(tr("Compare with:"), bar));
    row->addWidget(m_compare, 1);

    connect(m_clustering, &QComboBox::currentIndexChanged, this, &MapPage::updateParamWidgets);
    connect(m_run, &QToolButton::clicked, this, &MapPage::run);
    connect(m_runs, &QComboBox::activated, this, [this](int i) {
        const QUuid id = m_runs->itemData(i).toUuid();
        if (!id.isNull() && (!m_scene || m_scene->run.id != id))
            openRun(id);
    });
    connect(m_compare, &QComboBox::activated, this, [this](int i) { compareWith(m_compare->itemData(i).toUuid()); });
    return bar;
}

QWidget *MapPage::createViewBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_colorBy = new QComboBox(bar);
    m_colorBy->setToolTip(tr("What the points' colours show"));
    m_colorBy->addItem(tr("Colour: cluster"), QStringLiteral("cluster"));
    m_colorBy->addItem(tr("Colour: priority"), QStringLiteral("priority"));
    m_colorBy->addItem(tr("Colour: time created"), QStringLiteral("created"));
    m_colorBy->addItem(tr("Colour: tone"), QStringLiteral("tone"));
    for (int m = 0; m < Archetypes::MetricCount; ++m)
        m_colorBy->addItem(tr("Colour: %1 %2")
                               .arg(Archetypes::name(m / Archetypes::MetricsPerArchetype),
                                   ArchetypeNames::metricTitle(Archetypes::metricName(m))),
            m);
    row->addWidget(m_colorBy);

    auto *tools = new QActionGroup(this);
    const auto tool = [&](const QString &text, const QString &tip, PointMapView::Tool t, const char *icon) {
        auto *button = new QToolButton(bar);
        auto *action = new QAction(QIcon::fromTheme(QLatin1String(icon)), text, tools);
        action->setCheckable(true);
        action->setToolTip(tip);
        action->setChecked(t == PointMapView::Tool::Pan);
        connect(action, &QAction::triggered, this, [this, t] { m_view->setTool(t); });
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        row->addWidget(button);
    };
    tool(tr("Pan"), tr("Drag to pan, wheel to zoom, click to select a point"), PointMapView::Tool::Pan,
        "transform-move");
    tool(tr("Rectangle"), tr("Drag a rectangle to select (or Shift+drag with Pan)"), PointMapView::Tool::RubberBand,
        "select-rectangular");
    tool(tr("Lasso"), tr("Draw around points to select them (or Alt+drag with Pan)"), PointMapView::Tool::Lasso,
        "edit-select-lasso");
    auto *fit = new QToolButton(bar);
    fit->setText(tr("Fit"));
    fit->setToolTip(tr("Show the whole map (Home)"));
    connect(fit, &QToolButton::clicked, m_view, &PointMapView::fitToView);
    row->addWidget(fit);

    m_search = new QLineEdit(bar);
    m_search->setPlaceholderText(tr("Highlight points whose text contains…"));
    m_search->setAccessibleName(tr("Highlight points"));
    m_search->setClearButtonEnabled(true);
    row->addWidget(m_search, 1);
    auto *show = new QToolButton(bar);
    show->setDefaultAction(m_showInMemories);
    show->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    row->addWidget(show);

    m_export = new QToolButton(bar);
    m_export->setText(tr("Export"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_export);
    menu->addAction(tr("Image (PNG)…"), this, [this] { exportImage(false); });
    menu->addAction(tr("Vector Image (SVG)…"), this, [this] { exportImage(true); });
    menu->addAction(tr("Points (CSV)…"), this, &MapPage::exportCsv);
    menu->addSeparator();
    menu->addAction(tr("Write Clusters as semantic_cluster Links"), this, &MapPage::writeLinks);
    menu->addAction(tr("Write Cluster Members for Other Tools"), this, &MapPage::writeMembers);
    m_export->setMenu(menu);
    m_export->setEnabled(false);
    row->addWidget(m_export);

    connect(m_colorBy, &QComboBox::currentIndexChanged, this, &MapPage::applyColoring);
    connect(m_search, &QLineEdit::textChanged, this, &MapPage::runSearch);
    return bar;
}

QWidget *MapPage::createSidePanel()
{
    auto *panel = new QSplitter(Qt::Vertical, this);
    m_clusterView->setModel(m_clusters);
    m_clusterView->setRootIsDecorated(false);
    m_clusterView->setUniformRowHeights(true);
    m_clusterView->setAlternatingRowColors(true);
    m_clusterView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_clusterView->setItemDelegateForColumn(
        ClusterListModel::ArchetypeMeans, new ArchetypeBarsDelegate(ClusterListModel::MeansRole, m_clusterView));
    m_clusterView->header()->setStretchLastSection(false);
    m_clusterView->header()->setSectionResizeMode(ClusterListModel::Name, QHeaderView::Stretch);
    for (int c = ClusterListModel::Size; c < ClusterListModel::ColumnCount; ++c)
        m_clusterView->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_clusterView->header()->setMinimumSectionSize(40);
    // The cluster's own actions: select it (a click), open it in the browser, rename it (double-click).
    m_clusterView->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *showCluster = new QAction(tr("Show Cluster in Memories"), m_clusterView);
    connect(showCluster, &QAction::triggered, this, [this] {
        selectCluster(m_clusterView->currentIndex());
        showSelectionInMemories();
    });
    auto *rename = new QAction(tr("Rename Cluster…"), m_clusterView);
    connect(rename, &QAction::triggered, this, [this] {
        const QModelIndex current = m_clusterView->currentIndex();
        if (current.isValid())
            m_clusterView->edit(current.siblingAtColumn(ClusterListModel::Name));
    });
    m_clusterView->addActions({ showCluster, rename });
    m_detail->setOpenLinks(false);
    m_detail->setAccessibleName(tr("Point details"));
    m_clusterView->setAccessibleName(tr("Clusters"));
    m_detail->setPlaceholderText(tr("Click a point to read it here."));
    panel->addWidget(m_clusterView);
    panel->addWidget(m_detail);
    panel->setStretchFactor(0, 3);
    panel->setStretchFactor(1, 1);
    panel->setMinimumWidth(380);
    return panel;
}

void MapPage::updateParamWidgets()
{
    const auto clustering = MapClustering(m_clustering->currentData().toInt());
    m_k->setEnabled(clustering == MapClustering::KMeans);
}

MapParams MapPage::params() const
{
    MapParams p;
    p.source = MapSource(m_source->currentData().toInt());
    if (p.source == MapSource::FilteredMemories && m_filterSource)
        p.filter = m_filterSource();
    p.projection = MapProjection(m_projection->currentData().toInt());
    p.clustering = MapClustering(m_clustering->currentData().toInt());
    p.k = m_k->value();
    return p;
}

void MapPage::setParams(const MapParams &params)
{
    m_source->setCurrentIndex(m_source->findData(int(params.source)));
    m_projection->setCurrentIndex(m_projection->findData(int(params.projection)));
    m_clustering->setCurrentIndex(m_clustering->findData(int(params.clustering)));
    m_k->setValue(params.k);
    updateParamWidgets();
}

void MapPage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}
