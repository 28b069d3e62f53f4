// MemoryImport: checking a plan against the workspace and writing it in one transaction.
#include "memories/memoryimport.h"
#include "memories/memoryrecordfields.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>

namespace MemoryImport {

namespace {
// Memoised "does this memory exist in the workspace": true, false, or the read error. load() looks ids up `Chunk`
// to a query: one query per id took 138 s for 50,000 ids on PostgreSQL, and an import checks twice (when the file
// is read and again right before writing).
class Existence
{
public:
    static constexpr qsizetype Chunk = 500;

    explicit Existence(Repository &repo)
        : m_repo(repo)
    {
    }
    Result<void> load(const QList<QUuid> &ids)
    {
        QList<QUuid> unknown;
        QSet<QUuid> queued;
        for (const QUuid &id : ids) {
            if (!m_known.contains(id) && !queued.contains(id)) {
                queued.insert(id);
                unknown << id;
            }
        }
        const SqlDialect &d = m_repo.dialect();
        for (qsizetype first = 0; first < unknown.size(); first += Chunk) {
            const QList<QUuid> chunk = unknown.mid(first, Chunk);
            QStringList placeholders;
            for (qsizetype i = 0; i < chunk.size(); ++i)
                placeholders << d.placeholder(QStringLiteral("id_%1").arg(i), SqlDialect::Uuid);
            QSqlQuery query(m_repo.database());
            query.setForwardOnly(true);
            const QString what
                = QCoreApplication::translate("MemoryImport", "Looking for the file's ids in the workspace");
            if (!query.prepare(QLatin1String("SELECT id FROM ") + d.table(Table::Memories)
                    + QLatin1String(" WHERE id IN (") + placeholders.join(QLatin1String(", ")) + QLatin1Char(')')))
                return Repository::queryError(query, what);
            for (qsizetype i = 0; i < chunk.size(); ++i)
                query.bindValue(int(i), d.uuid(chunk.at(i)));
            if (!query.exec())
                return Repository::queryError(query, what);
            for (const QUuid &id : chunk)
                m_known.insert(id, false);
            while (query.next())
                m_known.insert(d.toUuid(query.value(0)), true);
        }
        return {};
    }
    Result<bool> operator()(const QUuid &id)
    {
        if (!m_known.contains(id)) {
            if (auto r = load({ id }); !r)
                return r.error();
        }
        return m_known.value(id);
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
    QList<QUuid> ids;
    for (const ImportedMemory &m : std::as_const(plan.valid)) {
        ids << m.memory.id;
        for (const MemoryLink &link : m.links)
            ids << link.targetId;
    }
    if (auto r = exists.load(ids); !r)
        return r;
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
