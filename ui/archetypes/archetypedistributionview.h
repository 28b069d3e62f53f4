#pragma once

#include "archetypes/dashboardrecords.h"
#include "memories/memoryfilter.h"

#include <QWidget>

#include <array>

class ArchetypeDashboardService;
class MetricDistributionModel;
class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QTableView;
class ScoreHistogram;

// Distributions: for one archetype, a histogram with its box summary per metric — the four metrics, the
// archetype priority and the confidence — over the memories the memory browser's filter selects (its chips,
// shown here; × drops one here only), the summary table, and in words the metrics where most values sit at
// exactly 0 or 1.
class ArchetypeDistributionView : public QWidget
{
    Q_OBJECT
public:
    explicit ArchetypeDistributionView(ArchetypeDashboardService *service, QWidget *parent = nullptr);

    void load();
    void setArchetype(int archetype);
    // The browser's filter: followed while "Follow the memory browser" is on.
    void setBrowserFilter(const MemoryFilter &filter);
    MemoryFilter filter() const { return m_filter; }
    MetricDistributionModel *model() const { return m_model; }
    ScoreHistogram *histogram(int metric) const { return m_histograms.at(std::size_t(metric)); }
    QString saturationText() const;
    QStringList chipLabels() const;

Q_SIGNALS:
    void loaded(bool ok);
    void busyChanged(bool busy);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void rebuildChips();
    void show(const QList<MetricDistribution> &rows);

    ArchetypeDashboardService *m_service;
    MemoryFilter m_filter;
    MemoryFilter m_browserFilter;
    QComboBox *m_archetype;
    QCheckBox *m_follow;
    QWidget *m_chipRow;
    QHBoxLayout *m_chipLayout;
    std::array<ScoreHistogram *, 6> m_histograms {};
    QLabel *m_saturation;
    QLabel *m_error;
    MetricDistributionModel *m_model;
    QTableView *m_table;
    quint64 m_generation = 0;
    bool m_stale = false; // the filter changed while hidden: load when shown
};
