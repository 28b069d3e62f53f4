#pragma once

#include "core/canceltoken.h"
#include "core/memory.h"
#include "core/result.h"

#include <QCoroTask>
#include <QStringList>

// How one embed() call is run: who may call it off, and which task its tokens are booked to.
struct EmbedOptions
{
    CancelToken cancel;
    QString usageTag; // e.g. "Embed memories"; shown in the usage panel
};

// Turns texts into vectors. Implemented by the offline embedder (lexical, no network) and, later, by
// the OpenAI client. Results come back in input order.
class Embedder
{
public:
    virtual ~Embedder() = default;
    virtual QString modelName() const = 0;
    virtual int dimensions() const = 0;
    // False for the offline embedder: its similarity is shared words, not meaning. The UI says so.
    virtual bool isSemantic() const = 0;
    virtual QCoro::Task<Result<QList<Embedding>>> embed(QStringList texts, EmbedOptions options) = 0;
    QCoro::Task<Result<QList<Embedding>>> embed(QStringList texts) { return embed(std::move(texts), EmbedOptions()); }
};
