#include "ai/embeddingcache.h"
#include "db/repository.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSqlQuery>

namespace {

constexpr qsizetype LookupChunk = 400; // bound parameters per IN list

// The cache keeps real[] on PostgreSQL whatever the memories table uses: its dimensions vary.
SqlDialect cacheDialect(const Repository &repository)
{
    const SqlDialect &d = repository.dialect();
    return SqlDialect(d.backend(), false, d.schemas());
}

} // namespace

QByteArray EmbeddingCache::textHash(const QString &text)
{
    return QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex();
}

Result<QHash<QByteArray, Embedding>> EmbeddingCache::lookup(
    Repository &repository, const Key &key, const QList<QByteArray> &hashes)
{
    const SqlDialect dialect = cacheDialect(repository);
    QHash<QByteArray, Embedding> found;
    for (qsizetype from = 0; from < hashes.size(); from += LookupChunk) {
        const QList<QByteArray> chunk = hashes.mid(from, LookupChunk);
        QStringList marks;
        for (qsizetype i = 0; i < chunk.size(); ++i)
            marks << QStringLiteral(":h%1").arg(i);
        QSqlQuery query(repository.database());
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT text_hash, embedding FROM %1 WHERE model = :model AND dimensions = :dims "
                                     "AND text_hash IN (%2)")
                          .arg(dialect.table(Table::EmbeddingCache), marks.join(QLatin1Char(','))));
        query.bindValue(QStringLiteral(":model"), key.model);
        query.bindValue(QStringLiteral(":dims"), key.dimensions);
        for (qsizetype i = 0; i < chunk.size(); ++i)
            query.bindValue(marks.at(i), QString::fromLatin1(chunk.at(i)));
        if (!query.exec())
            return Repository::queryError(query, QStringLiteral("embedding cache lookup"));
        while (query.next()) {
            Embedding vector = dialect.toVector(query.value(1));
            if (vector.size() == key.dimensions) // anything else is damage: treat it as a miss
                found.emplace(query.value(0).toString().toLatin1(), std::move(vector));
        }
    }
    return found;
}

Result<void> EmbeddingCache::store(
    Repository &repository, const Key &key, const QList<std::pair<QByteArray, Embedding>> &entries)
{
    if (entries.isEmpty())
        return {};
    for (const auto &entry : entries) {
        if (entry.second.size() != key.dimensions)
            return makeError(Error::InvalidInput,
                QCoreApplication::translate("EmbeddingCache", "A vector has %1 dimensions instead of %2.")
                    .arg(entry.second.size())
                    .arg(key.dimensions));
    }
    const SqlDialect dialect = cacheDialect(repository);
    const QString sql = QStringLiteral("INSERT INTO %1 (model, dimensions, text_hash, embedding, created_at) "
                                       "VALUES (:model, :dims, :hash, %2, %3) ON CONFLICT DO NOTHING")
                            .arg(dialect.table(Table::EmbeddingCache),
                                dialect.placeholder(QStringLiteral("embedding"), SqlDialect::Vector),
                                dialect.placeholder(QStringLiteral("at"), SqlDialect::Time));
    const QVariant now = dialect.time(QDateTime::currentDateTimeUtc());
    QSqlQuery query(repository.database());
    return repository.inTransaction([&]() -> Result<void> {
        if (!query.prepare(sql))
            return Repository::queryError(query, QStringLiteral("embedding cache store"));
        for (const auto &[hash, vector] : entries) {
            query.bindValue(QStringLiteral(":model"), key.model);
            query.bindValue(QStringLiteral(":dims"), key.dimensions);
            query.bindValue(QStringLiteral(":hash"), QString::fromLatin1(hash));
            query.bindValue(QStringLiteral(":embedding"), dialect.vector(vector));
            query.bindValue(QStringLiteral(":at"), now);
            if (!query.exec())
                return Repository::queryError(query, QStringLiteral("embedding cache store"));
        }
        return {};
    });
}

Result<qint64> EmbeddingCache::size(Repository &repository)
{
    QSqlQuery query(repository.database());
    if (!query.exec(QStringLiteral("SELECT count(*) FROM %1").arg(repository.dialect().table(Table::EmbeddingCache)))
        || !query.next())
        return Repository::queryError(query, QStringLiteral("embedding cache size"));
    return query.value(0).toLongLong();
}
