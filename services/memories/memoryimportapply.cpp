// MemoryImport: checking a plan against the workspace and writing it in one transaction.
#include "memories/memoryimport.h"
#include "memories/memoryrecordfields.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace MemoryImport {

namespace {
// Memoised "does this memory exist in the workspace": true, false, or the read error.
class Existence
{
public:
    explicit Existence(Repository &repo)
        : m_repo(repo)
    {
    }
    Result<bool> operator()(const QUuid &id)
    {
        if (const auto it = m_known.constFind(id); it != m_known.cend())
            return it.value();
        const Result<MemoryDetail> detail = m_repo.memoryDetail(id);
        if (!detail && detail.error().code != Error::NotFound)
            return detail.error();
        m_known.insert(id, detail.ok());
        return detail.ok();
    }

private:
    Repository &m_repo;
    QHash<QUuid, bool> m_known;
};

template<typename T, typename Insert> Result<void> inBatches(const QList<T> &rows, qsizetype size, Insert insert)
{
    for (qsizetype i = 0; i < rows.size(); i += size) {
        if (auto r = insert(rows.mid(i, size)); !r)
            return r;
    }
    return {};
}

QString modeName(ImportMode mode)
{
    return mode == ImportMode::AllOrNothing ? QStringLiteral("all_or_nothing") : QStringLiteral("valid_rows_only");
}
} // namespace

ImportGaps gaps(const ImportPlan &plan)
{
    ImportGaps out;
    QHash<QString, qsizetype> fieldRows;
    for (const ImportedMemory &m : plan.valid) {
        out.missingId += m.idGenerated ? 1 : 0;
        out.missingSummary += m.summaryMissing ? 1 : 0;
        if (!m.createdAtMissing)
            continue;
        ++out.missingCreatedAt;
        for (auto it = m.times.cbegin(); it != m.times.cend(); ++it)
            ++fieldRows[it.key()];
    }
    for (auto it = fieldRows.cbegin(); it != fieldRows.cend(); ++it)
        out.timeFields << ImportGaps::TimeField { it.key(), it.value() };
    std::sort(out.timeFields.begin(), out.timeFields.end(),
        [](const auto &a, const auto &b) { return a.rows != b.rows ? a.rows > b.rows : a.name < b.name; });
    return out;
}

Result<void> checkAgainstWorkspace(Repository &repo, ImportPlan &plan)
{
    Existence exists(repo);
    QList<ImportedMemory> kept;
    for (ImportedMemory &m : plan.valid) {
        const Result<bool> found = exists(m.memory.id);
        if (!found)
            return found.error();
        if (*found) {
            plan.problems << ImportProblem { m.row, QStringLiteral("id"),
                QCoreApplication::translate(
                    "MemoryImport", "A memory with this id already exists in the workspace; the row is skipped.") };
            continue;
        }
        kept << std::move(m);
    }
    // Dropping a row can leave another row's link pointing nowhere, so repeat until nothing changes.
    for (bool changed = true; changed;) {
        changed = false;
        QSet<QUuid> inFile;
        for (const ImportedMemory &m : std::as_const(kept))
            inFile.insert(m.memory.id);
        QList<ImportedMemory> next;
        for (ImportedMemory &m : kept) {
            bool dangling = false;
            for (qsizetype i = 0; i < m.links.size() && !dangling; ++i) {
                const QUuid target = m.links.at(i).targetId;
                if (inFile.contains(target))
                    continue;
                const Result<bool> found = exists(target);
                if (!found)
                    return found.error();
                if (!*found) {
                    plan.problems << ImportProblem { m.row, QStringLiteral("links[%1].target").arg(i),
                        QCoreApplication::translate("MemoryImport",
                            "The link points at a memory that is neither in the file nor in the workspace.") };
                    dangling = true;
                }
            }
            changed = changed || dangling;
            if (!dangling)
                next << std::move(m);
        }
        kept = std::move(next);
    }
    plan.valid = std::move(kept);
    plan.invalidRows = plan.rowsRead - plan.valid.size();
    std::stable_sort(plan.problems.begin(), plan.problems.end(),
        [](const ImportProblem &a, const ImportProblem &b) { return a.row < b.row; });
    return {};
}

