#include "ai/cachingembedder.h"
#include "db/databaseworker.h"
#include "ai/embeddingcache.h"
#include "db/repository.h"

#include <QCoroFuture>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcEmbedCache, "sextant.openai.cache")

namespace {

// Plain functions, not lambdas inside the coroutine: GCC 12 mishandles lambdas created in coroutine
// frames (captured state is freed early).
QFuture<Result<QHash<QByteArray, Embedding>>> lookupLater(
    DatabaseWorker *worker, EmbeddingCache::Key key, QList<QByteArray> hashes)
{
    return worker->run([key = std::move(key), hashes = std::move(hashes)](Repository &repository) {
        return EmbeddingCache::lookup(repository, key, hashes);
    });
}

QFuture<Result<void>> storeLater(
    DatabaseWorker *worker, EmbeddingCache::Key key, QList<std::pair<QByteArray, Embedding>> entries)
{
    return worker->run([key = std::move(key), entries = std::move(entries)](Repository &repository) {
        return EmbeddingCache::store(repository, key, entries);
    });
}

} // namespace

CachingEmbedder::CachingEmbedder(Embedder *inner, DatabaseWorker *worker)
    : m_inner(inner)
    , m_worker(worker)
{
}

QString CachingEmbedder::modelName() const
{
    return m_inner->modelName();
}

int CachingEmbedder::dimensions() const
{
    return m_inner->dimensions();
}

bool CachingEmbedder::isSemantic() const
{
    return m_inner->isSemantic();
}

QCoro::Task<Result<QList<Embedding>>> CachingEmbedder::embed(QStringList texts, EmbedOptions options)
{
    const EmbeddingCache::Key key { m_inner->modelName(), m_inner->dimensions() };
    QList<QByteArray> hashes;
    hashes.reserve(texts.size());
    for (const QString &text : std::as_const(texts))
        hashes << EmbeddingCache::textHash(text);

    Result<QHash<QByteArray, Embedding>> cached = co_await lookupLater(m_worker, key, hashes);
    if (!cached) {
        m_lastCacheError = cached.errorMessage();
        qCWarning(lcEmbedCache) << "cache lookup failed:" << m_lastCacheError;
        cached = QHash<QByteArray, Embedding>();
    }

    // Each distinct missing text once.
    QStringList missingTexts;
    QList<QByteArray> missingHashes;
    QSet<QByteArray> asked;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (cached->contains(hashes[i]) || asked.contains(hashes[i]))
            continue;
        asked.insert(hashes[i]);
        missingTexts << texts[i];
        missingHashes << hashes[i];
    }
    const int hits = int(texts.size() - missingTexts.size());
    const int misses = int(missingTexts.size());

    QHash<QByteArray, Embedding> vectors = std::move(*cached);
    if (!missingTexts.isEmpty()) {
        Result<QList<Embedding>> fresh = co_await m_inner->embed(missingTexts, options);
        if (!fresh)
            co_return fresh.error();
        QList<std::pair<QByteArray, Embedding>> entries;
        entries.reserve(fresh->size());
        for (qsizetype i = 0; i < fresh->size(); ++i) {
            vectors.insert(missingHashes[i], fresh->at(i));
            entries.append({ missingHashes[i], fresh->at(i) });
        }
        Result<void> stored = co_await storeLater(m_worker, key, entries);
        if (!stored) {
            m_lastCacheError = stored.errorMessage();
            qCWarning(lcEmbedCache) << "cache store failed:" << m_lastCacheError;
        }
    }

    m_stats.hits += hits;
    m_stats.misses += misses;
    if (m_report)
        m_report(key.model, options.usageTag, hits, misses);

    QList<Embedding> out;
    out.reserve(texts.size());
    for (const QByteArray &hash : std::as_const(hashes))
        out << vectors.value(hash);
    co_return out;
}
