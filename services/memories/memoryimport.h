#pragma once

#include "core/memory.h"
#include "core/result.h"
#include "db/repository.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>

// Importing memories from JSONL, CSV or the EUMAS YAML memory shape (sample_memory.yaml).
//
// Two steps, so the operator sees a report before anything is written: readMemoryFile() parses and
// validates every row without touching a database; applyImport() writes the valid rows in one
// transaction. Both are plain functions over value structs; call them on the repository's thread.

enum class ImportFormat { Detect, Jsonl, Csv, Yaml };

struct ImportLimits
{
    qint64 maxFileBytes = 512LL * 1024 * 1024; // larger files are refused before reading
    qsizetype maxTextLength = 1'000'000; // per text field; Validation::MaxTextLength
    qsizetype maxRows = 1'000'000;
    int maxYamlDepth = 32; // nesting levels in a YAML document
    qsizetype maxYamlNodes = 1'000'000; // scalars + collections in a YAML document
};

// One reason a row cannot be imported. row is the 1-based line (JSONL, CSV: the line the record starts
// on, YAML: the line of the memory's first key); 0 means the whole file.
struct ImportProblem
{
    qsizetype row = 0;
    QString field; // "prompt", "embedding", "evaluations[2].confidence", ... or empty
    QString reason; // a translated sentence
};

// A memory with what belongs to it; imported together or not at all. A missing id, creation time or
// summary is not a problem: the row is marked, and the operator chooses what fills it (ImportOptions).
struct ImportedMemory
{
    qsizetype row = 0;
    Memory memory;
    QList<Evaluation> evaluations;
    QList<MemoryLink> links; // outgoing
    bool idGenerated = false; // the file gave no id; memory.id is a new one
    bool createdAtMissing = false; // memory.createdAt is provisional until applyImport() fills it
    bool summaryMissing = false; // the summary stays empty
    QHash<QString, QDateTime> times; // rows without created_at: the other fields of the row that hold a time
};

// How many valid rows lack each value, and which fields of the file could give the creation time.
struct ImportGaps
{
    struct TimeField
    {
        QString name;
        qsizetype rows = 0; // rows without created_at where this field holds a time
    };
    qsizetype missingId = 0;
    qsizetype missingCreatedAt = 0;
    qsizetype missingSummary = 0;
    QList<TimeField> timeFields; // most rows first
    bool isEmpty() const { return missingId == 0 && missingCreatedAt == 0 && missingSummary == 0; }
};

struct ImportPlan
{
    QString fileName; // for the audit entry and the report title
    ImportFormat format = ImportFormat::Detect;
    QList<ImportedMemory> valid;
    QList<ImportProblem> problems;
    qsizetype rowsRead = 0; // valid + rows with problems
    qsizetype invalidRows = 0;
};

enum class ImportMode {
    ValidRowsOnly, // write the valid rows, skip the rest
    AllOrNothing, // any problem in the plan → write nothing
};

struct ImportOptions
{
    ImportMode mode = ImportMode::AllOrNothing;
    qsizetype batchSize = 500; // memories per insert call; progress is reported between batches
    QString actor; // for the audit entry; empty = "sextant"
    // Where rows without created_at take it from: a field of the file (ImportGaps::timeFields), or the
    // import time when empty. Rows where that field is empty get the import time too.
    QString createdAtField;
    QDateTime importTime; // invalid = the moment applyImport() runs
    // Called between batches inside the transaction with rows written so far; return false to cancel
    // (everything is rolled back and the result is Error::Cancelled).
    std::function<bool(qsizetype done, qsizetype total)> progress;
};

struct ImportResult
{
    qsizetype memories = 0;
    qsizetype evaluations = 0;
    qsizetype links = 0;
    qsizetype skippedRows = 0;
};

namespace MemoryImport {

ImportFormat formatForPath(const QString &path); // by extension: .jsonl/.ndjson, .csv, .yaml/.yml

// Reads and validates `path`. A file that cannot be read at all (missing, too large, not UTF-8, CSV
// header wrong, YAML with anchors) is an Error; a bad row is an ImportProblem and the other rows stay.
Result<ImportPlan> readMemoryFile(
    const QString &path, ImportFormat format = ImportFormat::Detect, const ImportLimits &limits = {});
// The same over bytes already in memory; `fileName` only labels the plan.
Result<ImportPlan> readMemoryData(
    const QByteArray &data, ImportFormat format, const QString &fileName, const ImportLimits &limits = {});

// Counts the valid rows that lack an id, a creation time or a summary.
ImportGaps gaps(const ImportPlan &plan);

// Moves rows whose id already exists in `repo`, or whose links point at a memory neither in the file nor
// in the workspace, from valid to problems. Reads only.
Result<void> checkAgainstWorkspace(Repository &repo, ImportPlan &plan);

// Checks the plan against the workspace again, then writes it in one transaction with one audit entry.
// AllOrNothing with any problem writes nothing and returns Error::InvalidInput; any failure midway
// rolls back, so either every valid row is written or none.
Result<ImportResult> applyImport(Repository &repo, ImportPlan plan, const ImportOptions &options = {});

} // namespace MemoryImport
