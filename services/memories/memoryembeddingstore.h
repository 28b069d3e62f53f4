#pragma once

#include "core/memory.h"
#include "core/result.h"

#include <QList>
#include <QUuid>

class Repository;

// Reads and writes memories' embeddings for the bulk embedding job, on the database thread.
class MemoryEmbeddingStore
{
public:
    struct Pending
    {
        QUuid id;
        QString text; // what gets embedded: memoryText()
    };
    struct Vector
    {
        QUuid id;
        Embedding embedding;
    };

    // The text of a memory that its embedding stands for: the user's prompt and the agent's reply.
    static QString memoryText(const QString &userPrompt, const QString &agentReply);

    // Memories with no embedding or one made by another model, in id order after `after` (null: from the
    // start), at most `limit`. Archived memories are included: restoring one must not need a re-embed.
    static Result<QList<Pending>> lacking(Repository &repository, const QString &model, const QUuid &after, int limit);
    static Result<qint64> countLacking(Repository &repository, const QString &model);
    // The texts of the given memories (unknown ids are skipped), for re-embedding a selection.
    static Result<QList<Pending>> texts(Repository &repository, const QList<QUuid> &ids);
    // Writes every vector with `model` in one transaction, or none. Vectors must be EmbeddingDimensions long
    // (the memories table's size); the memory's version is not bumped, as no operator-edited field changed.
    static Result<void> write(Repository &repository, const QString &model, const QList<Vector> &vectors);
};
