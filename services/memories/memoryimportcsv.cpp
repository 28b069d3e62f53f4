// MemoryImport: CSV (RFC 4180) with a header row naming MemoryRecord::csvColumns().
#include "memories/memoryimportformats.h"
#include "memories/memoryrecord.h"
#include "memories/memoryrecordfields.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>

namespace MemoryImport::Detail {

namespace {
struct CsvRecord
{
    qsizetype line = 0; // where the record starts
    QStringList cells;
};

// Splits RFC 4180 text into records; quoted cells may hold commas, quotes ("") and newlines.
// An unterminated quote cannot be resynchronised, so it fails the whole file.
Result<QList<CsvRecord>> splitRecords(const QString &text, qsizetype maxRows)
{
    QList<CsvRecord> records;
    CsvRecord current { 1, {} };
    QString cell;
    qsizetype line = 1;
    qsizetype quoteLine = 0;
    bool inQuotes = false;
    bool cellWasQuoted = false;
    const qsizetype n = text.size();
    auto endRecord = [&]() {
        current.cells << cell;
        const bool blank = current.cells.size() == 1 && current.cells.first().isEmpty() && !cellWasQuoted;
        if (!blank)
            records << current;
        current = CsvRecord { line, {} };
        cell.clear();
        cellWasQuoted = false;
    };
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (inQuotes) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < n && text.at(i + 1) == QLatin1Char('"')) {
                    cell += c;
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == QLatin1Char('\n'))
                    ++line;
                cell += c;
            }
        } else if (c == QLatin1Char('"') && cell.isEmpty()) {
            inQuotes = true;
            cellWasQuoted = true;
            quoteLine = line;
        } else if (c == QLatin1Char(',')) {
            current.cells << cell;
            cell.clear();
            cellWasQuoted = false;
        } else if (c == QLatin1Char('\r') && i + 1 < n && text.at(i + 1) == QLatin1Char('\n')) {
            continue;
        } else if (c == QLatin1Char('\n')) {
            ++line;
            endRecord();
            if (records.size() > maxRows + 1)
                return makeError(Error::InvalidInput,
                    QCoreApplication::translate("MemoryImport", "The file has more than %L1 memories; split it.")
                        .arg(maxRows));
        } else {
            cell += c;
        }
    }
    if (inQuotes)
        return makeError(Error::InvalidInput,
            QCoreApplication::translate(
                "MemoryImport", "Line %1: a quoted field is never closed; nothing after it can be read.")
                .arg(quoteLine));
    if (!cell.isEmpty() || !current.cells.isEmpty() || cellWasQuoted)
        endRecord();
    return records;
}

// Columns Sextant does not know are welcome (they go to metadata); a repeated name, or a header naming
// neither prompt nor reply, means the file is something else and is refused whole.
Result<void> checkHeader(QStringList &header)
{
    QStringList duplicated;
    QSet<QString> seen;
    for (qsizetype i = 0; i < header.size(); ++i) {
        QString &name = header[i];
        name = name.trimmed();
        if (name.isEmpty()) // spreadsheets leave unnamed columns; keep their cells under a name one can find
            name = QStringLiteral("column_%1").arg(i + 1);
        if (seen.contains(name))
            duplicated << name;
        seen.insert(name);
    }
    const bool hasText = std::any_of(MemoryRecord::textColumns().cbegin(), MemoryRecord::textColumns().cend(),
        [&](const QString &name) { return seen.contains(name); });
    QStringList reasons;
    if (!duplicated.isEmpty())
        reasons << QCoreApplication::translate("MemoryImport", "repeated columns: %1")
                       .arg(duplicated.join(QStringLiteral(", ")).left(200));
    if (!hasText)
        reasons << QCoreApplication::translate("MemoryImport", "no prompt or reply column");
    if (reasons.isEmpty())
        return {};
    return makeError(Error::InvalidInput,
        QCoreApplication::translate("MemoryImport", "The CSV header is wrong (%1). Known columns: %2.")
            .arg(reasons.join(QStringLiteral("; ")), MemoryRecord::csvColumns().join(QStringLiteral(", "))));
}
} // namespace

Result<void> readCsv(const QString &text, const ImportLimits &limits, ImportPlan &plan)
{
    Result<QList<CsvRecord>> records = splitRecords(text, limits.maxRows);
    if (!records)
        return records.error();
    if (records->isEmpty())
        return makeError(Error::InvalidInput,
            QCoreApplication::translate("MemoryImport", "The CSV file is empty; it needs a header row."));
    QStringList header = records->first().cells;
    if (auto r = checkHeader(header); !r)
        return r;
    for (qsizetype i = 1; i < records->size(); ++i) {
        const CsvRecord &record = records->at(i);
        if (record.cells.size() != header.size()) {
            ++plan.rowsRead;
            addProblem(plan, record.line, {},
                QCoreApplication::translate("MemoryImport", "The row has %1 cells; the header has %2 columns.")
                    .arg(record.cells.size())
                    .arg(header.size()));
            continue;
        }
        QJsonObject object;
        for (qsizetype c = 0; c < header.size(); ++c) {
            const QString &column = header.at(c);
            object.insert(column,
                MemoryRecord::isCsvTextColumn(column) ? MemoryRecord::restoreFormula(record.cells.at(c))
                                                      : record.cells.at(c));
        }
        addRecord(plan, object, record.line, limits);
    }
    return {};
}

} // namespace MemoryImport::Detail
