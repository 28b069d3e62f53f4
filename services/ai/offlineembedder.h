#pragma once

#include "ai/embedder.h"

// Deterministic hashed word and word-bigram features into 1536 dimensions (see compute/hashembed.h).
// Lexical, not semantic. Thread-safe; embedOne() may be called from any thread.
class OfflineEmbedder : public Embedder
{
public:
    static QString model() { return QStringLiteral("sextant-offline-hash-v1"); }

    QString modelName() const override { return model(); }
    int dimensions() const override { return EmbeddingDimensions; }
    bool isSemantic() const override { return false; }
    using Embedder::embed;
    QCoro::Task<Result<QList<Embedding>>> embed(QStringList texts, EmbedOptions options) override;

    static Embedding embedOne(QStringView text);
    static void embedInto(QStringView text, float *out);
    static QList<Embedding> embedAll(const QStringList &texts);
};
