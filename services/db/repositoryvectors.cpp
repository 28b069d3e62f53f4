// Repository: bulk vector loading. PostgreSQL streams `COPY … TO STDOUT (FORMAT binary)` through
// libpq on the connection QPSQL already holds (no text parsing: uuid and float4 arrive as raw bytes);
// SQLite reads its float32 BLOBs directly.
#include "db/repository.h"

#include "db/copyvectors.h"
#include "db/libpqconnection.h"

#include <QSqlDriver>
#include <QSqlQuery>

#include <libpq-fe.h>

namespace {

// Asks the server to stop the statement running on `connection` (PQcancel, on its own socket). libpq must
// still read the COPY to its end, but the server stops sending at once, so what is left is a few buffers.
void stopServer(PGconn *connection)
{
    PGcancel *cancel = PQgetCancel(connection);
    if (!cancel)
        return;
    char error[256] = {};
    if (!PQcancel(cancel, error, int(sizeof error)))
        qWarning("Could not cancel the vector COPY: %s", error);
    PQfreeCancel(cancel);
}

} // namespace

QString Repository::embeddingQuery(VectorSource source) const
{
    if (source == VectorSource::Memories)
        return QLatin1String("SELECT id, embedding FROM ") + m_dialect.table(Table::Memories)
            + QLatin1String(" WHERE embedding IS NOT NULL AND archived_at IS NULL");
    const QString type = source == VectorSource::Jobs ? QStringLiteral("job") : QStringLiteral("user");
    return QLatin1String("SELECT entity_id, vector FROM ") + m_dialect.table(Table::Embeddings)
        + QLatin1String(" WHERE entity_type = '") + type + QLatin1Char('\'');
}

Result<EmbeddingBlock> Repository::loadEmbeddings(VectorSource source, const LoadProgress &progress)
{
    const QString select = embeddingQuery(source);
    QSqlQuery count(database());
    if (!count.exec(QLatin1String("SELECT count(*) FROM (") + select + QLatin1String(") AS s")) || !count.next())
        return queryError(count, tr("Counting vectors"));
    const qint64 total = count.value(0).toLongLong();
    if (m_dialect.backend() == SqlDialect::Postgres)
        return copyEmbeddings(select, total, progress);
    return selectEmbeddings(select, total, progress);
}

Result<EmbeddingBlock> Repository::copyEmbeddings(const QString &select, qint64 total, const LoadProgress &progress)
{
    PGconn *connection = libpqConnection(database());
    if (!connection)
        return makeError(Error::Database, tr("The database connection is not open."));
    EmbeddingBlock block;
    const int dims = block.dimensions;
    block.ids.reserve(total);
    block.values.reserve(std::size_t(total) * dims);
    const QByteArray copy = (QLatin1String("COPY (") + select + QLatin1String(") TO STDOUT (FORMAT binary)")).toUtf8();
    PGresult *started = PQexec(connection, copy.constData());
    const bool copying = PQresultStatus(started) == PGRES_COPY_OUT;
    const QString startError = QString::fromUtf8(PQresultErrorMessage(started)).trimmed();
    PQclear(started);
    // libpq's own words for a lost server ("server closed the connection unexpectedly …") would hide what to do.
    if (!copying && PQstatus(connection) == CONNECTION_BAD)
        return connectionLostError(tr("Loading vectors"));
    if (!copying)
        return makeError(Error::Database, tr("Loading vectors failed: %1").arg(startError));

    bool cancelled = false;
    bool malformed = false;
    CopyVectorReader reader(m_dialect.nativeVectors(), dims);
    char *buffer = nullptr;
    int length = 0;
    std::vector<float> row(dims);
    QUuid id;
    while ((length = PQgetCopyData(connection, &buffer, 0)) > 0) {
        if (!cancelled && !malformed) {
            const CopyVectorReader::Row read = reader.read(QByteArrayView(buffer, length), id, row.data());
            if (read == CopyVectorReader::Row::Malformed)
                malformed = true;
            else if (read == CopyVectorReader::Row::Vector) {
                block.ids << id;
                block.values.insert(block.values.end(), row.begin(), row.end());
                if (progress && block.ids.size() % 1024 == 0 && !progress(block.ids.size(), total)) {
                    cancelled = true;
                    stopServer(connection); // instead of reading gigabytes to the end
                }
            }
        }
        PQfreemem(buffer);
    }
    // -1: done, then the COPY's own result; -2: the connection failed.
    QString failure = length == -2 && !cancelled ? QString::fromUtf8(PQerrorMessage(connection)).trimmed() : QString();
    while (PGresult *result = PQgetResult(connection)) {
        // A cancelled COPY ends with the server's "canceling statement due to user request": expected.
        if (PQresultStatus(result) != PGRES_COMMAND_OK && failure.isEmpty() && !cancelled)
            failure = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
        PQclear(result);
    }
    if (!failure.isEmpty() && PQstatus(connection) == CONNECTION_BAD)
        return connectionLostError(tr("Loading vectors"));
    if (!failure.isEmpty())
        return makeError(Error::Database, tr("Loading vectors failed: %1").arg(failure));
    if (malformed)
        return makeError(Error::Database, tr("Loading vectors failed: the server sent rows Sextant cannot read."));
    if (cancelled)
        return makeError(Error::Cancelled, tr("Loading vectors was cancelled."));
    if (progress)
        progress(block.ids.size(), total);
    return block;
}

Result<EmbeddingBlock> Repository::selectEmbeddings(const QString &select, qint64 total, const LoadProgress &progress)
{
    EmbeddingBlock block;
    const int dims = block.dimensions;
    block.ids.reserve(total);
    block.values.reserve(std::size_t(total) * dims);
    QSqlQuery query(database());
    query.setForwardOnly(true);
    if (!query.exec(select))
        return queryError(query, tr("Loading vectors"));
    while (query.next()) {
        const QByteArray bytes = query.value(1).toByteArray();
        if (bytes.size() != qsizetype(dims * sizeof(float)))
            continue;
        block.ids << m_dialect.toUuid(query.value(0));
        const auto *floats = reinterpret_cast<const float *>(bytes.constData());
        block.values.insert(block.values.end(), floats, floats + dims);
        if (progress && block.ids.size() % 1024 == 0 && !progress(block.ids.size(), total))
            return makeError(Error::Cancelled, tr("Loading vectors was cancelled."));
    }
    if (progress)
        progress(block.ids.size(), total);
    return block;
}
