// MemoryImport: reading a file into a validated plan. Nothing here writes.
#include "memories/memoryimport.h"
#include "memories/memoryimportformats.h"
#include "memories/memoryrecord.h"
#include "memories/memoryrecordfields.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QStringDecoder>

namespace MemoryImport {

namespace Detail {
void addProblem(ImportPlan &plan, qsizetype row, const QString &field, const QString &reason)
{
    plan.problems << ImportProblem { row, field, reason };
}

void addRecord(ImportPlan &plan, const QJsonObject &record, qsizetype row, const ImportLimits &limits)
{
    ++plan.rowsRead;
    const qsizetype before = plan.problems.size();
    ImportedMemory memory = MemoryRecord::fromRecord(record, row, limits, plan.problems);
    if (plan.problems.size() == before)
        plan.valid << std::move(memory);
}
} // namespace Detail

namespace {
// Names the first line holding bytes that are not UTF-8, so the operator can find it in an editor.
qsizetype firstBadUtf8Line(const QByteArray &data)
{
    qsizetype line = 1;
    for (QByteArrayView rest(data); !rest.isEmpty(); ++line) {
        const qsizetype end = rest.indexOf('\n');
        const QByteArrayView current = end < 0 ? rest : rest.first(end);
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString ignored = decoder.decode(current);
        if (decoder.hasError())
            return line;
        rest = end < 0 ? QByteArrayView() : rest.sliced(end + 1);
    }
    return 0;
}

// Later rows repeating an id already seen in the file are problems; the first one wins.
void dropDuplicateIds(ImportPlan &plan)
{
    QHash<QUuid, qsizetype> seen;
    QList<ImportedMemory> kept;
    kept.reserve(plan.valid.size());
    for (ImportedMemory &m : plan.valid) {
        const auto it = seen.constFind(m.memory.id);
        if (it != seen.cend()) {
            plan.problems << ImportProblem { m.row, QStringLiteral("id"),
                QCoreApplication::translate("MemoryImport", "The id repeats the memory on row %1.").arg(it.value()) };
            continue;
        }
        seen.insert(m.memory.id, m.row);
        kept << std::move(m);
    }
    plan.valid = std::move(kept);
}
} // namespace

ImportFormat formatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson") || suffix == QLatin1String("json"))
        return ImportFormat::Jsonl;
    if (suffix == QLatin1String("csv"))
        return ImportFormat::Csv;
    if (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml"))
        return ImportFormat::Yaml;
    return ImportFormat::Detect;
}

Result<ImportPlan> readMemoryFile(const QString &path, ImportFormat format, const ImportLimits &limits)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(Error::Io,
            QCoreApplication::translate("MemoryImport", "Could not open %1: %2").arg(path, file.errorString()));
    if (file.size() > limits.maxFileBytes)
        return makeError(Error::InvalidInput,
            QCoreApplication::translate("MemoryImport", "%1 is %L2 bytes; the import limit is %L3 bytes.")
                .arg(path)
                .arg(file.size())
                .arg(limits.maxFileBytes));
    const QByteArray data = file.read(limits.maxFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return makeError(Error::Io,
            QCoreApplication::translate("MemoryImport", "Could not read %1: %2").arg(path, file.errorString()));
    return readMemoryData(
        data, format == ImportFormat::Detect ? formatForPath(path) : format, QFileInfo(path).fileName(), limits);
}

Result<ImportPlan> readMemoryData(
    const QByteArray &data, ImportFormat format, const QString &fileName, const ImportLimits &limits)
{
    if (format == ImportFormat::Detect)
        return makeError(Error::InvalidInput,
            QCoreApplication::translate(
                "MemoryImport", "Cannot tell the format of %1; use a .jsonl, .csv or .yaml file.")
                .arg(fileName));
    if (data.size() > limits.maxFileBytes)
        return makeError(Error::InvalidInput,
            QCoreApplication::translate("MemoryImport", "%1 is %L2 bytes; the import limit is %L3 bytes.")
                .arg(fileName)
                .arg(data.size())
                .arg(limits.maxFileBytes));
    QByteArrayView bytes(data);
    if (bytes.startsWith("\xEF\xBB\xBF")) // a BOM from Windows editors
        bytes = bytes.sliced(3);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return makeError(Error::InvalidInput,
            QCoreApplication::translate("MemoryImport",
                "%1 is not UTF-8 text (line %2 holds bytes that are not UTF-8). Save it as UTF-8 and try again.")
                .arg(fileName)
                .arg(firstBadUtf8Line(bytes.toByteArray())));

    ImportPlan plan;
    plan.fileName = fileName;
    plan.format = format;
    Result<void> read = format == ImportFormat::Jsonl ? Detail::readJsonl(text, limits, plan)
        : format == ImportFormat::Csv                 ? Detail::readCsv(text, limits, plan)
                                                      : Detail::readYaml(text, limits, plan);
    if (!read)
        return read.error();
    dropDuplicateIds(plan);
    plan.invalidRows = plan.rowsRead - plan.valid.size();
    std::stable_sort(plan.problems.begin(), plan.problems.end(),
        [](const ImportProblem &a, const ImportProblem &b) { return a.row < b.row; });
    return plan;
}

} // namespace MemoryImport
