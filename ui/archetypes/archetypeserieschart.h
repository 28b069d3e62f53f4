#pragma once

#include "archetypes/dashboardrecords.h"

#include <QChartView>

class QDateTimeAxis;
class QValueAxis;

// The time series chart: per MetricSeries the state history as a solid line, the evaluations' daily mean as a
// dashed line and their spread (mean ± one SD, clipped to [0, 1]) as a translucent band, so a gap in the state
// history still shows what the evaluations said. Drag a rectangle to zoom into a period; resetZoom() shows all.
// Shading marks periods (drift: the baseline and recent windows).
class ArchetypeSeriesChart : public QChartView
{
    Q_OBJECT
public:
    explicit ArchetypeSeriesChart(QWidget *parent = nullptr);

    void setSeries(const QList<MetricSeries> &series);
    void setWindows(const QList<QPair<QDateTime, QDateTime>> &windows, const QStringList &labels);
    void resetZoom();
    void clear();

    int stateCount() const { return m_statePoints; } // points of state history shown, for tests
    int dailyCount() const { return m_dailyPoints; } // daily means shown, for tests

private:
    void fitAxes();

    QDateTimeAxis *m_time;
    QValueAxis *m_value;
    QDateTime m_first, m_last;
    int m_statePoints = 0;
    int m_dailyPoints = 0;
};
