// Repository: semantic search (pgvector in the database, else cosine on the client) and privileges.
#include "db/repository.h"
#include "core/validation.h"
#include "db/memoryrowreader.h"
#include "db/vectorsearch.h"

#include "compute/vectorops.h"

#include <QHash>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>
#include <queue>

Result<QList<SimilarMemory>> Repository::similarMemories(const Embedding &query, int limit)
{
    if (query.isEmpty())
        return makeError(Error::InvalidInput, tr("The search vector is empty."));
    if (auto valid = Validation::checkEmbedding(query, tr("The search vector")); !valid)
        return valid.error();
    if (limit <= 0)
        return QList<SimilarMemory>();
    const QString searchable = QStringLiteral("m.embedding IS NOT NULL AND m.archived_at IS NULL");
    if (!m_dialect.nativeVectors())
        return similarMemoriesOnClient(query, limit, searchable);
    Result<VectorSearch::Nearest> found = VectorSearch::nearest(*this, query, limit, searchable);
    if (!found)
        return found.error();
    return found->rows;
}

Result<QList<SimilarMemory>> Repository::similarMemoriesOnClient(
    const Embedding &query, int limit, const QString &condition, const QList<std::pair<QString, QVariant>> &binds)
{
    // Streams every stored vector once and keeps the best `limit` in a min-heap.
    Embedding unit = query;
    compute::normalize(unit.data(), unit.size());
    using Scored = std::pair<float, QUuid>;
    const auto worse = [](const Scored &a, const Scored &b) { return a.first > b.first; };
    std::priority_queue<Scored, std::vector<Scored>, decltype(worse)> best(worse);

    QSqlQuery select(database());
    select.setForwardOnly(true);
    select.prepare(QLatin1String("SELECT m.id, m.embedding FROM ") + m_dialect.table(Table::Memories)
        + QLatin1String(" m WHERE ") + condition);
    for (const auto &[name, value] : binds)
        select.bindValue(name, value);
    if (!select.exec())
        return queryError(select, tr("Searching similar memories"));
    while (select.next()) {
        const Embedding vector = m_dialect.toVector(select.value(1));
        if (vector.size() != unit.size())
            continue;
        const float similarity = compute::cosine(unit.constData(), vector.constData(), unit.size());
        if (qsizetype(best.size()) < limit)
            best.emplace(similarity, m_dialect.toUuid(select.value(0)));
        else if (similarity > best.top().first) {
            best.pop();
            best.emplace(similarity, m_dialect.toUuid(select.value(0)));
        }
    }
    QList<Scored> ranked;
    while (!best.empty()) {
        ranked.prepend(best.top());
        best.pop();
    }
    QList<QUuid> ids;
    for (const Scored &s : ranked)
        ids << s.second;
    Result<QList<MemoryRow>> rows = memoryRowsById(ids);
    if (!rows)
        return rows.error();
    QHash<QUuid, MemoryRow> byId;
    for (const MemoryRow &row : std::as_const(*rows))
        byId.insert(row.id, row);
    QList<SimilarMemory> result;
    for (const Scored &s : ranked) {
        if (byId.contains(s.second))
            result << SimilarMemory { byId.value(s.second), double(s.first) };
    }
    return result;
}

Result<QList<MemoryRow>> Repository::memoryRowsById(const QList<QUuid> &ids)
{
    QList<MemoryRow> rows;
    if (ids.isEmpty())
        return rows;
    QStringList placeholders;
    for (qsizetype i = 0; i < ids.size(); ++i)
        placeholders << m_dialect.placeholder(QStringLiteral("id%1").arg(i), SqlDialect::Uuid);
    QSqlQuery select(database());
    select.prepare(QLatin1String("SELECT ") + memoryRowColumns() + QLatin1String(" FROM ")
        + m_dialect.table(Table::Memories) + QLatin1String(" m WHERE m.id IN (") + placeholders.join(QLatin1String(", "))
        + QLatin1Char(')'));
    for (qsizetype i = 0; i < ids.size(); ++i)
        select.bindValue(QStringLiteral(":id%1").arg(i), m_dialect.uuid(ids[i]));
    if (!select.exec())
        return queryError(select, tr("Loading memories"));
    const MemoryRowReader reader(m_dialect, select.record());
    while (select.next())
        rows << reader.read(select);
    return rows;
}

Result<Privileges> Repository::privileges()
{
    if (m_dialect.backend() == SqlDialect::Sqlite)
        return Privileges::owner(qEnvironmentVariable("USER", QStringLiteral("local")));
    const auto &d = m_dialect;
    // Table names go in as bound text (to_regclass and has_*_privilege parse them), never spliced into a literal.
    QSqlQuery query(database());
    // Before the schema exists only two things are knowable: who we are and whether we may create it.
    query.prepare(QStringLiteral("SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user), "
                                 "has_database_privilege(current_database(), 'CREATE'), to_regclass(?::text) IS NULL"));
    query.addBindValue(d.table(Table::Memories));
    if (query.exec() && query.next() && query.value(3).toBool()) {
        Privileges p;
        p.user = query.value(0).toString();
        p.superuser = query.value(1).toBool();
        p.canRead = p.canReview = p.canAnnotate = p.canEditMemories = p.canDeleteMemories = false;
        p.canReadAuditAttributes = false;
        p.canMigrate = p.superuser || query.value(2).toBool();
        return p;
    }
    query.prepare(QStringLiteral("SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user), "
                                 "(SELECT string_agg(rolname, ',') FROM pg_roles WHERE rolname LIKE 'sextant\\_%' "
                                 "AND pg_has_role(current_user, oid, 'USAGE')), "
                                 "has_table_privilege(?::text, 'SELECT'), has_table_privilege(?::text, 'INSERT'), "
                                 "has_column_privilege(?::text, 'annotation', 'UPDATE'), "
                                 "has_table_privilege(?::text, 'UPDATE'), has_table_privilege(?::text, 'DELETE'), "
                                 "has_table_privilege(?::text, 'SELECT'), "
                                 "pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = "
                                 "to_regclass(?::text)), 'USAGE')"));
    for (Table table : { Table::Memories, Table::MatchReviews, Table::Evaluations, Table::Memories, Table::Memories,
             Table::AuditAttributes, Table::SchemaMigrations })
        query.addBindValue(d.table(table));
    if (!query.exec() || !query.next())
        return queryError(query, tr("Reading the role's privileges"));
    Privileges p;
    p.user = query.value(0).toString();
    p.superuser = query.value(1).toBool();
    p.sextantRoles = query.value(2).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    p.canRead = query.value(3).toBool();
    p.canReview = query.value(4).toBool();
    p.canAnnotate = query.value(5).toBool();
    p.canEditMemories = query.value(6).toBool();
    p.canDeleteMemories = query.value(7).toBool();
    p.canReadAuditAttributes = query.value(8).toBool();
    p.canMigrate = p.superuser || query.value(9).toBool();
    return p;
}
