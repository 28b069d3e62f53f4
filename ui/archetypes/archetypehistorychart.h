#pragma once

#include "core/memory.h"

#include <QChartView>

#include <array>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

// One archetype's four state metrics over time, one line each in shades of the archetype's colour.
class ArchetypeHistoryChart : public QChartView
{
    Q_OBJECT
public:
    explicit ArchetypeHistoryChart(QWidget *parent = nullptr);

    // `history` holds snapshots of `archetype`, in any order.
    void setHistory(int archetype, const QList<ArchetypeState> &history);
    void clear();

    int pointCount() const; // points in the first line, for tests

private:
    std::array<QLineSeries *, Archetypes::MetricsPerArchetype> m_series {};
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_valueAxis;
};
