#include "memories/evaluationchart.h"

#include "archetypes/archetypepalette.h"
#include "core/archetypenames.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QLocale>
#include <QToolTip>
#include <QValueAxis>

EvaluationChart::EvaluationChart(QWidget *parent)
    : QChartView(parent)
{
    // The view's own chart: QChartView(parent) makes one, and setChart() would let go of it undeleted.
    QChart *chart = QChartView::chart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    // Eight entries share one row under a pane-wide chart; at the default size their names get elided.
    QFont legendFont = chart->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    chart->legend()->setFont(legendFont);
    chart->legend()->setShowToolTips(true);

    auto *series = new QHorizontalStackedBarSeries;
    series->setBarWidth(0.8);
    QStringList categories;
    for (int category = 0; category < Archetypes::MetricCount; ++category)
        categories << ArchetypeNames::metricTitle(Archetypes::metricName(metricOf(category)));
    for (int archetype = 0; archetype < Archetypes::Count; ++archetype) {
        auto *set = new QBarSet(Archetypes::name(archetype));
        for (int category = 0; category < Archetypes::MetricCount; ++category)
            set->append(0.0);
        const QColor color = ArchetypePalette::color(archetype);
        set->setColor(color);
        set->setBorderColor(color.darker(120));
        connect(set, &QBarSet::hovered, this, [this, archetype](bool status, int category) {
            if (status)
                showToolTip(archetype, category);
            else
                QToolTip::hideText();
        });
        m_sets[std::size_t(archetype)] = set;
        series->append(set);
    }
    chart->addSeries(series);

    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    QFont labelFont = categoryAxis->labelsFont();
    labelFont.setPointSizeF(labelFont.pointSizeF() * 0.85);
    categoryAxis->setLabelsFont(labelFont);
    categoryAxis->setTruncateLabels(false); // an elided metric name is useless; the plot gives way instead
    chart->addAxis(categoryAxis, Qt::AlignLeft);
    series->attachAxis(categoryAxis);

    auto *valueAxis = new QValueAxis;
    valueAxis->setRange(0.0, 1.0);
    valueAxis->setTickCount(6);
    valueAxis->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(valueAxis, Qt::AlignBottom);
    series->attachAxis(valueAxis);

    setRenderHint(QPainter::Antialiasing);
    // 32 category labels need about 17 px each, plus the value axis and the legend; with less room
    // the chart silently drops labels that would overlap.
    setMinimumHeight(620);
}

// A horizontal bar chart draws its first category at the bottom; categories are stored in reverse
// so that Ella-M's metrics read first, from the top.
int EvaluationChart::categoryOf(int globalMetric)
{
    return Archetypes::MetricCount - 1 - globalMetric;
}

int EvaluationChart::metricOf(int category)
{
    return Archetypes::MetricCount - 1 - category;
}

void EvaluationChart::setEvaluations(const QList<Evaluation> &evaluations)
{
    m_evaluations.fill(std::nullopt);
    for (const Evaluation &evaluation : evaluations) {
        if (evaluation.archetype >= 0 && evaluation.archetype < Archetypes::Count)
            m_evaluations[std::size_t(evaluation.archetype)] = evaluation;
    }
    for (int archetype = 0; archetype < Archetypes::Count; ++archetype) {
        const std::optional<Evaluation> &evaluation = m_evaluations[std::size_t(archetype)];
        QBarSet *set = m_sets[std::size_t(archetype)];
        for (int metric = 0; metric < Archetypes::MetricsPerArchetype; ++metric) {
            const int global = archetype * Archetypes::MetricsPerArchetype + metric;
            set->replace(categoryOf(global), evaluation ? evaluation->metrics[std::size_t(metric)] : 0.0);
        }
    }
}

void EvaluationChart::clear()
{
    setEvaluations({});
}

double EvaluationChart::value(int globalMetric) const
{
    if (globalMetric < 0 || globalMetric >= Archetypes::MetricCount)
        return 0.0;
    return m_sets[std::size_t(globalMetric / Archetypes::MetricsPerArchetype)]->at(categoryOf(globalMetric));
}

void EvaluationChart::showToolTip(int archetype, int category)
{
    const int global = metricOf(category);
    // Every category carries a zero-height bar of each other archetype; only the owner's bar counts.
    if (global / Archetypes::MetricsPerArchetype != archetype)
        return;
    const QString metric = Archetypes::metricName(global);
    const std::optional<Evaluation> &evaluation = m_evaluations[std::size_t(archetype)];
    QString text;
    if (!evaluation) {
        text = tr("<p><b>%1</b> (%2)</p><p>Not evaluated.</p>")
                   .arg(ArchetypeNames::metricTitle(metric).toHtmlEscaped(),
                       Archetypes::name(archetype).toHtmlEscaped());
    } else {
        const double value = evaluation->metrics[std::size_t(global % Archetypes::MetricsPerArchetype)];
        const QString justification = evaluation->justifications.value(metric).toString();
        text = tr("<p><b>%1</b> (%2): %3</p><p>%4</p>")
                   .arg(ArchetypeNames::metricTitle(metric).toHtmlEscaped(),
                       Archetypes::name(archetype).toHtmlEscaped(), QLocale().toString(value, 'f', 2),
                       justification.isEmpty() ? tr("No justification given.") : justification.toHtmlEscaped());
    }
    QToolTip::showText(QCursor::pos(), text, this);
}
