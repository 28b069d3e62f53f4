#pragma once

#include "compute/embeddingmatrix.h"
#include "compute/status.h"
#include "db/repository.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QList>
#include <QUuid>

#include <memory>

// The vectors of one source, ready for the compute core: unit rows in one aligned matrix, their ids
// beside it in the same order. The matrix is shared read-only, so tasks on the thread pool can hold
// it by value while the UI keeps the ids.
struct EmbeddingSet
{
    Q_DECLARE_TR_FUNCTIONS(EmbeddingSet)

public:
    QList<QUuid> ids;
    std::shared_ptr<const compute::EmbeddingMatrix> matrix;
    qsizetype zeroRows = 0; // rows that were all zeros: they stay zero and match nothing

    qsizetype rows() const { return ids.size(); }
};

// Checks and converts a block loaded from a repository: the value count must match ids × dimensions
// and every value be finite (the error names the first bad row's id). Rows are L2-normalised.
Result<EmbeddingSet> makeEmbeddingSet(EmbeddingBlock block);

// A sentence for a compute function's failure; `ids` (optional) lets it name the offending row.
Error computeError(compute::Status status, std::size_t badRow = 0, const QList<QUuid> *ids = nullptr);
