// MemoryQuery: semantic search within a filter, and "more like this".
#include "memories/memoryquery.h"
#include "db/repository.h"
#include "core/validation.h"
#include "db/vectorsearch.h"

#include <QSqlQuery>

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
        return m_repository->similarMemoriesOnClient(query, limit, condition, w->binds);

    Result<VectorSearch::Nearest> found = VectorSearch::nearest(*m_repository, query, limit, condition, w->binds);
    if (!found)
        return found.error();
    return found->rows;
}

Result<Embedding> MemoryQuery::embeddingOf(const QUuid &id)
{
    const SqlDialect &d = m_repository->dialect();
    QSqlQuery select(m_repository->database());
    select.prepare(QLatin1String("SELECT embedding FROM ") + d.table(Table::Memories) + QLatin1String(" WHERE id = ")
        + d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
    select.bindValue(QStringLiteral(":id"), d.uuid(id));
    if (!select.exec())
        return Repository::queryError(select, tr("Loading a memory's embedding"));
    if (!select.next())
        return makeError(Error::NotFound, tr("Memory %1 does not exist.").arg(id.toString(QUuid::WithoutBraces)));
    const Embedding embedding = d.toVector(select.value(0));
    if (embedding.isEmpty())
        return makeError(
            Error::InvalidInput, tr("This memory has no embedding yet, so nothing can be compared with it."));
    return embedding;
}
