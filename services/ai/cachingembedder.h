#pragma once

#include "ai/embedder.h"

#include <functional>

class DatabaseWorker;

// An Embedder in front of another that answers texts it has seen before from the workspace's embedding
// cache (EmbeddingCache, keyed by the inner embedder's model and dimensions and the text's hash) and
// asks the inner one only for the rest, each distinct text once. New vectors are stored before embed()
// returns. Cache reads and writes run on the database thread; a cache failure only costs the savings.
// Lives on the thread that created it, like the inner embedder.
class CachingEmbedder : public Embedder
{
public:
    struct Stats
    {
        qint64 hits = 0; // texts answered from the cache
        qint64 misses = 0; // texts sent to the inner embedder
        double hitRatio() const { return hits + misses > 0 ? double(hits) / double(hits + misses) : 0.0; }
    };
    // Called after every embed() with what it took from the cache, for the usage ledger.
    using CacheReport = std::function<void(const QString &model, const QString &usageTag, int hits, int misses)>;

    CachingEmbedder(Embedder *inner, DatabaseWorker *worker); // neither owned
    void setCacheReport(CacheReport report) { m_report = std::move(report); }

    QString modelName() const override;
    int dimensions() const override;
    bool isSemantic() const override;
    using Embedder::embed;
    QCoro::Task<Result<QList<Embedding>>> embed(QStringList texts, EmbedOptions options) override;

    Stats stats() const { return m_stats; }
    QString lastCacheError() const { return m_lastCacheError; } // empty while the cache works

private:
    Embedder *m_inner;
    DatabaseWorker *m_worker;
    CacheReport m_report;
    Stats m_stats;
    QString m_lastCacheError;
};
