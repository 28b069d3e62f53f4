#include "fairness/fairnesschartsetup.h"

#include <QBarCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLocale>
#include <QValueAxis>

void setUpFairnessChart(
    QChartView *view, QBarCategoryAxis *categories, QValueAxis *values, const QString &valueTitle, int decimals)
{
    // The view's own chart: QChartView(parent) makes one, and setChart() would let go of it undeleted.
    QChart *chart = view->chart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setLocale(QLocale());
    chart->setLocalizeNumbers(true);
    values->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
    values->setTitleText(valueTitle);
    chart->addAxis(categories, Qt::AlignBottom);
    chart->addAxis(values, Qt::AlignLeft);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(240);
}
