#include "memories/memoryexport.h"
#include "memories/memoryrecord.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonDocument>
#include <QSaveFile>

namespace MemoryExport {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("MemoryExport", text);
}

// RFC 4180 quoting only; formula cells were already neutralised per column by MemoryRecord::toCsvCells().
QString csvCell(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) && !value.contains(QLatin1Char('\n'))
        && !value.contains(QLatin1Char('\r')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

class Writer
{
public:
    Writer(Repository &repo, QIODevice &out, const ExportOptions &options)
        : m_repo(repo)
        , m_out(out)
        , m_options(options)
    {
    }

    Result<void> header()
    {
        if (m_options.format != ExportFormat::Csv)
            return {};
        QStringList cells;
        for (const QString &c : MemoryRecord::csvColumns())
            cells << csvCell(c);
        return write(cells.join(QLatin1Char(',')).toUtf8() + "\r\n");
    }

    Result<void> memory(const QUuid &id)
    {
        const Result<MemoryDetail> detail = m_repo.memoryDetail(id);
        if (!detail)
            return detail.error();
        QByteArray line;
        if (m_options.format == ExportFormat::Jsonl) {
            line = QJsonDocument(MemoryRecord::toJson(
                                     detail->memory, detail->evaluations, detail->outgoing, m_options.withEmbeddings))
                       .toJson(QJsonDocument::Compact)
                + '\n';
        } else {
            QStringList cells;
            for (const QString &c : MemoryRecord::toCsvCells(detail->memory, m_options.withEmbeddings))
                cells << csvCell(c);
            line = cells.join(QLatin1Char(',')).toUtf8() + "\r\n";
        }
        if (auto r = write(line); !r)
            return r;
        ++m_result.memories;
        if (m_options.progress && !m_options.progress(m_result.memories))
            return makeError(Error::Cancelled, tr("The export was cancelled."));
        return {};
    }

    const ExportResult &result() const { return m_result; }

private:
    Result<void> write(const QByteArray &bytes)
    {
        if (m_out.write(bytes) != bytes.size())
            return makeError(Error::Io, tr("Could not write the export: %1").arg(m_out.errorString()));
        m_result.bytes += bytes.size();
        return {};
    }

    Repository &m_repo;
    QIODevice &m_out;
    const ExportOptions &m_options;
    ExportResult m_result;
};
} // namespace

Result<ExportResult> exportMemories(Repository &repo, QIODevice &out, const ExportOptions &options)
{
    Writer writer(repo, out, options);
    if (auto r = writer.header(); !r)
        return r.error();
    if (!options.ids.isEmpty()) {
        for (const QUuid &id : options.ids) {
            if (auto r = writer.memory(id); !r)
                return r.error();
        }
        return writer.result();
    }
    MemoryPageRequest request;
    request.limit = std::max(1, options.pageSize);
    request.includeArchived = options.includeArchived;
    do {
        const Result<MemoryPage> page = repo.memoryPage(request);
        if (!page)
            return page.error();
        for (const MemoryRow &row : page->rows) {
            if (auto r = writer.memory(row.id); !r)
                return r.error();
        }
        request.after = page->next;
    } while (!request.after.isNull());
    return writer.result();
}

Result<ExportResult> exportToFile(Repository &repo, const QString &path, const ExportOptions &options)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(Error::Io, tr("Could not create %1: %2").arg(path, file.errorString()));
    Result<ExportResult> result = exportMemories(repo, file, options);
    if (!result) {
        file.cancelWriting();
        return result;
    }
    if (!file.commit())
        return makeError(Error::Io, tr("Could not save %1: %2").arg(path, file.errorString()));
    return result;
}

} // namespace MemoryExport
