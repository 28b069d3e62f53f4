#pragma once

#include "core/memory.h"

#include <QChartView>
#include <QList>

#include <array>
#include <optional>

class QBarSet;

// The 32 Set-A metrics of one memory as horizontal bars, grouped and coloured by archetype.
//
// A stacked series with one bar set per archetype, zero everywhere except at that archetype's own
// four metrics, gives every category exactly one visible bar in its archetype's colour and a legend
// entry per archetype, which a plain bar series cannot. Hovering a bar shows the metric's value and
// the evaluator's justification.
class EvaluationChart : public QChartView
{
    Q_OBJECT
public:
    explicit EvaluationChart(QWidget *parent = nullptr);

    // Shows these evaluations; archetypes without one show empty bars.
    void setEvaluations(const QList<Evaluation> &evaluations);
    void clear();

    // The value drawn for a global metric index (0..31), for tests.
    double value(int globalMetric) const;

private:
    void showToolTip(int archetype, int category);
    static int categoryOf(int globalMetric);
    static int metricOf(int category);

    std::array<QBarSet *, Archetypes::Count> m_sets {};
    std::array<std::optional<Evaluation>, Archetypes::Count> m_evaluations;
};
