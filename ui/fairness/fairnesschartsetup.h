#pragma once

#include <QString>

class QBarCategoryAxis;
class QChartView;
class QValueAxis;

// The Fairness page's charts share one frame: no animation, square corners, the legend below, numbers in the
// chosen language, categories along the bottom and a value axis on the left. Gives `view` that chart.
void setUpFairnessChart(
    QChartView *view, QBarCategoryAxis *categories, QValueAxis *values, const QString &valueTitle, int decimals);
