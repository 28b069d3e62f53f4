#pragma once

#include "core/result.h"
#include "fairness/fairnessrecords.h"

#include <QCoreApplication>
#include <QImage>

// Writes a report for an auditor: PDF (the service's HTML laid out on A4 with QPdfWriter, the rate, stage and
// exposure charts rendered in as images), HTML and CSV (the service's strings, UTF-8). Runs on the UI thread
// (charts are widgets); writes nothing but the file named, and answers Error::Io with the path on failure.
class FairnessExport
{
    Q_DECLARE_TR_FUNCTIONS(FairnessExport)
public:
    static Result<void> writePdf(const FairnessReport &report, const QString &path);
    static Result<void> writeHtml(const FairnessReport &report, const QString &path);
    static Result<void> writeCsv(const FairnessReport &report, const QString &path);

    // The charts as the PDF carries them: rates, stages, exposure (the last only with ranking data). The size is
    // in 1/96 inch, about the printed width, so the charts' text prints at its own size.
    static QList<QImage> chartImages(const FairnessReport &report, const QSize &size = QSize(820, 440));
    // The service's HTML made ready for print: tables page-wide with `padding` device pixels in their cells, and
    // the chart images referenced as fairness-chart:<n>, `width` pixels (1/96 inch) wide, before </body>.
    static QString htmlWithCharts(const QString &html, int charts, int width, int padding);

private:
    static Result<void> writeText(const QString &text, const QString &path);
};
