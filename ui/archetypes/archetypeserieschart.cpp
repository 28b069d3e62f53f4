#include "archetypes/archetypeserieschart.h"

#include "archetypes/archetypeformat.h"
#include "archetypes/archetypepalette.h"

#include <QAreaSeries>
#include <QChart>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace {
double msecs(const QDate &day)
{
    return double(QDateTime(day, QTime(12, 0)).toMSecsSinceEpoch());
}
} // namespace

ArchetypeSeriesChart::ArchetypeSeriesChart(QWidget *parent)
    : QChartView(parent)
    , m_time(new QDateTimeAxis)
    , m_value(new QValueAxis)
{
    // The view's own chart: QChartView(parent) makes one, and setChart() would let go of it undeleted.
    QChart *chart = QChartView::chart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setLocale(QLocale());
    chart->setLocalizeNumbers(true);
    m_time->setFormat(QStringLiteral("d MMM yy"));
    m_time->setTickCount(8);
    m_value->setRange(0.0, 1.0);
    m_value->setTickCount(6);
    m_value->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_value, Qt::AlignLeft);
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::HorizontalRubberBand);
    setMinimumHeight(260);
    clear();
}

void ArchetypeSeriesChart::clear()
{
    chart()->removeAllSeries();
    m_statePoints = m_dailyPoints = 0;
    m_last = QDateTime::currentDateTime();
    m_first = m_last.addDays(-90);
    fitAxes();
}

void ArchetypeSeriesChart::setSeries(const QList<MetricSeries> &list)
{
    chart()->removeAllSeries();
    m_statePoints = m_dailyPoints = 0;
    m_first = m_last = QDateTime();
    const auto extend = [this](const QDateTime &t) {
        if (!m_first.isValid() || t < m_first)
            m_first = t;
        if (!m_last.isValid() || t > m_last)
            m_last = t;
    };
    for (int i = 0; i < list.size(); ++i) {
        const MetricSeries &s = list.at(i);
        // A second metric of the same archetype is drawn in dark grey: a shade of the archetype's colour was too
        // close to the first to tell the lines apart. The names drop the archetype when both share it.
        const bool oneArchetype = std::all_of(list.cbegin(), list.cend(),
            [&list](const MetricSeries &m) { return m.archetype == list.first().archetype; });
        const QColor colour = i > 0 && oneArchetype ? QColor(0x3a, 0x3a, 0x3a) : ArchetypePalette::color(s.archetype);
        const QString metric = ArchetypeFormat::metricTitle(s.archetype, s.metric);
        const QString name
            = oneArchetype && list.size() > 1 ? metric : tr("%1 %2").arg(Archetypes::name(s.archetype), metric);

        if (!s.evaluations.isEmpty()) {
            auto *upper = new QLineSeries;
            auto *lower = new QLineSeries;
            auto *mean = new QLineSeries;
            QList<QPointF> up, low, mid;
            for (const DailyPoint &d : s.evaluations) {
                const double x = msecs(d.day);
                up << QPointF(x, std::min(1.0, d.mean + d.stddev));
                low << QPointF(x, std::max(0.0, d.mean - d.stddev));
                mid << QPointF(x, d.mean);
                extend(QDateTime(d.day, QTime(12, 0)));
            }
            upper->replace(up);
            lower->replace(low);
            mean->replace(mid);
            auto *band = new QAreaSeries(upper, lower);
            // An area series does not own its edges: they go when it goes (removeAllSeries() deletes only it).
            upper->setParent(band);
            lower->setParent(band);
            band->setName(tr("%1: evaluations, mean ± SD").arg(name));
            QColor fill = colour;
            fill.setAlpha(45);
            band->setBrush(fill);
            band->setPen(Qt::NoPen);
            chart()->addSeries(band);
            band->attachAxis(m_time);
            band->attachAxis(m_value);
            // The dashed line's legend entry speaks for its band: one entry fewer, so the legend fits.
            for (QLegendMarker *marker : chart()->legend()->markers(band))
                marker->setVisible(false);
            mean->setName(tr("%1: daily mean ± SD").arg(name));
            QPen dashed(colour, 1.5, Qt::DashLine);
            mean->setPen(dashed);
            chart()->addSeries(mean);
            mean->attachAxis(m_time);
            mean->attachAxis(m_value);
            m_dailyPoints += int(mid.size());
        }
        if (!s.state.isEmpty()) {
            auto *line = new QLineSeries;
            QList<QPointF> points;
            QList<QPair<QDateTime, double>> ordered = s.state;
            std::sort(ordered.begin(), ordered.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
            for (const auto &[at, value] : ordered) {
                points << QPointF(double(at.toMSecsSinceEpoch()), value);
                extend(at);
            }
            line->replace(points);
            line->setName(tr("%1: state").arg(name));
            line->setPen(QPen(colour, 2.2));
            chart()->addSeries(line);
            line->attachAxis(m_time);
            line->attachAxis(m_value);
            m_statePoints += int(points.size());
        }
    }
    if (!m_first.isValid()) {
        m_last = QDateTime::currentDateTime();
        m_first = m_last.addDays(-90);
    }
    if (m_first == m_last)
        m_last = m_first.addDays(1);
    fitAxes();
}

void ArchetypeSeriesChart::setWindows(const QList<QPair<QDateTime, QDateTime>> &windows, const QStringList &labels)
{
    static const QColor shades[] = { QColor(0x40, 0x40, 0x40, 28), QColor(0xd5, 0x5e, 0x00, 36) };
    for (int i = 0; i < windows.size(); ++i) {
        auto *top = new QLineSeries;
        auto *bottom = new QLineSeries;
        const double from = double(windows.at(i).first.toMSecsSinceEpoch());
        const double to = double(windows.at(i).second.toMSecsSinceEpoch());
        top->replace({ QPointF(from, 1.0), QPointF(to, 1.0) });
        bottom->replace({ QPointF(from, 0.0), QPointF(to, 0.0) });
        auto *area = new QAreaSeries(top, bottom);
        top->setParent(area);
        bottom->setParent(area);
        area->setName(labels.value(i));
        area->setBrush(shades[i % 2]);
        area->setPen(Qt::NoPen);
        chart()->addSeries(area);
        area->attachAxis(m_time);
        area->attachAxis(m_value);
        if (!m_first.isValid() || windows.at(i).first < m_first)
            m_first = windows.at(i).first;
        if (!m_last.isValid() || windows.at(i).second > m_last)
            m_last = windows.at(i).second;
    }
    fitAxes();
}

void ArchetypeSeriesChart::resetZoom()
{
    chart()->zoomReset();
    fitAxes();
}

void ArchetypeSeriesChart::fitAxes()
{
    m_time->setRange(m_first.toLocalTime(), m_last.toLocalTime());
    m_value->setRange(0.0, 1.0);
    // Long ranges read by month; a few weeks by day.
    m_time->setFormat(m_first.daysTo(m_last) > 120 ? QStringLiteral("d MMM yy") : QStringLiteral("d MMM"));
}
