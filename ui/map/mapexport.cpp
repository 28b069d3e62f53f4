#include "map/mapexport.h"

#include "map/pointmapdensity.h"
#include "map/pointmaprenderer.h"

#include <QCoreApplication>
#include <QSaveFile>

#include <cmath>

namespace {

Error ioError(const QString &path, const QString &reason)
{
    return makeError(Error::Io, QCoreApplication::translate("MapExport", "Could not write %1: %2").arg(path, reason));
}

QByteArray hexColor(QRgb c)
{
    return QColor(c).name(QColor::HexRgb).toLatin1();
}

QByteArray number(double v)
{
    return QByteArray::number(v, 'f', 2);
}

QByteArray xmlEscaped(const QString &text)
{
    return text.toHtmlEscaped().toUtf8(); // escapes & < > and "
}

// RFC 4180: quote a field that holds a comma, a quote or a line break; double the quotes inside.
QByteArray csvField(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r'))
        return '"' + utf8.replace("\"", "\"\"") + '"';
    return utf8;
}

Result<void> commit(QSaveFile &file, const QString &path)
{
    if (!file.commit())
        return ioError(path, file.errorString());
    return {};
}

void writeCircles(
    QSaveFile &file, const MapExportScene &scene, const std::vector<int> *subset, std::size_t limit, double radius)
{
    const PointMapData &data = *scene.data;
    const std::vector<QRgb> &colors = *scene.colors;
    const std::size_t n = subset ? subset->size() : std::min(data.size(), colors.size());
    QByteArray chunk;
    std::size_t written = 0;
    for (std::size_t k = 0; k < n && written < limit; ++k) {
        const std::size_t i = subset ? std::size_t((*subset)[k]) : k;
        const double sx = scene.viewport.toScreenX(data.x[i], scene.size);
        const double sy = scene.viewport.toScreenY(data.y[i], scene.size);
        if (!(sx >= 0 && sx < scene.size.width() && sy >= 0 && sy < scene.size.height()))
            continue;
        chunk += "<circle cx=\"" + number(sx) + "\" cy=\"" + number(sy) + "\" r=\"" + number(radius) + "\" fill=\""
            + hexColor(colors[i]) + "\"/>\n";
        ++written;
        if (chunk.size() > (1 << 16)) {
            file.write(chunk);
            chunk.clear();
        }
    }
    file.write(chunk);
}

} // namespace

namespace MapExport {

Result<void> writePng(const QImage &image, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ioError(path, file.errorString());
    if (image.isNull() || !image.save(&file, "PNG")) {
        file.cancelWriting();
        return ioError(path, QCoreApplication::translate("MapExport", "the image could not be encoded as PNG"));
    }
    return commit(file, path);
}

Result<void> writeSvg(const MapExportScene &scene, const QString &path, std::size_t maxCircles, int densityCell)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ioError(path, file.errorString());
    const QByteArray w = QByteArray::number(scene.size.width()), h = QByteArray::number(scene.size.height());
    file.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w
        + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + ' ' + h + "\">\n<rect width=\"" + w + "\" height=\"" + h
        + "\" fill=\"" + hexColor(scene.background) + "\"/>\n");
    if (scene.data && scene.colors) {
        DensityBins bins;
        const std::size_t n = std::min(scene.data->size(), scene.colors->size());
        binPoints(std::span(scene.data->x.data(), n), std::span(scene.data->y.data(), n),
            std::span(scene.colors->data(), n), scene.viewport, scene.size, std::max(1, densityCell), bins);
        if (bins.visible <= maxCircles) {
            file.write("<g fill-opacity=\"0.9\">\n");
            writeCircles(file, scene, nullptr, maxCircles, PointMapRenderer::radiusFor(bins.visible));
        } else {
            file.write("<g shape-rendering=\"crispEdges\">\n");
            const double logMax = std::log1p(double(bins.maxCount));
            QByteArray chunk;
            for (int row = 0; row < bins.rows; ++row) {
                for (int col = 0; col < bins.cols; ++col) {
                    const DensityBins::Bin &b = bins.at(col, row);
                    if (b.count == 0)
                        continue;
                    const double opacity = 0.5 + 0.5 * std::log1p(double(b.count)) / logMax;
                    const QRgb mean = qRgb(int(b.red / b.count), int(b.green / b.count), int(b.blue / b.count));
                    chunk += "<rect x=\"" + QByteArray::number(col * bins.cell) + "\" y=\""
                        + QByteArray::number(row * bins.cell) + "\" width=\"" + QByteArray::number(bins.cell)
                        + "\" height=\"" + QByteArray::number(bins.cell) + "\" fill=\"" + hexColor(mean)
                        + "\" fill-opacity=\"" + number(opacity) + "\"/>\n";
                }
                if (chunk.size() > (1 << 16)) {
                    file.write(chunk);
                    chunk.clear();
                }
            }
            file.write(chunk);
        }
        file.write("</g>\n");
        if (scene.emphasis && !scene.emphasis->empty()) {
            file.write("<g fill-opacity=\"0.95\">\n");
            writeCircles(file, scene, scene.emphasis.get(), maxCircles, 2.5);
            file.write("</g>\n");
        }
    }
    file.write("<g font-family=\"sans-serif\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\">\n");
    for (const MapLabel &label : scene.labels) {
        const QRectF &r = label.rect;
        file.write("<rect x=\"" + number(r.x()) + "\" y=\"" + number(r.y()) + "\" width=\"" + number(r.width())
            + "\" height=\"" + number(r.height()) + "\" rx=\"4\" fill=\"#ffffff\" fill-opacity=\"0.85\" "
            + "stroke=\"#000000\" stroke-opacity=\"0.25\"/>\n<text x=\"" + number(r.center().x()) + "\" y=\""
            + number(r.center().y()) + "\" dominant-baseline=\"central\" fill=\"#202124\">" + xmlEscaped(label.text)
            + "</text>\n");
    }
    file.write("</g>\n</svg>\n");
    return commit(file, path);
}

Result<void> writeCsv(const PointMapData &data, const QHash<int, QString> &labels, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ioError(path, file.errorString());
    QHash<int, QByteArray> labelFields; // quoted once per cluster, not once per point
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it)
        labelFields.insert(it.key(), csvField(it.value()));
    QByteArray chunk = "id,x,y,cluster,label\r\n";
    for (std::size_t i = 0; i < data.size(); ++i) {
        chunk += csvField(data.ids.isEmpty() ? QString::number(i) : data.ids.at(qsizetype(i)));
        chunk += ',' + QByteArray::number(data.x[i], 'g', 9) + ',' + QByteArray::number(data.y[i], 'g', 9) + ',';
        if (!data.cluster.empty()) {
            chunk += QByteArray::number(data.cluster[i]) + ',';
            chunk += labelFields.value(data.cluster[i]);
        } else {
            chunk += ',';
        }
        chunk += "\r\n";
        if (chunk.size() > (1 << 16)) {
            if (file.write(chunk) != chunk.size())
                return ioError(path, file.errorString());
            chunk.clear();
        }
    }
    if (file.write(chunk) != chunk.size())
        return ioError(path, file.errorString());
    return commit(file, path);
}

} // namespace MapExport