Result<ImportResult> applyImport(Repository &repo, ImportPlan plan, const ImportOptions &options)
{
    if (auto r = checkAgainstWorkspace(repo, plan); !r)
        return r.error();
    if (options.mode == ImportMode::AllOrNothing && !plan.problems.isEmpty())
        return makeError(Error::InvalidInput,
            QCoreApplication::translate(
                "MemoryImport", "%n row(s) of %1 have problems; nothing was imported.", nullptr, int(plan.invalidRows))
                .arg(plan.fileName));

    ImportResult result;
    result.skippedRows = plan.invalidRows;
    QList<Memory> memories;
    QList<Evaluation> evaluations;
    QList<MemoryLink> links;
    memories.reserve(plan.valid.size());
    const QDateTime importTime
        = options.importTime.isValid() ? options.importTime.toUTC() : QDateTime::currentDateTimeUtc();
    qsizetype fromField = 0;
    for (const ImportedMemory &m : std::as_const(plan.valid)) {
        memories << m.memory;
        if (m.createdAtMissing) {
            const QDateTime chosen
                = options.createdAtField.isEmpty() ? QDateTime() : m.times.value(options.createdAtField);
            memories.last().createdAt = chosen.isValid() ? chosen : importTime;
            fromField += chosen.isValid() ? 1 : 0;
        }
        evaluations << m.evaluations;
        links << m.links;
    }
    const qsizetype batch = std::max<qsizetype>(1, options.batchSize);
    Result<void> written = repo.inTransaction([&]() -> Result<void> {
        for (qsizetype i = 0; i < memories.size(); i += batch) {
            if (auto r = repo.insertMemories(memories.mid(i, batch)); !r)
                return r;
            const qsizetype done = std::min(memories.size(), i + batch);
            if (options.progress && !options.progress(done, memories.size()))
                return makeError(Error::Cancelled,
                    QCoreApplication::translate("MemoryImport", "The import was cancelled; nothing was imported."));
        }
        // Links last: their targets may be any memory of the file.
        if (auto r = inBatches(evaluations, batch * 8, [&](const auto &rows) { return repo.insertEvaluations(rows); });
            !r)
            return r;
        if (auto r = inBatches(links, batch * 8, [&](const auto &rows) { return repo.insertLinks(rows); }); !r)
            return r;
        AuditEntry audit;
        audit.actor = options.actor.isEmpty() ? QStringLiteral("sextant") : options.actor;
        audit.action = QStringLiteral("import");
        audit.entity = QStringLiteral("memories");
        audit.entityId = plan.fileName;
        audit.after = QJsonObject { { QStringLiteral("file"), plan.fileName },
            { QStringLiteral("mode"), modeName(options.mode) }, { QStringLiteral("memories"), memories.size() },
            { QStringLiteral("evaluations"), evaluations.size() }, { QStringLiteral("links"), links.size() },
            { QStringLiteral("skipped_rows"), plan.invalidRows } };
        const ImportGaps filled = gaps(plan);
        if (filled.missingCreatedAt > 0) {
            audit.after.insert(QStringLiteral("created_at_from_field"), options.createdAtField);
            audit.after.insert(QStringLiteral("created_at_from_field_rows"), fromField);
            audit.after.insert(QStringLiteral("created_at_import_time_rows"), filled.missingCreatedAt - fromField);
        }
        if (filled.missingId > 0)
            audit.after.insert(QStringLiteral("new_ids"), filled.missingId);
        return repo.appendAudit(audit);
    });
    if (!written)
        return written.error();
    result.memories = memories.size();
    result.evaluations = evaluations.size();
    result.links = links.size();
    return result;
}

} // namespace MemoryImport
