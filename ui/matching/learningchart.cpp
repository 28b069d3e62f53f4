#include "matching/learningchart.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLineSeries>
#include <QMap>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

LearningChart::LearningChart(QWidget *parent)
    : QChartView(parent)
    , m_timeAxis(new QDateTimeAxis)
    , m_valueAxis(new QValueAxis)
{
    // The view's own chart: QChartView(parent) makes one, and setChart() would let go of it undeleted.
    QChart *chart = QChartView::chart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setLocale(QLocale());
    m_timeAxis->setFormat(QStringLiteral("d MMM HH:mm"));
    m_timeAxis->setTickCount(5);
    m_valueAxis->setRange(0.0, 1.0);
    m_valueAxis->setTickCount(6);
    m_valueAxis->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
    clear();
}

QString LearningChart::metricTitle(const QString &metricType)
{
    if (metricType == QLatin1String("replay.precision_at_k"))
        return tr("Precision@k (replay)");
    if (metricType == QLatin1String("replay.ndcg_at_k"))
        return tr("NDCG@k (replay)");
    if (metricType == QLatin1String("replay.roc_auc"))
        return tr("ROC AUC (replay)");
    if (metricType == QLatin1String("fit.cv_auc"))
        return tr("Cross-validated AUC (fit)");
    if (metricType == QLatin1String("fit.cv_log_loss"))
        return tr("Cross-validated log-loss (fit)");
    return metricType;
}

void LearningChart::clear()
{
    chart()->removeAllSeries();
    const QDateTime now = QDateTime::currentDateTime();
    m_timeAxis->setRange(now.addDays(-1), now);
    m_valueAxis->setRange(0.0, 1.0);
    chart()->setTitle(tr("Select one version to chart its learning metrics"));
}

void LearningChart::setHistory(const QString &version, const QList<LearningPoint> &points)
{
    chart()->removeAllSeries();
    QMap<QString, QList<QPointF>> byType; // ordered by key, so the legend and colours are stable
    QDateTime first, last;
    double top = 1.0;
    for (const LearningPoint &p : points) {
        if (p.component != QLatin1String("overall") || !std::isfinite(p.value))
            continue;
        byType[p.metricType].append(QPointF(double(p.at.toMSecsSinceEpoch()), p.value));
        first = first.isValid() ? std::min(first, p.at) : p.at;
        last = last.isValid() ? std::max(last, p.at) : p.at;
        top = std::max(top, p.value); // a log-loss can pass 1
    }
    if (byType.isEmpty()) {
        clear();
        chart()->setTitle(tr("No learning metrics for %1 yet: replay it or suggest weights from it").arg(version));
        return;
    }
    for (auto it = byType.begin(); it != byType.end(); ++it) {
        auto *series = new QLineSeries;
        series->setName(metricTitle(it.key()));
        std::sort(it->begin(), it->end(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
        series->replace(*it);
        series->setPointsVisible(true); // a single replay is one point and must still show
        chart()->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_valueAxis);
        QPen pen = series->pen();
        pen.setWidthF(2.0);
        series->setPen(pen);
    }
    if (first == last) {
        first = first.addSecs(-1800); // one moment still needs a range around it
        last = last.addSecs(1800);
    }
    m_timeAxis->setRange(first.toLocalTime(), last.toLocalTime());
    m_valueAxis->setRange(0.0, std::ceil(top * 10.0) / 10.0);
    chart()->setTitle(tr("Learning metrics of %1 over time").arg(version));
}

int LearningChart::seriesCount() const
{
    return int(chart()->series().size());
}
