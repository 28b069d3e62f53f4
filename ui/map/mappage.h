#pragma once

#include "map/mapscene.h"
#include "memories/memoryfilter.h"

#include <QHash>
#include <QUuid>
#include <QWidget>

#include <functional>

class ClusterListModel;
class DatabaseWorker;
class PointMapView;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QSplitter;
class QTextBrowser;
class QToolButton;
class QTreeView;
class TaskRunner;

// The cluster map: what to map and how (source, projection, clustering), Run as a task, the map itself
// (PointMapView) beside the list of clusters and the detail of the clicked point. Runs are saved in the
// workspace and reopened from "Saved runs"; "Compare with" scores another run against this one (adjusted
// Rand index) and gives matched clusters the same colours. The selection goes to the browser ("Show in
// Memories"); the browser's selection and the search box highlight points here.
class MapPage : public QWidget
{
    Q_OBJECT
public:
    MapPage(DatabaseWorker *worker, TaskRunner *tasks, QWidget *parent = nullptr);
    ~MapPage() override;

    // Lists the saved runs and reopens the newest (nothing is computed until Run).
    void load();
    // Where "Memories matching the browser's filter" takes its filter from.
    void setFilterSource(std::function<MemoryFilter()> filter) { m_filterSource = std::move(filter); }
    void setActor(const QString &actor) { m_actor = actor; }
    // Emphasises these ids (the browser's selection); empty removes that emphasis.
    void setBrowserSelection(const QStringList &ids);

    // For tests and the app's --screenshot: the current parameters, a run with them, the scene shown.
    MapParams params() const;
    void setParams(const MapParams &params);
    void run();
    void openRun(const QUuid &id);
    MapScenePtr scene() const { return m_scene; }
    PointMapView *view() const { return m_view; }
    ClusterListModel *clusterList() const { return m_clusters; }
    QTreeView *clusterView() const { return m_clusterView; }
    bool isBusy() const { return m_taskId != 0; }
    QString statusText() const; // the run summary line
    QString comparisonText() const; // "ARI 0.91 against …", empty without a comparison
    // The line above the map that says what is highlighted (the browser's selection, search matches);
    // empty when nothing is. clearHighlight() is its Clear button.
    QString highlightText() const;
    void clearHighlight();
    void compareWith(const QUuid &id);
    void setSearchText(const QString &text);
    void showSelectionInMemories();
    QAction *showInMemoriesAction() const { return m_showInMemories; }

Q_SIGNALS:
    void showInMemoriesRequested(const QList<QUuid> &ids, const QString &label);
    void busyChanged(bool busy);
    void sceneShown(); // a run is on the map (after Run, a reopen or a reuse)
    void comparisonShown();
    void searchHighlighted(int matches);

private:
    QWidget *createControls();
    QWidget *createViewBar();
    QWidget *createSidePanel();
    void updateParamWidgets();
    void setTask(quint64 id);
    void show(MapScenePtr scene);
    void listRuns(const QUuid &select = {});
    void applyColoring();
    void loadMetrics();
    void showPoint(int index);
    void selectCluster(const QModelIndex &index);
    void renameCluster(int cluster, const QString &name);
    void updateHighlight();
    void runSearch();
    void updateStatus();
    void updateHighlightBar();
    void showError(const QString &message);
    void exportImage(bool svg);
    void exportCsv();
    void writeLinks();
    void writeMembers();
    QString tooltipFor(int index) const;
    QString clusterName(int cluster) const;

    MapService m_service;
    TaskRunner *m_tasks;
    std::function<MemoryFilter()> m_filterSource;
    QString m_actor = QStringLiteral("sextant");

    QComboBox *m_source;
    QComboBox *m_projection;
    QComboBox *m_clustering;
    QSpinBox *m_k;
    QToolButton *m_run;
    QComboBox *m_runs;
    QComboBox *m_compare;
    QComboBox *m_colorBy;
    QLineEdit *m_search;
    QToolButton *m_export;
    QAction *m_showInMemories;
    PointMapView *m_view;
    QLabel *m_empty;
    ClusterListModel *m_clusters;
    QTreeView *m_clusterView;
    QTextBrowser *m_detail;
    QLabel *m_status;
    QWidget *m_highlightBar = nullptr;
    QLabel *m_highlightText = nullptr;
    QLabel *m_error;
    QSplitter *m_splitter;

    MapScenePtr m_scene;
    quint64 m_taskId = 0;
    std::shared_ptr<const std::vector<float>> m_metrics; // per point × MetricCount, for m_scene
    QSet<QString> m_browserSelection;
    QSet<QString> m_searchMatches;
    QString m_comparison;
    QHash<int, QString> m_names; // the run's cluster names, renames included
};
