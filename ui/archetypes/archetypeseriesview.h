#pragma once

#include "archetypes/dashboardrecords.h"
#include "core/result.h"

#include <QWidget>

#include <optional>

class ArchetypeDashboardService;
class ArchetypeSeriesChart;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;

// Time series: one archetype's metric (or influence) over the whole history or a chosen period, from the state
// history and from the evaluations themselves (daily mean and spread); optionally a second series overlaid —
// another archetype's metric of the same rank or another metric of the same archetype. Drag to zoom.
class ArchetypeSeriesView : public QWidget
{
    Q_OBJECT
public:
    explicit ArchetypeSeriesView(ArchetypeDashboardService *service, QWidget *parent = nullptr);

    void load();
    void setSeries(int archetype, int metric); // the first series
    void setOverlay(bool on, int archetype = 0, int metric = 0);
    void setPeriod(const QDate &from, const QDate &to); // invalid = open
    ArchetypeSeriesChart *chart() const { return m_chart; }
    QList<MetricSeries> shown() const { return m_shown; }

Q_SIGNALS:
    void loaded(bool ok);
    void busyChanged(bool busy);

private:
    void fillMetrics(QComboBox *archetype, QComboBox *metric);
    void onLoaded(int slot, quint64 generation, const Result<MetricSeries> &series);

    ArchetypeDashboardService *m_service;
    QComboBox *m_archetype;
    QComboBox *m_metric;
    QCheckBox *m_overlay;
    QComboBox *m_archetype2;
    QComboBox *m_metric2;
    QDateEdit *m_from;
    QDateEdit *m_to;
    ArchetypeSeriesChart *m_chart;
    QLabel *m_note;
    QLabel *m_error;
    QList<MetricSeries> m_shown;
    QList<std::optional<MetricSeries>> m_pending;
    quint64 m_generation = 0;
    bool m_loading = false;
};
