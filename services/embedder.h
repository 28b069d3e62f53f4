#pragma once

#include "memory.h"
#include "result.h"

#include <QCoroTask>
#include <QStringList>

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
    virtual QCoro::Task<Result<QList<Embedding>>> embed(QStringList texts) = 0;
};
