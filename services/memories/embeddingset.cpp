#include "memories/embeddingset.h"

Result<EmbeddingSet> makeEmbeddingSet(EmbeddingBlock block)
{
    const qsizetype rows = block.rows();
    if (block.dimensions <= 0 || block.values.size() != std::size_t(rows) * std::size_t(block.dimensions)) {
        return Error { Error::InvalidInput,
            EmbeddingSet::tr("The embeddings do not fit together: %1 rows of %2 dimensions need %3 values, found %4.")
                .arg(rows)
                .arg(block.dimensions)
                .arg(qint64(rows) * block.dimensions)
                .arg(qint64(block.values.size())) };
    }
    auto matrix = std::make_shared<compute::EmbeddingMatrix>(
        compute::EmbeddingMatrix::copyOf(block.values.data(), std::size_t(rows), block.dimensions));
    if (const std::size_t bad = matrix->firstNonFiniteRow(); bad < matrix->rows())
        return computeError(compute::Status::NonFiniteInput, bad, &block.ids);
    block.values = {}; // the matrix holds the only copy from here on
    EmbeddingSet set;
    set.zeroRows = qsizetype(matrix->normalizeRows());
    set.ids = std::move(block.ids);
    set.matrix = std::move(matrix);
    return set;
}

Error computeError(compute::Status status, std::size_t badRow, const QList<QUuid> *ids)
{
    switch (status) {
    case compute::Status::Ok:
        break;
    case compute::Status::Cancelled:
        return { Error::Cancelled, EmbeddingSet::tr("Cancelled.") };
    case compute::Status::EmptyInput:
        return { Error::InvalidInput, EmbeddingSet::tr("There is nothing to compute: no rows have embeddings.") };
    case compute::Status::NonFiniteInput: {
        const QString which = ids && qsizetype(badRow) < ids->size()
            ? ids->at(qsizetype(badRow)).toString(QUuid::WithoutBraces)
            : QString::number(qulonglong(badRow) + 1);
        return { Error::InvalidInput,
            EmbeddingSet::tr("The embedding of %1 holds a value that is not a number (NaN or infinity). Re-embed that row or "
               "exclude it.")
                .arg(which) };
    }
    case compute::Status::InvalidArgument:
        return { Error::InvalidInput, EmbeddingSet::tr("The parameters do not fit the data (for example more clusters than rows).") };
    }
    return { Error::Internal, EmbeddingSet::tr("The computation failed.") };
}
