#include "archetypes/archetypehistorychart.h"

#include "archetypes/archetypepalette.h"
#include "core/archetypenames.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>

ArchetypeHistoryChart::ArchetypeHistoryChart(QWidget *parent)
    : QChartView(parent)
    , m_timeAxis(new QDateTimeAxis)
    , m_valueAxis(new QValueAxis)
{
    // The view's own chart: QChartView(parent) makes one, and setChart() would let go of it undeleted.
    QChart *chart = QChartView::chart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setLocale(QLocale()); // the chosen language's month names on the time axis

    m_timeAxis->setFormat(QStringLiteral("d MMM"));
    m_timeAxis->setTickCount(7);
    m_valueAxis->setRange(0.0, 1.0);
    m_valueAxis->setTickCount(6);
    m_valueAxis->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);

    for (auto &series : m_series) {
        series = new QLineSeries;
        chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_valueAxis);
    }
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(320);
    clear();
}

void ArchetypeHistoryChart::setHistory(int archetype, const QList<ArchetypeState> &history)
{
    QList<ArchetypeState> ordered = history;
    std::sort(
        ordered.begin(), ordered.end(), [](const ArchetypeState &a, const ArchetypeState &b) { return a.at < b.at; });
    const QStringList names = ArchetypeNames::metricTitles(archetype);
    for (int metric = 0; metric < Archetypes::MetricsPerArchetype; ++metric) {
        QLineSeries *series = m_series[std::size_t(metric)];
        QList<QPointF> points;
        points.reserve(ordered.size());
        for (const ArchetypeState &state : ordered)
            points.append(QPointF(double(state.at.toMSecsSinceEpoch()), state.state[std::size_t(metric)]));
        // replace() redraws once; appending point by point would redraw the series 90 times.
        series->replace(points);
        series->setName(names.value(metric));
        QPen pen(ArchetypePalette::shade(archetype, metric, Archetypes::MetricsPerArchetype));
        pen.setWidthF(2.0);
        pen.setStyle(ArchetypePalette::penStyle(metric));
        series->setPen(pen);
        series->setVisible(true);
    }
    if (ordered.isEmpty()) {
        clear();
        return;
    }
    QDateTime first = ordered.first().at;
    QDateTime last = ordered.last().at;
    if (first == last)
        last = first.addDays(1); // a single snapshot still needs a non-empty range
    m_timeAxis->setRange(first.toLocalTime(), last.toLocalTime());
    chart()->setTitle(tr("%1 — %2").arg(Archetypes::name(archetype), Archetypes::title(archetype)));
}

void ArchetypeHistoryChart::clear()
{
    for (QLineSeries *series : m_series) {
        series->clear();
        series->setVisible(false);
    }
    const QDateTime now = QDateTime::currentDateTime();
    m_timeAxis->setRange(now.addDays(-90), now);
    chart()->setTitle(QString());
}

int ArchetypeHistoryChart::pointCount() const
{
    return int(m_series.front()->count());
}
