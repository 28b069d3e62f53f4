#pragma once

#include "memories/memoryimport.h"

#include <QJsonObject>

// Internal to MemoryImport: the per-format readers. Each turns decoded text into records and hands every
// record to addRecord(); a file-level failure (header, syntax the reader cannot resync from) is an Error.
namespace MemoryImport::Detail {

void addRecord(ImportPlan &plan, const QJsonObject &record, qsizetype row, const ImportLimits &limits);
void addProblem(ImportPlan &plan, qsizetype row, const QString &field, const QString &reason);

Result<void> readJsonl(const QString &text, const ImportLimits &limits, ImportPlan &plan);
Result<void> readCsv(const QString &text, const ImportLimits &limits, ImportPlan &plan);
Result<void> readYaml(const QString &text, const ImportLimits &limits, ImportPlan &plan);

} // namespace MemoryImport::Detail
