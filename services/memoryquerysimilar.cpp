// MemoryQuery: semantic search within a filter, and "more like this".
#include "memoryquery.h"
#include "sqlrepository.h"
#include "validation.h"

#include "compute/vectorops.h"

#include <QHash>
#include <QSqlQuery>

#include <queue>

Result<QList<SimilarMemory>> MemoryQuery::similar(
    const MemoryFilter &filter, const Embedding &query, int limit, const QUuid &exclude)
{
    if (query.isEmpty())
        return makeError(Error::InvalidInput, tr("The search vector is empty."));
    if (auto valid = Validation::checkEmbedding(query, tr("The search vector")); !valid)
        return valid.error();
    if (limit <= 0)
        return QList<SimilarMemory>();
    Result<Where> w = where(filter);
    if (!w)
        return w.error();
    const SqlDialect &d = m_repository->dialect();
    QString condition = QLatin1String("m.embedding IS NOT NULL AND ") + w->sql;
    if (!exclude.isNull()) {
        condition += QLatin1String(" AND m.id <> ") + d.placeholder(QStringLiteral("exclude"), SqlDialect::Uuid);
        w->binds.append({ QStringLiteral(":exclude"), d.uuid(exclude) });
    }
    if (!d.nativeVectors())
        return similarOnClient(condition, *w, query, limit);

    const QString q = d.placeholder(QStringLiteral("q"), SqlDialect::Vector);
    QSqlQuery select(m_repository->database());
    select.setForwardOnly(true);
    select.prepare(QLatin1String("SELECT ") + rowColumns() + QLatin1String(", 1 - (m.embedding <=> ") + q
        + QLatin1String(") FROM ") + d.table(Table::Memories) + QLatin1String(" m WHERE ") + condition
        + QLatin1String(" ORDER BY m.embedding <=> ") + q + QLatin1String(" LIMIT ") + QString::number(limit));
    for (const auto &[name, value] : w->binds)
        select.bindValue(name, value);
    select.bindValue(QStringLiteral(":q"), d.vector(query));
    if (!select.exec())
        return SqlRepository::queryError(select, tr("Searching similar memories"));
    QList<SimilarMemory> result;
    while (select.next())
        result << SimilarMemory { readRow(select), select.value(14).toDouble() };
    return result;
}

Result<QList<SimilarMemory>> MemoryQuery::similarOnClient(
    const QString &condition, const Where &w, const Embedding &query, int limit)
{
    // One pass over the matching vectors, keeping the best `limit` in a min-heap.
    Embedding unit = query;
    compute::normalize(unit.data(), std::size_t(unit.size()));
    using Scored = std::pair<float, QUuid>;
    const auto worse = [](const Scored &a, const Scored &b) { return a.first > b.first; };
    std::priority_queue<Scored, std::vector<Scored>, decltype(worse)> best(worse);
    const SqlDialect &d = m_repository->dialect();
    QSqlQuery select(m_repository->database());
    select.setForwardOnly(true);
    select.prepare(QLatin1String("SELECT m.id, m.embedding FROM ") + d.table(Table::Memories)
        + QLatin1String(" m WHERE ") + condition);
    for (const auto &[name, value] : w.binds)
        select.bindValue(name, value);
    if (!select.exec())
        return SqlRepository::queryError(select, tr("Searching similar memories"));
    while (select.next()) {
        const Embedding vector = d.toVector(select.value(1));
        if (vector.size() != unit.size())
            continue;
        const float similarity = compute::cosine(unit.constData(), vector.constData(), std::size_t(unit.size()));
        if (qsizetype(best.size()) < limit) {
            best.emplace(similarity, d.toUuid(select.value(0)));
        } else if (similarity > best.top().first) {
            best.pop();
            best.emplace(similarity, d.toUuid(select.value(0)));
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
    Result<QList<MemoryRow>> rows = rowsById(ids);
    if (!rows)
        return rows.error();
    QHash<QUuid, MemoryRow> byId;
    for (const MemoryRow &row : *rows)
        byId.insert(row.id, row);
    QList<SimilarMemory> result;
    for (const Scored &s : ranked) {
        if (byId.contains(s.second))
            result << SimilarMemory { byId.value(s.second), double(s.first) };
    }
    return result;
}

Result<QList<MemoryRow>> MemoryQuery::rowsById(const QList<QUuid> &ids)
{
    QList<MemoryRow> rows;
    if (ids.isEmpty())
        return rows;
    const SqlDialect &d = m_repository->dialect();
    QStringList placeholders;
    for (qsizetype i = 0; i < ids.size(); ++i)
        placeholders << d.placeholder(QStringLiteral("id%1").arg(i), SqlDialect::Uuid);
    QSqlQuery select(m_repository->database());
    select.prepare(QLatin1String("SELECT ") + rowColumns() + QLatin1String(" FROM ") + d.table(Table::Memories)
        + QLatin1String(" m WHERE m.id IN (") + placeholders.join(QLatin1String(", ")) + QLatin1Char(')'));
    for (qsizetype i = 0; i < ids.size(); ++i)
        select.bindValue(QStringLiteral(":id%1").arg(i), d.uuid(ids[i]));
    if (!select.exec())
        return SqlRepository::queryError(select, tr("Loading memories"));
    while (select.next())
        rows << readRow(select);
    return rows;
}

Result<Embedding> MemoryQuery::embeddingOf(const QUuid &id)
{
    const SqlDialect &d = m_repository->dialect();
    QSqlQuery select(m_repository->database());
    select.prepare(QLatin1String("SELECT embedding FROM ") + d.table(Table::Memories) + QLatin1String(" WHERE id = ")
        + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
    select.bindValue(QStringLiteral(":id"), d.uuid(id));
    if (!select.exec())
        return SqlRepository::queryError(select, tr("Loading a memory's embedding"));
    if (!select.next())
        return makeError(Error::NotFound, tr("Memory %1 does not exist.").arg(id.toString(QUuid::WithoutBraces)));
    const Embedding embedding = d.toVector(select.value(0));
    if (embedding.isEmpty())
        return makeError(
            Error::InvalidInput, tr("This memory has no embedding yet, so nothing can be compared with it."));
    return embedding;
}
