#pragma once

#include "map/mapexport.h"
#include "map/maplabels.h"
#include "map/pointmapdata.h"
#include "map/pointmaplayout.h"
#include "map/pointmaprenderer.h"

#include <QFutureWatcher>
#include <QHash>
#include <QPolygonF>
#include <QSet>
#include <QWidget>

#include <functional>
#include <memory>

class QThreadPool;

// A 2-D scatter map for up to millions of points (a projection of memories, say), drawn into an image
// by PointMapRenderer on a worker thread; between frames the last finished frame is shown moved and
// scaled to the current viewport, so panning and zooming never wait for a render.
//
// The owner gives it a PointMapData snapshot (setData), chooses the colouring, gives cluster label texts
// and, if it wants, a tooltip text per point. Interaction: drag pans, the wheel zooms around the cursor,
// Home fits; a click selects the point under the cursor, Shift+drag selects a rectangle, Alt+drag (or
// the Lasso tool) a free-hand lasso, Esc clears. A selection emphasises its points (the rest dims) and is
// reported by selectionChanged(); highlightIds() emphasises a set chosen elsewhere (a search, the
// browser's selection) without changing the selection; both show at once. UI thread only.
class PointMapView : public QWidget
{
    Q_OBJECT
public:
    enum class Tool { Pan, RubberBand, Lasso };

    explicit PointMapView(QWidget *parent = nullptr);
    ~PointMapView() override;

    // Shows `data` (consistent arrays, see PointMapData) and fits it to the view; clears selection and
    // highlight. Builds its PointMapLayout here, about 0.1 s per million points: owners with big data sets
    // build the layout on a worker and call setLayout() instead.
    void setData(PointMapDataPtr data);
    void setLayout(PointMapLayoutPtr layout);
    // Swaps the colouring arrays (value, category, names) of the data shown, keeping the layout, the
    // view, the selection and the highlight: `data` must have the same points (x, y, cluster, ids).
    // Ignored when the sizes differ.
    void replaceData(PointMapDataPtr data);
    PointMapDataPtr data() const { return m_data; }

    void setColorMode(MapColorMode mode);
    MapColorMode colorMode() const { return m_colorMode; }
    void setLegendTitle(const QString &title); // names the value or category for the legend
    void setRenderMode(MapRenderMode mode); // Auto (default) picks the level of detail per frame
    void setClusterLabels(const QHash<int, QString> &labels); // cluster id → label text; clusters without one get none
    QString clusterLabel(int cluster) const { return m_clusterLabels.value(cluster); }
    // Cluster id → palette slot, so a cluster matched to another run's cluster takes its colour; a
    // cluster not in the map uses its own id. Empty: every cluster its own id.
    void setClusterPaletteMap(const QHash<int, int> &slots);
    QRgb clusterColor(int cluster) const;
    // Text for the hover tooltip of point `index` (e.g. the memory's first line and its cluster).
    void setTooltipProvider(std::function<QString(int index)> provider);
    void setTool(Tool tool) { m_tool = tool; }
    Tool tool() const { return m_tool; }

    // Emphasises the points whose ids are in `ids` and dims the rest; an empty set removes the highlight.
    void highlightIds(const QSet<QString> &ids);
    void setSelectedIndices(std::vector<int> indices); // sorted or not; emits selectionChanged
    const std::vector<int> &selectedIndices() const { return m_selection; }
    QStringList selectedIds() const;

    MapViewport viewport() const { return m_viewport; }
    void setViewport(const MapViewport &viewport);
    void fitToView();
    void zoomAt(QPointF screenPos, double factor); // the layout point under screenPos stays there
    void panBy(QPointF pixels);

    // Hit-testing in widget pixels (through the layout's spatial index).
    int pointAt(QPointF screenPos, double radiusPixels = 6.0) const;
    std::vector<int> pointsInRect(const QRectF &screenRect) const;
    std::vector<int> pointsInPolygon(const QPolygonF &screenPolygon) const;

    // The labels drawn in the current view, and the colour of point `index` before any dimming.
    std::vector<MapLabel> placedLabels() const { return placedLabelsFor(size(), m_viewport); }
    QRgb pointColor(int index) const;
    // The whole view (points, labels, legend) rendered now, at `size` pixels, for export.
    QImage renderImage(QSize size) const;
    // Renders the current view on this thread and shows it; for tests and benchmarks.
    const MapFrame &renderNow();
    // Renders every frame on the UI thread as soon as it is asked for (benchmarks measure whole frames
    // this way); off by default, where frames render on a worker.
    void setSynchronousRendering(bool on) { m_synchronous = on; }
    const MapFrame &lastFrame() const { return m_frame; }
    // Colours per point as drawn (dimmed where the highlight dims them) — what exports draw.
    std::shared_ptr<const std::vector<QRgb>> displayColors() const { return m_colors; }
    // The current view as an export scene (for MapExport::writeSvg).
    MapExportScene exportScene() const;
    const QHash<int, QString> &clusterLabels() const { return m_clusterLabels; }

Q_SIGNALS:
    void pointClicked(int index, const QString &id);
    void selectionChanged(const QStringList &ids);
    void hoveredChanged(int index); // −1 when the cursor leaves every point
    void viewportChanged();
    void frameRendered(); // a frame for the current viewport is on screen

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    enum class Drag { None, Pan, RubberBand, Lasso };

    void recolor();
    void requestFrame();
    void onFrameFinished();
    MapFrameRequest makeRequest(QSize size, const MapViewport &viewport) const;
    MapFrameRequest deviceRequest() const;
    void adoptFrame(MapFrame frame);
    std::vector<MapLabel> placedLabelsFor(QSize size, const MapViewport &viewport) const;
    void paintOverlay(QPainter &painter, QSize size, const MapViewport &viewport) const;
    void paintLegend(QPainter &painter, QSize size) const;
    void updateHover(QPointF pos, QPoint globalPos);
    void finishDrag(QPointF pos);
    double fitScale() const;

    PointMapDataPtr m_data;
    PointMapLayoutPtr m_layout;
    std::shared_ptr<const compute::PointIndex> m_index; // m_layout's
    std::shared_ptr<const std::vector<QRgb>> m_colors;
    std::shared_ptr<const std::vector<int>> m_emphasis;
    MapPointSet m_renderPoints; // every finite point in spatial order, with its display colour
    MapPointSet m_emphasisPoints; // the emphasised points, undimmed
    MapColorMode m_colorMode = MapColorMode::Cluster;
    MapRenderMode m_renderMode = MapRenderMode::Auto;
    QString m_legendTitle;
    float m_valueMin = 0, m_valueMax = 1;
    QHash<int, QString> m_clusterLabels;
    QHash<int, int> m_paletteSlots;
    std::function<QString(int)> m_tooltipProvider;
    Tool m_tool = Tool::Pan;

    std::vector<int> m_selection; // sorted
    std::vector<int> m_highlight; // sorted
    mutable QHash<QString, int> m_indexOfId; // built on the first highlightIds()

    MapViewport m_viewport;
    MapFrame m_frame;
    QThreadPool *m_pool = nullptr;
    QFutureWatcher<MapFrame> m_watcher;
    std::shared_ptr<PointMapRenderer> m_workerRenderer; // used by the one render in flight
    PointMapRenderer m_syncRenderer;
    quint64 m_generation = 0;
    bool m_frameDirty = false;
    bool m_synchronous = false;

    Drag m_drag = Drag::None;
    QPointF m_pressPos, m_lastPos;
    QPolygonF m_lasso;
    int m_hovered = -1;
};
