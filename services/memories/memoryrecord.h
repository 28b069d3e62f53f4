#pragma once

#include "memories/memoryimport.h"

#include <QJsonObject>
#include <QStringList>

// The one field mapping between a memory (with its evaluations and links) and a flat record, shared by
// the JSONL, CSV and YAML readers and by the exporter, so that export → import round-trips.
namespace MemoryRecord {

// Column names of the CSV form, in export order. On import a file needs at least one of
// textColumns() (prompt, reply); every other column is optional, and columns not named here go to metadata.
const QStringList &csvColumns();
const QStringList &textColumns();

// Turns one record into a memory. Values may be typed (JSON) or strings (CSV, YAML); numbers, booleans,
// times, tags and vectors are parsed from either. Every problem found is appended with `row`; the
// result is meaningful only when no problem was added.
ImportedMemory fromRecord(
    const QJsonObject &record, qsizetype row, const ImportLimits &limits, QList<ImportProblem> &problems);

// The JSONL form of a memory: typed values, evaluations and outgoing links nested.
QJsonObject toJson(
    const Memory &memory, const QList<Evaluation> &evaluations, const QList<MemoryLink> &links, bool withEmbedding);

// The CSV cells of a memory in csvColumns() order (an empty embedding cell when !withEmbedding), with
// the text columns passed through neutraliseFormula().
QStringList toCsvCells(const Memory &memory, bool withEmbedding);

// CSV injection: a spreadsheet runs a cell that starts with = + - @ tab or CR as a formula. Only the
// columns that hold people's text can start so; the others (id, times, numbers such as "-0.5", booleans,
// the vector) are written by Sextant in a fixed form and are never touched.
bool isCsvTextColumn(const QString &column);
// A text cell that starts with any run of apostrophes (possibly none) and then a formula character
// gets one more apostrophe in front, which a spreadsheet shows as text. restoreFormula() takes exactly
// that apostrophe off again: it strips one apostrophe from a cell that is one or more apostrophes
// followed by a formula character, and leaves every other cell alone. Counting the whole run of
// apostrophes is what makes the pair exact: "'=x" is written "''=x" and read back as "'=x".
QString neutraliseFormula(const QString &cell);
QString restoreFormula(const QString &cell);

// Memory ids that are not UUIDs (EUMAS files use "memory_00123") map to a stable name-based UUID, so
// links between rows of one file still meet; the original text is kept in metadata "source_id".
QUuid idFromText(const QString &text);

} // namespace MemoryRecord
