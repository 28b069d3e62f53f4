#pragma once

#include "matching/matchrecords.h"

#include <QChartView>

class QDateTimeAxis;
class QValueAxis;

// The learning metrics recorded for one version over time (ai.learning_metrics), one line per metric type
// (replay precision@k, NDCG@k, ROC AUC; a suggested version's cross-validated AUC and log-loss). Only the
// overall figures are drawn; per-component ones stay in the replay table.
class LearningChart : public QChartView
{
    Q_OBJECT
public:
    explicit LearningChart(QWidget *parent = nullptr);

    void setHistory(const QString &version, const QList<LearningPoint> &points);
    void clear();

    int seriesCount() const; // lines drawn, for tests
    static QString metricTitle(const QString &metricType);

private:
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_valueAxis;
};
