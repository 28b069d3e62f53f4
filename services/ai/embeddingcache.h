#pragma once

#include "core/memory.h"
#include "core/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

class Repository;

// The workspace's embedding cache (table embedding_cache): one vector per (model, dimensions, SHA-256 of
// the exact UTF-8 text), so embedding unchanged text again costs no request and no tokens. Runs on the
// repository's (database) thread like every other store.
class EmbeddingCache
{
public:
    struct Key
    {
        QString model;
        int dimensions = 0;
        bool operator==(const Key &) const = default;
    };

    static QByteArray textHash(const QString &text); // 64 hex digits

    // The cached vectors among `hashes` (absent ones are simply missing from the answer).
    static Result<QHash<QByteArray, Embedding>> lookup(
        Repository &repository, const Key &key, const QList<QByteArray> &hashes);
    // Stores vectors; an entry already cached is left as it is. Vectors must be key.dimensions long.
    static Result<void> store(
        Repository &repository, const Key &key, const QList<std::pair<QByteArray, Embedding>> &entries);
    static Result<qint64> size(Repository &repository);
};
