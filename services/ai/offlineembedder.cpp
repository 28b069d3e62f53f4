#include "ai/offlineembedder.h"

#include <QCoreApplication>

#include "compute/hashembed.h"

#include <QCoroFuture>
#include <QtConcurrent>

void OfflineEmbedder::embedInto(QStringView text, float *out)
{
    compute::hashEmbed(
        reinterpret_cast<const char16_t *>(text.utf16()), std::size_t(text.size()), out, EmbeddingDimensions);
}

Embedding OfflineEmbedder::embedOne(QStringView text)
{
    Embedding embedding(EmbeddingDimensions);
    embedInto(text, embedding.data());
    return embedding;
}

QList<Embedding> OfflineEmbedder::embedAll(const QStringList &texts)
{
    QList<Embedding> embeddings;
    embeddings.reserve(texts.size());
    for (const QString &text : texts)
        embeddings << embedOne(text);
    return embeddings;
}

QCoro::Task<Result<QList<Embedding>>> OfflineEmbedder::embed(QStringList texts, EmbedOptions options)
{
    if (options.cancel.isCancelled())
        co_return makeError(Error::Cancelled, QCoreApplication::translate("OfflineEmbedder", "Cancelled."));
    // Small batches are cheaper inline than a thread hop; large ones leave the caller's thread free.
    if (texts.size() <= 64)
        co_return Result<QList<Embedding>>(embedAll(texts));
    // GCC 12 mis-copies a coroutine parameter captured by a lambda inside the coroutine (it frees the
    // caller's data); pass the function and its argument instead of capturing.
    QList<Embedding> embeddings = co_await QtConcurrent::run(&OfflineEmbedder::embedAll, texts);
    co_return Result<QList<Embedding>>(std::move(embeddings));
}
