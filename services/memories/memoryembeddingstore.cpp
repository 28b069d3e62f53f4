#include "memories/memoryembeddingstore.h"
#include "db/sqlbatch.h"

#include <QCoreApplication>

namespace {

QList<MemoryEmbeddingStore::Pending> readPending(QSqlQuery &query, const SqlDialect &d)
{
    QList<MemoryEmbeddingStore::Pending> rows;
    while (query.next())
        rows << MemoryEmbeddingStore::Pending { d.toUuid(query.value(0)),
            MemoryEmbeddingStore::memoryText(query.value(1).toString(), query.value(2).toString()) };
    return rows;
}

QString lackingCondition()
{
    return QStringLiteral("(embedding IS NULL OR embedding_model IS NULL OR embedding_model <> :model)");
}

} // namespace

QString MemoryEmbeddingStore::memoryText(const QString &userPrompt, const QString &agentReply)
{
    return QString(userPrompt + QLatin1Char(' ') + agentReply).trimmed();
}

Result<QList<MemoryEmbeddingStore::Pending>> MemoryEmbeddingStore::lacking(
    Repository &repository, const QString &model, const QUuid &after, int limit)
{
    const SqlDialect &d = repository.dialect();
    QSqlQuery query(repository.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, user_prompt, agent_reply FROM %1 WHERE %2%3 ORDER BY id LIMIT %4")
                      .arg(d.table(Table::Memories), lackingCondition(),
                          after.isNull() ? QString()
                                         : QStringLiteral(" AND id > %1").arg(d.placeholder(
                                               QStringLiteral("after"), SqlDialect::Uuid)))
                      .arg(limit));
    query.bindValue(QStringLiteral(":model"), model);
    if (!after.isNull())
        query.bindValue(QStringLiteral(":after"), d.uuid(after));
    if (!query.exec())
        return Repository::queryError(query, QStringLiteral("memories lacking embeddings"));
    return readPending(query, d);
}

Result<qint64> MemoryEmbeddingStore::countLacking(Repository &repository, const QString &model)
{
    QSqlQuery query(repository.database());
    query.prepare(QStringLiteral("SELECT count(*) FROM %1 WHERE %2")
                      .arg(repository.dialect().table(Table::Memories), lackingCondition()));
    query.bindValue(QStringLiteral(":model"), model);
    if (!query.exec() || !query.next())
        return Repository::queryError(query, QStringLiteral("count of memories lacking embeddings"));
    return query.value(0).toLongLong();
}

Result<QList<MemoryEmbeddingStore::Pending>> MemoryEmbeddingStore::texts(
    Repository &repository, const QList<QUuid> &ids)
{
    const SqlDialect &d = repository.dialect();
    QList<Pending> rows;
    QSqlQuery query(repository.database());
    query.setForwardOnly(true);
    if (!query.prepare(QStringLiteral("SELECT id, user_prompt, agent_reply FROM %1 WHERE id = %2")
                           .arg(d.table(Table::Memories), d.placeholder(QStringLiteral("id"), SqlDialect::Uuid))))
        return Repository::queryError(query, QStringLiteral("memory texts"));
    for (const QUuid &id : ids) {
        query.bindValue(QStringLiteral(":id"), d.uuid(id));
        if (!query.exec())
            return Repository::queryError(query, QStringLiteral("memory texts"));
        rows << readPending(query, d);
    }
    return rows;
}

Result<void> MemoryEmbeddingStore::write(Repository &repository, const QString &model, const QList<Vector> &vectors)
{
    for (const Vector &v : vectors) {
        if (v.embedding.size() != EmbeddingDimensions)
            return makeError(Error::InvalidInput,
                QCoreApplication::translate("MemoryEmbeddingStore",
                    "The model %1 returned %2-dimension vectors, but memories hold %3 dimensions. Set the "
                    "embedding dimensions to %3 in the AI settings (text-embedding-3 models can shorten "
                    "their vectors). Nothing was written.")
                    .arg(model)
                    .arg(v.embedding.size())
                    .arg(EmbeddingDimensions));
    }
    const SqlDialect &d = repository.dialect();
    const QString sql = QStringLiteral("UPDATE %1 SET embedding = %2, embedding_model = :model, updated_at = %3 WHERE id = %4")
                            .arg(d.table(Table::Memories), d.placeholder(QStringLiteral("embedding"), SqlDialect::Vector),
                                d.placeholder(QStringLiteral("now"), SqlDialect::Time),
                                d.placeholder(QStringLiteral("id"), SqlDialect::Uuid));
    const QVariant now = d.time(QDateTime::currentDateTimeUtc());
    return runBatch(repository, QStringLiteral("embeddings"), sql, vectors, [&](QSqlQuery &q, const Vector &v) {
        q.bindValue(QStringLiteral(":embedding"), d.vector(v.embedding));
        q.bindValue(QStringLiteral(":model"), model);
        q.bindValue(QStringLiteral(":now"), now);
        q.bindValue(QStringLiteral(":id"), d.uuid(v.id));
    });
}
