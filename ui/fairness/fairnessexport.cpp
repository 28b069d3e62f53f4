#include "fairness/fairnessexport.h"

#include "fairness/exposurechart.h"
#include "fairness/fairnessformat.h"
#include "fairness/fairnessfunnelchart.h"
#include "fairness/fairnessratechart.h"
#include "fairness/fairnessservice.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

#include <cmath>

namespace {
// The PDF is printed: draw the charts on white, whatever the desktop theme.
QImage render(QChartView &view, const QSize &size)
{
    view.chart()->setTheme(QChart::ChartThemeLight);
    view.resize(size);
    view.grab(); // delivers the pending resize, so the chart is laid out at this size
    // The scene again at twice the pixels, so the print stays sharp at the page's 300 dpi.
    QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2.0);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area(QPointF(0, 0), QSizeF(size));
    view.scene()->render(&painter, area, view.mapToScene(view.viewport()->rect()).boundingRect());
    painter.end();
    return image;
}
} // namespace

QList<QImage> FairnessExport::chartImages(const FairnessReport &report, const QSize &size)
{
    QList<QImage> images;
    FairnessRateChart rates;
    rates.setReport(report);
    images << render(rates, size);
    FairnessFunnelChart stages;
    stages.setReport(report);
    images << render(stages, size);
    if (!report.ranking.groups.isEmpty()) {
        ExposureChart exposure;
        exposure.setRanking(report.ranking, FairnessFormat::attributesText(report.request.attributes));
        images << render(exposure, size);
    }
    return images;
}

QString FairnessExport::htmlWithCharts(const QString &html, int charts, int width, int padding)
{
    QString figures = QStringLiteral("<h2>%1</h2>").arg(tr("Charts").toHtmlEscaped());
    for (int i = 0; i < charts; ++i)
        figures += QStringLiteral("<p><img src=\"fairness-chart:%1\" width=\"%2\"></p>").arg(i).arg(width);
    QString out = html;
    // QTextDocument ignores the stylesheet's cell padding and lets tables shrink to their text: say it on the
    // tables themselves, so the printed tables breathe and span the page.
    out.replace(QLatin1String("<table>"),
        QStringLiteral("<table width=\"100%\" cellpadding=\"%1\" cellspacing=\"0\">").arg(padding));
    const qsizetype end = out.lastIndexOf(QLatin1String("</body>"), -1, Qt::CaseInsensitive);
    if (end >= 0)
        out.insert(end, figures);
    else
        out += figures;
    return out;
}

Result<void> FairnessExport::writePdf(const FairnessReport &report, const QString &path)
{
    const QString html = FairnessService::toHtml(report);
    if (html.isEmpty())
        return makeError(Error::InvalidInput, tr("This report has nothing to export."));
    QFile probe(path);
    if (!probe.open(QIODevice::WriteOnly)) // QPdfWriter says nothing when it cannot write
        return makeError(Error::Io, tr("Could not write %1: %2").arg(path, probe.errorString()));
    probe.close();
    QPdfWriter writer(path);
    writer.setPageLayout(QPageLayout(
        QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter));
    writer.setResolution(300);
    writer.setTitle(
        tr("Fairness report: %1 by %2")
            .arg(stageLabel(report.request.stage), FairnessFormat::attributesText(report.request.attributes)));
    writer.setCreator(QStringLiteral("Sextant"));

    // Laid out on the writer itself: points are points on paper, and the page is the writer's printable area.
    const QList<QImage> charts = chartImages(report);
    QTextDocument document;
    document.documentLayout()->setPaintDevice(&writer);
    const QRectF body = writer.pageLayout().paintRectPixels(writer.resolution());
    document.setPageSize(body.size());
    QFont font = document.defaultFont();
    font.setPointSizeF(9.0);
    document.setDefaultFont(font);
    for (int i = 0; i < charts.size(); ++i)
        document.addResource(
            QTextDocument::ImageResource, QUrl(QStringLiteral("fairness-chart:%1").arg(i)), charts.at(i));
    // An <img> width is in 1/96 inch: Qt scales it to the writer's resolution.
    const int imageWidth = int(body.width() * 96.0 / writer.logicalDpiX() * 0.95);
    const int padding = int(std::lround(2.5 * writer.logicalDpiX() / 96.0));
    document.setHtml(htmlWithCharts(html, int(charts.size()), imageWidth, padding));
    document.print(&writer);
    return {};
}

Result<void> FairnessExport::writeHtml(const FairnessReport &report, const QString &path)
{
    return writeText(FairnessService::toHtml(report), path);
}

Result<void> FairnessExport::writeCsv(const FairnessReport &report, const QString &path)
{
    return writeText(FairnessService::toCsv(report), path);
}

Result<void> FairnessExport::writeText(const QString &text, const QString &path)
{
    if (text.isEmpty())
        return makeError(Error::InvalidInput, tr("This report has nothing to export."));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(Error::Io, tr("Could not write %1: %2").arg(path, file.errorString()));
    file.write(text.toUtf8());
    if (!file.commit())
        return makeError(Error::Io, tr("Could not write %1: %2").arg(path, file.errorString()));
    return {};
}
